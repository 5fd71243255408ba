import { isFinalJobState, type JobState, type JobWait } from '../../src-preload/contract/domain/jobs';
import { OUTPUT_SIZE } from '../../src-preload/contract/domain/generation';
import { AppFailure } from '../../src-preload/contract/result';
import { CoalescedRun } from '../common/coalesced';
import type { CreateTaskResult } from '../dashscope/client';
import { SKETCH_MODEL } from '../dashscope/endpoints';
import { DashScopeError } from '../dashscope/errors';
import type { CurrentClient, TaskIdentity } from '../secrets/client-pool';
import { uploadBoundElsewhere, type SketchUploader } from '../storage/uploader';
import { UploadRecordsWriteError } from '../storage/upload-cache';
import type { JobStore } from './job-store';
import { StorageHalt, type JobTable } from './job-table';
import type { NetworkMonitor } from './network';
import { backoffMs, classify, RateGate, type BackoffPolicy } from './policy';
import { uploadRef, type JobRecord, type JobUpload } from './record';
import type { SettleTiming } from './settle';
import { ownerKey, type TaskLedger } from './task-ledger';

type Current = Pick<CurrentClient, 'client' | 'identity'>;

export interface SubmitLaneDeps {
  readonly table: JobTable;
  readonly now: () => number;
  readonly network: NetworkMonitor;
  readonly dashscope: { current(): Promise<Current> };
  readonly uploader: Pick<SketchUploader, 'upload' | 'release'>;
  readonly store: Pick<JobStore, 'readSketch'>;
  /** The URL DashScope fetches a kept upload from, made as the create goes out (an S3 GET is signed then). */
  readonly sketchUrl: (upload: JobUpload) => Promise<string>;
  readonly taskLedger: Pick<TaskLedger, 'openSend'>;
  readonly backoff: BackoffPolicy;
  readonly settleTiming: SettleTiming;
  /** Re-upload when the sketch URL lapses sooner than this. */
  readonly uploadMarginMs?: number | undefined;
  /** While no API key is saved, look again this often (real time). */
  readonly noKeyRecheckMs?: number | undefined;
  readonly log?: ((message: string, error?: unknown) => void) | undefined;
  /** Shutting down: nothing new starts. */
  readonly stopped: () => boolean;
  /** The user paused the queue. */
  readonly paused: () => boolean;
  /** A submitting job that does not hold the queue now (the settle side decides). */
  readonly parked: (j: JobRecord) => boolean;
  /** A job waiting for the user's choice among candidates (it keeps showing that wait). */
  readonly choosing: (id: string) => boolean;
  /** One look for the task a lost create may have made (the job is `submitting`). */
  readonly settleStep: (id: string, current: Current, signal: AbortSignal) => Promise<boolean>;
  /** A create's answer was lost: its first look is due at `at`. */
  readonly lookAt: (id: string, at: number) => void;
  /** The create made a task (the record says `submitted`): the task side takes it from here. */
  readonly created: (id: string, c: CreateTaskResult, current: Current) => void;
  /** Ends a job (final state, upload released). */
  readonly finish: (id: string, state: JobState, extra: Partial<JobRecord>) => Promise<void>;
  /** Runs `kick` at `at` (our clock). */
  readonly wakeAt: (at: number) => void;
}

/**
 * The submit lane: uploads the sketch and sends the create for the head of the queue, one step
 * at a time, with the account's limits (one unfinished task, at most 2 creates per second), the
 * waits every queued job shares (paused, offline, no key, backoff) and a create of unknown
 * outcome left `submitting` for the settle side. Beside it, the task lane follows created tasks.
 */
export class SubmitLane {
  private readonly gate = new RateGate(2, 1000);
  private head: { id: string; ctl: AbortController; done: Promise<void> } | null = null;
  private readonly pump = new CoalescedRun({
    step: () => this.pumpOnce(),
    stopped: () => this.deps.stopped(),
    onError: (e) => this.deps.log?.('job queue step failed', e),
  });
  private createInFlight = false;
  private noKeyTimer: NodeJS.Timeout | null = null;

  constructor(private readonly deps: SubmitLaneDeps) {}

  private get table(): JobTable {
    return this.deps.table;
  }

  private now(): number {
    return this.deps.now();
  }

  /**
   * Stops the head's step when it is this job's (a cancel) and waits for it to end; false when
   * the head is another job or none.
   */
  async stopHead(id: string): Promise<boolean> {
    if (this.head?.id !== id) return false;
    this.head.ctl.abort(new Error('canceled'));
    await this.head.done;
    return true;
  }

  /** Aborts the head's step (each record already holds its last durable state); resolves when it ended. */
  stop(): Promise<unknown> {
    if (this.noKeyTimer) clearTimeout(this.noKeyTimer);
    this.noKeyTimer = null;
    this.head?.ctl.abort(new Error('shutdown'));
    return Promise.resolve(this.head?.done);
  }

  /** Steps the head now, or right after the step running (a moved job steps again at once). */
  kick(): void {
    this.pump.request();
  }

  /** The same wait on every job still waiting to be submitted (they wait for the same thing). */
  waitAll(wait: JobWait | null, except?: string): void {
    // A job waiting for the user's choice keeps showing it.
    for (const j of this.table.local())
      if (j.id !== except && !this.deps.choosing(j.id)) this.table.setWait(j.id, wait);
  }

  /** One step for the head job; true when it moved and the next step can follow at once. */
  private async pumpOnce(): Promise<boolean> {
    const head = this.table.nextHead((j) => this.deps.parked(j));
    if (!head) return false;
    if (this.deps.paused() || this.table.storageError) {
      this.waitAll({ reason: 'paused' });
      return false;
    }
    if (head.wait?.reason === 'backoff' && head.wait.until > this.now()) {
      this.waitAll(null, head.id);
      this.deps.wakeAt(head.wait.until);
      return false;
    }
    if (!(await this.deps.network.ensure())) {
      this.waitAll({ reason: 'offline' });
      return false;
    }
    let current: Pick<CurrentClient, 'client' | 'identity'>;
    try {
      current = await this.deps.dashscope.current();
    } catch (e) {
      if (classify(e).kind === 'noApiKey') {
        this.waitAll({ reason: 'noApiKey' });
        this.recheckKeyLater();
        return false;
      }
      // The keychain could not be read (locked, its daemon restarting): nothing was sent; look again after a backoff.
      await this.backOffHead(head, e instanceof AppFailure || e instanceof DashScopeError ? e.code : 'internal');
      return false;
    }
    const ctl = new AbortController();
    let moved = false;
    const done = (async () => {
      try {
        moved = await this.advance(head.id, current, ctl.signal);
      } catch (e) {
        await this.onStepError(head.id, e);
      }
    })();
    this.head = { id: head.id, ctl, done };
    try {
      await done;
    } finally {
      this.head = null;
    }
    return moved;
  }

  private async backOffHead(head: JobRecord, code: string): Promise<void> {
    const attempt = head.attempts + 1;
    const until = this.now() + backoffMs(this.deps.backoff, attempt);
    await this.table
      .update(head.id, (r) => ({ ...r, attempts: attempt, wait: { reason: 'backoff', until, code, attempt } }))
      .catch(() => undefined);
    this.deps.wakeAt(until);
  }

  private recheckKeyLater(): void {
    if (this.noKeyTimer || this.deps.stopped()) return;
    this.noKeyTimer = setTimeout(() => {
      this.noKeyTimer = null;
      this.kick();
    }, this.deps.noKeyRecheckMs ?? 3000);
    this.noKeyTimer.unref?.();
  }

  /**
   * Whether the sketch URL lapses too soon for the create still to come. The margin shrinks to
   * half a link's lifetime for storage whose links live shorter than it, so a fresh upload is
   * never stale at once (no upload loop).
   */
  private uploadStale(j: JobRecord, current: Pick<TaskIdentity, 'baseUrl' | 'keyId'>): boolean {
    if (!j.upload) return true;
    // An oss:// upload made under another key (maybe another account) would fail the create with InvalidURL.
    if (uploadBoundElsewhere(uploadRef(j.upload), current)) return true;
    const { expiresAt, uploadedAt } = j.upload;
    if (expiresAt === null) return false;
    const margin = this.deps.uploadMarginMs ?? 15 * 60_000;
    const lifetime = uploadedAt === undefined ? Infinity : expiresAt - uploadedAt;
    return expiresAt - this.now() < Math.min(margin, lifetime / 2);
  }

  private async advance(
    id: string,
    current: Pick<CurrentClient, 'client' | 'identity'>,
    signal: AbortSignal,
  ): Promise<boolean> {
    const { client } = current;
    const job = this.table.must(id);
    if (job.state === 'submitting') return this.deps.settleStep(id, current, signal);
    if (job.cancelRequested) {
      // A cancel that came while the create was on the wire, which then proved nothing was made.
      await this.deps.finish(id, 'canceled', {});
      return true;
    }
    if (job.state === 'queued' || job.state === 'uploading' || this.uploadStale(job, current.identity)) {
      if (job.state !== 'uploading') await this.table.update(id, (r) => ({ ...r, state: 'uploading', wait: null }));
      const bytes = await this.deps.store.readSketch(id);
      const up = await this.deps.uploader.upload(bytes, { signal });
      const old = job.upload;
      await this.table.update(
        id,
        (r) => ({
          ...r,
          state: 'uploaded',
          attempts: 0,
          wait: null,
          upload: {
            url: up.url,
            expiresAt: up.expiresAt,
            uploadedAt: this.now(),
            headers: { ...up.headers },
            ref: { ...up.ref },
            released: false,
          },
        }),
        { keepOnFail: true },
      );
      if (old && !old.released)
        await this.deps.uploader.release(uploadRef(old)).catch((e: unknown) => this.deps.log?.('release failed', e));
      return true;
    }
    if (this.createInFlight || this.table.hasLiveTask()) {
      this.waitAll({ reason: 'taskInFlight' });
      return false;
    }
    const at = this.gate.nextAt(this.now());
    if (at > this.now()) {
      this.waitAll({ reason: 'rateLimit', until: at });
      this.deps.wakeAt(at);
      return false;
    }
    const upload = job.upload;
    if (!upload) return true;
    // Before `submitting`: a refusal here is a storage failure, not a create of unknown outcome.
    const sketchImageUrl = await this.deps.sketchUrl(upload);
    await this.table.update(id, (r) => ({
      ...r,
      state: 'submitting',
      submittingAt: this.now(),
      identity: current.identity,
      wait: null,
    }));
    this.waitAll(null);
    this.gate.take(this.now());
    this.createInFlight = true;
    let created;
    try {
      const p = job.params;
      created = await client.createTask(
        {
          prompt: p.prompt,
          sketchImageUrl,
          n: p.n as 1 | 2 | 3 | 4,
          size: OUTPUT_SIZE,
          sketchWeight: p.sketchWeight,
          style: p.style,
          sketchExtraction: p.sketchExtraction,
          sketchColor: p.sketchColor,
        },
        { signal },
      );
    } catch (e) {
      // Proven not created: back to `uploaded`, so the next try need not settle.
      if (!(e instanceof DashScopeError) || e.outcome !== 'unknown') {
        if (e instanceof DashScopeError)
          await this.table.update(id, (r) => ({ ...r, state: 'uploaded', submittingAt: null })).catch(() => undefined);
        throw e;
      }
      // Unknown, an abort on the wire included: the job stays `submitting` (on disk since before
      // the send) and is settled by looks; the send's server time is kept for them and the sweep.
      const at = this.table.must(id).submittingAt ?? this.now();
      const serverAt = client.serverClock.earliest(at);
      await this.deps.taskLedger
        .openSend(id, {
          at,
          serverAt: serverAt === undefined ? null : Math.round(serverAt),
          model: SKETCH_MODEL,
          owner: ownerKey(current.identity),
        })
        .catch((err: unknown) => this.deps.log?.('task ledger write failed', err));
      if (e.code === 'Client.Aborted') throw e;
      this.deps.lookAt(id, at + (this.deps.settleTiming.looksMs[0] ?? 0));
      return true;
    } finally {
      this.createInFlight = false;
    }
    const c = created;
    await this.table.update(
      id,
      (r) => ({
        ...r,
        state: 'submitted',
        taskId: c.taskId,
        requestId: c.requestId ?? null,
        submittedAt: Math.round(c.receivedAt),
        created: { sentAt: Math.round(c.sentAt), receivedAt: Math.round(c.receivedAt) },
        attempts: 0,
        wait: null,
        error: null,
      }),
      { keepOnFail: true },
    );
    this.deps.created(id, c, current);
    return true;
  }

  private async onStepError(id: string, e: unknown): Promise<void> {
    if (e instanceof StorageHalt || this.deps.stopped()) return;
    if (e instanceof UploadRecordsWriteError) {
      // uploads.json could not be written: pause like a failed record write; resuming uploads again.
      this.table.halt(e.cause);
      return;
    }
    const job = this.table.get(id);
    if (!job || isFinalJobState(job.state)) return;
    const v = classify(e);
    switch (v.kind) {
      case 'aborted':
        return;
      case 'noApiKey':
        this.waitAll({ reason: 'noApiKey' });
        this.recheckKeyLater();
        return;
      case 'retry': {
        if (v.network && !(await this.deps.network.check()).online) {
          this.waitAll({ reason: 'offline' });
          return;
        }
        const attempt = job.attempts + 1;
        const until = this.now() + backoffMs(this.deps.backoff, attempt, v.retryAfterMs);
        await this.table
          .update(id, (r) => ({ ...r, attempts: attempt, wait: { reason: 'backoff', until, code: v.code, attempt } }))
          .catch(() => undefined);
        this.deps.wakeAt(until);
        return;
      }
      case 'fail':
        await this.deps.finish(id, 'failed', { error: v.error }).catch(() => undefined);
        return;
    }
  }
}
