import { randomBytes } from 'node:crypto';
import {
  ENQUEUE_MAX_VARIANTS,
  isFinalJobState,
  TASK_QUERY_WINDOW_MS,
  type JobsSnapshot,
  type JobState,
  type JobView,
  type JobWait,
  type UsageQuota,
  type UsageSummary,
} from '../../src-preload/contract/domain/jobs';
import { OUTPUT_SIZE } from '../../src-preload/contract/domain/generation';
import type { GallerySink } from '../../src-preload/contract/domain/gallery';
import type { EnqueueRequest } from '../../src-preload/contract/jobs';
import { AppFailure } from '../../src-preload/contract/result';
import type { Clock } from '../common/clock';
import type { FetchLike } from '../common/fetch';
import { ioErrorText } from '../common/io-error';
import type { LifecycleParticipant } from '../common/lifecycle';
import type { DashScopeClient } from '../dashscope/client';
import { DashScopeError } from '../dashscope/errors';
import { AdaptivePoller, type AdaptivePollerOptions } from '../dashscope/poller';
import { RunTimeModel } from '../dashscope/runtime-model';
import type { FinalTaskSnapshot } from '../dashscope/task';
import type { SketchUploader } from '../storage/uploader';
import type { UploadResult } from '../storage/types';
import { sha256Hex, type JobStore } from './job-store';
import type { NetworkMonitor } from './network';
import { backoffMs, classify, DEFAULT_BACKOFF, RateGate, type BackoffPolicy } from './policy';
import { JobTable, LOCAL_STATES, StorageHalt, TASK_STATES } from './job-table';
import { newJobRecord, requeued, toJobView, type JobRecord, type JobUpload } from './record';
import { collectResults } from './handover';
import { TransientDownloadError } from './results';
import { decodeSketch } from './sketch-input';
import type { UsageLedger } from './usage-ledger';

export interface JobQueueDeps {
  readonly store: JobStore;
  readonly ledger: UsageLedger;
  readonly clock: Clock;
  /** The one long-lived client for the settings of the moment (services.dashscope). */
  readonly dashscope: { current(): Promise<{ client: DashScopeClient }> };
  readonly uploader: Pick<SketchUploader, 'upload' | 'retain' | 'release'>;
  readonly gallery: GallerySink;
  readonly network: NetworkMonitor;
  /** For result downloads. */
  readonly fetch: FetchLike;
  /** The snapshot after a change, at most every `emitIntervalMs`. */
  readonly onSnapshot: (snapshot: JobsSnapshot) => void;
  readonly onUsage: (summary: UsageSummary) => void;
  readonly backoff?: Partial<BackoffPolicy>;
  readonly poller?: Pick<AdaptivePollerOptions, 'firstPollDelayMs' | 'errorDelayMs' | 'plan'>;
  readonly runTimeModel?: RunTimeModel;
  /** Re-upload when the sketch URL lapses sooner than this. */
  readonly uploadMarginMs?: number;
  readonly emitIntervalMs?: number;
  /** While no API key is saved, look again this often (real time). */
  readonly noKeyRecheckMs?: number;
  readonly log?: (message: string, error?: unknown) => void;
}


/** The record keeps the uploader's reference as it was handed out. */
const uploadRef = (u: JobUpload) => u.ref as UploadResult['ref'];

const roundOrNull = (ms: number | undefined) => (ms === undefined ? null : Math.round(ms));

const newId = (prefix: string, now: number) => `${prefix}-${now.toString(36)}-${randomBytes(5).toString('hex')}`;

interface Worker {
  readonly ctl: AbortController;
  readonly done: Promise<void>;
}

/**
 * The outbox. One durable record per job, written before each network step; one unfinished
 * DashScope task at a time (the account's limit), at most 2 creates per second, backoff on
 * retryable errors, offline waits, resume after a restart without paying twice.
 */
export class JobQueue implements LifecycleParticipant {
  readonly name = 'jobs';
  private paused = false;
  private readonly table: JobTable;
  private readonly workers = new Map<string, Worker>();
  private readonly timers = new Set<AbortController>();
  private readonly gate = new RateGate(2, 1000);
  private readonly backoff: BackoffPolicy;
  private readonly model: RunTimeModel;
  private pollers = new WeakMap<DashScopeClient, AdaptivePoller>();
  private head: { id: string; ctl: AbortController; done: Promise<void> } | null = null;
  private pumping = false;
  private again = false;
  private createInFlight = false;
  private stopped = false;
  private startedLoad = false;
  private revision = 0;
  private emitTimer: NodeJS.Timeout | null = null;
  private noKeyTimer: NodeJS.Timeout | null = null;
  private readonly offNetwork: () => void;

  constructor(private readonly deps: JobQueueDeps) {
    this.backoff = { ...DEFAULT_BACKOFF, ...deps.backoff };
    this.model = deps.runTimeModel ?? new RunTimeModel();
    this.table = new JobTable({ store: deps.store, now: () => this.now(), changed: () => this.changed(), log: deps.log });
    this.offNetwork = deps.network.onChange((s) => {
      this.changed();
      if (s.online) this.kick();
    });
  }

  /** Whole ms: records hold integers (a simulated clock can stand between them). */
  private now(): number {
    return Math.round(this.deps.clock.now());
  }

  // ── lifecycle ──────────────────────────────────────────────────────────────────────────

  /** Loads every record and resumes each job from its last durable state. */
  async start(): Promise<void> {
    if (this.startedLoad) return;
    this.startedLoad = true;
    const records = await this.table.load();
    // A pause outlives a restart: the user stopped the queue, the app does not start it again.
    this.paused = await this.deps.store.loadPaused();
    // The run-time model learns again from the tasks the records remember (oldest first).
    const runs = records
      .filter((r) => r.state === 'done' && r.result?.scheduledAt != null && r.result.endedAt != null)
      .sort((a, b) => (a.result!.endedAt ?? 0) - (b.result!.endedAt ?? 0));
    for (const r of runs) this.model.observe(r.result!.endedAt! - r.result!.scheduledAt!);
    // Every unfinished job's upload is held again before any is released.
    for (const r of this.table.all()) {
      if (r.upload && !r.upload.released && !isFinalJobState(r.state)) await this.deps.uploader.retain(uploadRef(r.upload));
    }
    for (const r of this.table.all()) {
      if (isFinalJobState(r.state)) {
        if (r.upload && !r.upload.released) void this.releaseUpload(r.id);
      } else if (TASK_STATES.includes(r.state)) {
        this.startWatch(r.id);
      } else if (r.state === 'downloading') {
        this.startDownload(r.id);
      }
    }
    this.changed();
    this.kick();
  }

  /** Stops intake, aborts the network steps (each record already holds its last durable state) and waits for writes. */
  async shutdown(signal?: AbortSignal): Promise<void> {
    this.stopped = true;
    this.offNetwork();
    this.deps.network.stop();
    for (const t of this.timers) t.abort();
    if (this.noKeyTimer) clearTimeout(this.noKeyTimer);
    this.head?.ctl.abort(new Error('shutdown'));
    for (const w of this.workers.values()) w.ctl.abort(new Error('shutdown'));
    const settle = Promise.allSettled([this.head?.done, ...[...this.workers.values()].map((w) => w.done)]);
    const aborted = new Promise<void>((resolve) => signal?.addEventListener('abort', () => resolve(), { once: true }));
    await Promise.race([settle, aborted]);
    await this.table.idle();
    await this.deps.store.idle();
    if (this.emitTimer) clearTimeout(this.emitTimer);
    this.emitTimer = null;
  }

  // ── the IPC side ───────────────────────────────────────────────────────────────────────

  async enqueue(req: EnqueueRequest): Promise<{ ids: string[]; setId: string | null }> {
    if (this.stopped) throw new AppFailure('jobs.wrongState', 'The app is shutting down.');
    if (req.variants.length > ENQUEUE_MAX_VARIANTS) throw new AppFailure('jobs.wrongState', 'Too many variants.');
    const { bytes } = decodeSketch(req.sketch);
    const now = this.now();
    const setId = req.variants.length > 1 ? newId('s', now) : null;
    const { first, last } = this.table.orderBounds();
    const base = req.front ? first - req.variants.length - 1 : last + 1;
    const sha = sha256Hex(bytes);
    const ids: string[] = [];
    const saved: JobRecord[] = [];
    for (const [i, params] of req.variants.entries()) {
      const record = newJobRecord({
        id: newId('j', now),
        params,
        setId,
        draftId: req.draftId,
        thumbnail: req.thumbnail,
        sketchSha256: sha,
        hasScene: req.scene !== null,
        order: base + i,
        now,
      });
      try {
        await this.deps.store.create(record, bytes, req.scene);
      } catch (e) {
        // All or nothing: the variants saved before this one go too, so the answer "not queued" is true.
        for (const done of [...ids, record.id]) await this.deps.store.remove(done).catch(() => undefined);
        this.table.halt(e);
        throw new AppFailure('jobs.writeFailed', `The job could not be saved: ${ioErrorText(e)}`);
      }
      saved.push(record);
      ids.push(record.id);
    }
    // Into the queue together, once every variant is on disk.
    for (const r of saved) this.table.add(r);
    this.kick();
    return { ids, setId };
  }

  snapshot(): JobsSnapshot {
    const all = this.table.all();
    const active = all.filter((j) => !isFinalJobState(j.state)).sort((a, b) => a.order - b.order || a.createdAt - b.createdAt);
    const done = all.filter((j) => isFinalJobState(j.state)).sort((a, b) => (b.endedAt ?? b.updatedAt) - (a.endedAt ?? a.updatedAt));
    return {
      revision: this.revision,
      jobs: [...active, ...done].map((j) => toJobView(j, this.etaOf(j))),
      paused: this.paused || this.table.storageError !== null,
      network: this.deps.network.state,
      problems: [...this.table.problems],
      storageError: this.table.storageError,
    };
  }

  view(id: string): JobView | null {
    const j = this.table.get(id);
    return j ? toJobView(j, this.etaOf(j)) : null;
  }

  async cancel(id: string): Promise<{ outcome: 'canceled' | 'runningNotCancelable' | 'alreadyFinal' }> {
    const job = this.table.must(id);
    if (isFinalJobState(job.state)) return { outcome: 'alreadyFinal' };
    if (job.state === 'submitting' && this.head?.id === id) {
      // The create is on the wire: let it land (or fail), then cancel what it made.
      await this.head.done;
      return this.cancel(id);
    }
    if (LOCAL_STATES.includes(job.state)) {
      if (this.head?.id === id) {
        this.head.ctl.abort(new Error('canceled'));
        await this.head.done;
        const again = this.table.must(id);
        if (!LOCAL_STATES.includes(again.state) || again.state === 'submitting') return this.cancel(id);
      }
      await this.finish(id, 'canceled', {});
      return { outcome: 'canceled' };
    }
    if (TASK_STATES.includes(job.state) && job.taskId) {
      const { client } = await this.deps.dashscope.current();
      try {
        await client.cancelTask(job.taskId);
      } catch (e) {
        if (e instanceof DashScopeError && e.code === 'UnsupportedOperation') {
          await this.table.update(id, (r) => ({ ...r, cancelRequested: true }));
          return { outcome: 'runningNotCancelable' };
        }
        throw e instanceof DashScopeError ? new AppFailure(e.code, e.message) : e;
      }
      const w = this.workers.get(id);
      w?.ctl.abort(new Error('canceled'));
      await w?.done;
      await this.finish(id, 'canceled', {});
      return { outcome: 'canceled' };
    }
    await this.table.update(id, (r) => ({ ...r, cancelRequested: true }));
    return { outcome: 'runningNotCancelable' };
  }

  async retry(id: string): Promise<null> {
    const job = this.table.must(id);
    if (job.state !== 'failed' && job.state !== 'canceled' && job.state !== 'expired') {
      throw new AppFailure('jobs.wrongState', `A ${job.state} job cannot be retried.`, { state: job.state });
    }
    const order = this.table.orderBounds().last + 1;
    await this.table.update(id, (r) => requeued(r, order));
    this.kick();
    return null;
  }

  async moveToFront(id: string): Promise<null> {
    const job = this.table.must(id);
    if (isFinalJobState(job.state)) throw new AppFailure('jobs.wrongState', 'A finished job has no place in the queue.', { state: job.state });
    const { first } = this.table.orderBounds();
    await this.table.update(id, (r) => ({ ...r, order: first - 1 }));
    this.kick();
    return null;
  }

  async setPaused(paused: boolean): Promise<null> {
    this.paused = paused;
    if (!paused && this.table.storageError) {
      // Resuming after a failed write: the unsaved records go first; if that still fails, stay paused.
      if (!(await this.table.resumeWrites())) return null;
      for (const r of this.table.all()) {
        if (TASK_STATES.includes(r.state)) this.startWatch(r.id);
        if (r.state === 'downloading') this.startDownload(r.id);
      }
    }
    if (paused !== (await this.deps.store.loadPaused())) {
      await this.deps.store.savePaused(paused).catch((e: unknown) => this.table.halt(e));
    }
    this.changed();
    if (!paused) this.kick();
    return null;
  }

  async clearFinished(): Promise<{ removed: number }> {
    let removed = 0;
    for (const r of this.table.all()) {
      if (!isFinalJobState(r.state)) continue;
      await this.table.remove(r.id);
      removed++;
    }
    this.changed();
    return { removed };
  }

  dismissProblems(): null {
    this.table.problems = [];
    this.changed();
    return null;
  }

  usage(): Promise<UsageSummary> {
    return this.deps.ledger.summary();
  }

  async setQuota(quota: UsageQuota): Promise<UsageSummary> {
    const s = await this.deps.ledger.setQuota(quota);
    this.deps.onUsage(s);
    return s;
  }

  /** The key, region or endpoint changed, or the machine woke: look at the network again. */
  recheck(): void {
    // Nothing waits for the network and nothing says offline: no probe (no request at all).
    if (this.table.local().length === 0 && this.deps.network.state.online) return;
    void this.deps.network.check().then(() => this.kick());
  }

  private etaOf(j: JobRecord): number | null {
    if (!TASK_STATES.includes(j.state) || j.submittedAt === null) return null;
    return Math.round((j.runningAt ?? j.submittedAt) + this.model.quantile(0.5));
  }

  private changed(): void {
    this.revision++;
    if (this.emitTimer || this.stopped) return;
    this.emitTimer = setTimeout(() => {
      this.emitTimer = null;
      this.deps.onSnapshot(this.snapshot());
    }, this.deps.emitIntervalMs ?? 100);
    this.emitTimer.unref?.();
  }

  private wakeAt(at: number): void {
    if (this.stopped) return;
    const ctl = new AbortController();
    this.timers.add(ctl);
    this.deps.clock.sleep(Math.max(0, at - this.now()), ctl.signal).then(
      () => {
        this.timers.delete(ctl);
        this.kick();
      },
      () => this.timers.delete(ctl),
    );
  }

  // ── the submit lane: upload and create for the head of the queue ──────────────────────

  private kick(): void {
    if (this.stopped) return;
    if (this.pumping) {
      this.again = true;
      return;
    }
    this.pumping = true;
    void this.pump();
  }

  private async pump(): Promise<void> {
    try {
      do {
        this.again = false;
        if (await this.pumpOnce()) this.again = true;
      } while (this.again && !this.stopped);
    } catch (e) {
      this.deps.log?.('job queue step failed', e);
    } finally {
      this.pumping = false;
    }
  }

  /** The same wait on every job still waiting to be submitted (they wait for the same thing). */
  private waitAll(wait: JobWait | null, except?: string): void {
    for (const j of this.table.local()) if (j.id !== except) this.table.setWait(j.id, wait);
  }

  /** One step for the head job; true when it moved and the next step can follow at once. */
  private async pumpOnce(): Promise<boolean> {
    const head = this.table.nextHead();
    if (!head) return false;
    if (this.paused || this.table.storageError) {
      this.waitAll({ reason: 'paused' });
      return false;
    }
    if (head.wait?.reason === 'backoff' && head.wait.until > this.now()) {
      this.waitAll(null, head.id);
      this.wakeAt(head.wait.until);
      return false;
    }
    if (!(await this.deps.network.ensure())) {
      this.waitAll({ reason: 'offline' });
      return false;
    }
    let client: DashScopeClient;
    try {
      ({ client } = await this.deps.dashscope.current());
    } catch (e) {
      if (classify(e).kind === 'noApiKey') {
        this.waitAll({ reason: 'noApiKey' });
        this.recheckKeyLater();
        return false;
      }
      throw e;
    }
    const ctl = new AbortController();
    let moved = false;
    const done = (async () => {
      try {
        moved = await this.advance(head.id, client, ctl.signal);
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

  private recheckKeyLater(): void {
    if (this.noKeyTimer || this.stopped) return;
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
  private uploadStale(j: JobRecord): boolean {
    if (!j.upload) return true;
    const { expiresAt, uploadedAt } = j.upload;
    if (expiresAt === null) return false;
    const margin = this.deps.uploadMarginMs ?? 15 * 60_000;
    const lifetime = uploadedAt === undefined ? Infinity : expiresAt - uploadedAt;
    return expiresAt - this.now() < Math.min(margin, lifetime / 2);
  }

  private async advance(id: string, client: DashScopeClient, signal: AbortSignal): Promise<boolean> {
    let job = this.table.must(id);
    if (job.state === 'submitting') {
      // The create may have reached DashScope before the crash or the lost answer: look before sending again.
      const since = job.submittingAt ?? job.updatedAt;
      if (this.now() - since > TASK_QUERY_WINDOW_MS - 10 * 60_000) {
        await this.finish(id, 'expired', { error: { code: 'jobs.taskExpired', message: 'The submission is too old to check.' } });
        return true;
      }
      const found = await client.findSubmittedTask({ since, knownTaskIds: this.table.knownTaskIds() }, { signal });
      if (found) {
        await this.table.update(
          id,
          (r) => ({ ...r, state: 'submitted', taskId: found.taskId, requestId: found.requestId ?? null, submittedAt: Math.round(found.createdAt), attempts: 0, wait: null }),
          { keepOnFail: true },
        );
        this.startWatch(id);
        return true;
      }
      job = await this.table.update(id, (r) => ({ ...r, state: r.upload ? 'uploaded' : 'queued', submittingAt: null }));
    }
    if (job.state === 'queued' || job.state === 'uploading' || this.uploadStale(job)) {
      if (job.state !== 'uploading') await this.table.update(id, (r) => ({ ...r, state: 'uploading', wait: null }));
      const bytes = await this.deps.store.readSketch(id);
      const up = await this.deps.uploader.upload(bytes, { signal });
      const old = job.upload;
      await this.table.update(
        id,
        (r) => ({ ...r, state: 'uploaded', attempts: 0, wait: null, upload: { url: up.url, expiresAt: up.expiresAt, uploadedAt: this.now(), headers: { ...up.headers }, ref: { ...up.ref }, released: false } }),
        { keepOnFail: true },
      );
      if (old && !old.released) await this.deps.uploader.release(uploadRef(old)).catch((e: unknown) => this.deps.log?.('release failed', e));
      return true;
    }
    if ((this.createInFlight || this.table.hasLiveTask())) {
      this.waitAll({ reason: 'taskInFlight' });
      return false;
    }
    const at = this.gate.nextAt(this.now());
    if (at > this.now()) {
      this.waitAll({ reason: 'rateLimit', until: at });
      this.wakeAt(at);
      return false;
    }
    const upload = job.upload;
    if (!upload) return true;
    await this.table.update(id, (r) => ({ ...r, state: 'submitting', submittingAt: this.now(), wait: null }));
    this.waitAll(null);
    this.gate.take(this.now());
    this.createInFlight = true;
    let created;
    try {
      const p = job.params;
      created = await client.createTask(
        {
          prompt: p.prompt,
          sketchImageUrl: upload.url,
          n: p.n as 1 | 2 | 3 | 4,
          size: OUTPUT_SIZE,
          sketchWeight: p.sketchWeight,
          style: p.style,
          sketchExtraction: p.sketchExtraction,
          sketchColor: p.sketchColor,
        },
        { signal, knownTaskIds: this.table.knownTaskIds() },
      );
    } catch (e) {
      // Proven not created: back to `uploaded`, so the next try need not reconcile.
      if (e instanceof DashScopeError && e.outcome !== 'unknown') {
        await this.table.update(id, (r) => ({ ...r, state: 'uploaded', submittingAt: null })).catch(() => undefined);
      }
      throw e;
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
    this.startWatch(id);
    return true;
  }

  private async onStepError(id: string, e: unknown): Promise<void> {
    if (e instanceof StorageHalt || this.stopped) return;
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
        const until = this.now() + backoffMs(this.backoff, attempt, v.retryAfterMs);
        await this.table.update(id, (r) => ({ ...r, attempts: attempt, wait: { reason: 'backoff', until, code: v.code, attempt } })).catch(() => undefined);
        this.wakeAt(until);
        return;
      }
      case 'fail':
        await this.finish(id, 'failed', { error: v.error }).catch(() => undefined);
        return;
    }
  }

  /** A final state; the upload is released (and deleted when the adapter and the user say so). */
  private async finish(id: string, state: JobState, extra: Partial<JobRecord>): Promise<void> {
    await this.table.update(id, (r) => ({ ...r, ...extra, state, wait: null, endedAt: r.endedAt ?? this.now() }));
    await this.releaseUpload(id);
    this.kick();
  }

  private async releaseUpload(id: string): Promise<void> {
    const r = this.table.get(id);
    if (!r?.upload || r.upload.released) return;
    try {
      await this.deps.uploader.release(uploadRef(r.upload));
    } catch (e) {
      this.deps.log?.('release failed', e);
    }
    await this.table.update(id, (x) => (x.upload ? { ...x, upload: { ...x.upload, released: true } } : x)).catch(() => undefined);
  }

  // ── the task lane: poll each submitted task, then download ─────────────────────────────

  private startWorker(id: string, run: (signal: AbortSignal) => Promise<void>): void {
    if (this.workers.has(id) || this.stopped || this.table.storageError) return;
    const ctl = new AbortController();
    const done = run(ctl.signal)
      .catch((e: unknown) => {
        if (!(e instanceof StorageHalt) && !ctl.signal.aborted) this.deps.log?.(`job ${id} failed`, e);
      })
      .finally(() => {
        if (this.workers.get(id)?.ctl === ctl) this.workers.delete(id);
        this.kick();
      });
    this.workers.set(id, { ctl, done });
  }

  private startWatch(id: string): void {
    this.startWorker(id, (signal) => this.watch(id, signal));
  }

  private startDownload(id: string): void {
    this.startWorker(id, (signal) => this.download(id, signal));
  }

  private pollerFor(client: DashScopeClient): AdaptivePoller {
    let p = this.pollers.get(client);
    if (!p) {
      p = new AdaptivePoller({ client, clock: this.deps.clock, model: this.model, ...this.deps.poller });
      this.pollers.set(client, p);
    }
    return p;
  }

  /** Sleeps a backoff on the queue's clock with the wait shown; false when aborted. */
  private async backOff(id: string, code: string, retryAfterMs: number | undefined, signal: AbortSignal): Promise<boolean> {
    const job = this.table.get(id);
    if (!job) return false;
    const attempt = job.attempts + 1;
    const ms = backoffMs(this.backoff, attempt, retryAfterMs);
    await this.table.update(id, (r) => ({ ...r, attempts: attempt, wait: { reason: 'backoff', until: this.now() + ms, code, attempt } }));
    try {
      await this.deps.clock.sleep(ms, signal);
    } catch {
      return false;
    }
    return !signal.aborted;
  }

  private async watch(id: string, signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      const job = this.table.get(id);
      if (!job || !TASK_STATES.includes(job.state) || !job.taskId || job.submittedAt === null) return;
      const deadline = job.submittedAt + TASK_QUERY_WINDOW_MS;
      if (this.now() >= deadline) {
        await this.finish(id, 'expired', { error: { code: 'jobs.taskExpired', message: 'The task was submitted more than 24 h ago.' } });
        return;
      }
      let final: FinalTaskSnapshot;
      try {
        const { client } = await this.deps.dashscope.current();
        final = await this.pollerFor(client).waitForTask(job.taskId, {
          signal,
          created: job.created ?? undefined,
          maxWaitMs: deadline - this.now(),
          onUpdate: (t) => {
            const r = this.table.get(id);
            if (t.status === 'RUNNING' && r?.state === 'submitted') {
              void this.table.update(id, (x) => ({ ...x, state: 'running', runningAt: this.now(), wait: null, attempts: 0 })).catch(() => undefined);
            } else if (r?.wait) this.table.setWait(id, null);
          },
        });
      } catch (e) {
        if (signal.aborted || e instanceof StorageHalt) return;
        if (e instanceof DashScopeError && e.code === 'Client.WaitTimeout') continue;
        const v = classify(e);
        if (v.kind === 'aborted') return;
        if (v.kind === 'noApiKey') {
          this.table.setWait(id, { reason: 'noApiKey' });
          if (!(await this.backOff(id, 'secrets.noApiKey', undefined, signal))) return;
          continue;
        }
        // A non-retryable answer about a task we hold (a key change, a lost task) is retried slowly until 24 h.
        const code = v.kind === 'retry' ? v.code : v.kind === 'fail' ? v.error.code : 'internal';
        if (!(await this.backOff(id, code, v.kind === 'retry' ? v.retryAfterMs : undefined, signal))) return;
        continue;
      }
      await this.onTaskEnded(id, final);
      return;
    }
  }

  private async onTaskEnded(id: string, t: FinalTaskSnapshot): Promise<void> {
    const endedAt = roundOrNull(t.endTime?.epochMs) ?? this.now();
    switch (t.status) {
      case 'SUCCEEDED': {
        await this.table.update(
          id,
          (r) => ({
            ...r,
            state: 'downloading',
            endedAt,
            attempts: 0,
            wait: null,
            result: {
              imageCount: t.imageCount,
              images: t.images.map((i) => ({ index: i.index, url: i.url })),
              failures: t.failures.map((f) => ({ index: f.index, code: f.serverCode, message: f.message })),
              scheduledAt: roundOrNull(t.scheduledTime?.epochMs),
              endedAt: roundOrNull(t.endTime?.epochMs),
              requestId: t.requestId,
            },
          }),
          { keepOnFail: true },
        );
        // The next create may go out now; the download runs beside it.
        this.kick();
        await this.download(id, this.workers.get(id)?.ctl.signal ?? new AbortController().signal);
        return;
      }
      case 'FAILED':
        await this.finish(id, 'failed', { endedAt, error: { code: t.serverCode, message: t.message.slice(0, 500) } });
        return;
      case 'CANCELED':
        await this.finish(id, 'canceled', { endedAt });
        return;
      default:
        await this.finish(id, 'expired', { endedAt, error: { code: 'jobs.taskExpired', message: 'DashScope no longer knows this task.' } });
    }
  }

  private async download(id: string, signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      const job = this.table.get(id);
      if (!job || job.state !== 'downloading' || !job.result || !job.taskId) return;
      const { result, taskId } = job;
      try {
        try {
          if (await this.deps.ledger.record(taskId, result.imageCount, result.endedAt ?? job.endedAt ?? this.now())) {
            void this.deps.ledger.summary().then((s) => this.deps.onUsage(s));
          }
        } catch (e) {
          this.table.halt(e);
          throw new StorageHalt('ledger write failed');
        }
        const { galleryId, images, state, error } = await collectResults(job, this.deps, signal);
        await this.finish(id, state, { galleryId, images, error });
        return;
      } catch (e) {
        if (signal.aborted || e instanceof StorageHalt) return;
        if (e instanceof AppFailure && e.code === 'gallery.ioError') {
          // The gallery could not write (full disk…): pause like a failed record write; resume retries.
          this.table.halt(e);
          return;
        }
        if (!(e instanceof TransientDownloadError)) {
          this.deps.log?.(`download of ${id} failed`, e);
          const error = e instanceof AppFailure ? { code: e.code, message: e.message.slice(0, 500) } : { code: 'internal', message: e instanceof Error ? e.message.slice(0, 500) : String(e) };
          await this.finish(id, 'failed', { error });
          return;
        }
        // Offline: wait for the network instead of a backoff that may have grown to minutes.
        if (!(await this.deps.network.check()).online) {
          this.table.setWait(id, { reason: 'offline' });
          if (!(await this.untilOnline(signal))) return;
          this.table.setWait(id, null);
          continue;
        }
        if (!(await this.backOff(id, 'Client.NetworkError', undefined, signal))) return;
      }
    }
  }

  /** Resolves true once the monitor says online again, false when aborted first. */
  private untilOnline(signal: AbortSignal): Promise<boolean> {
    return new Promise((resolve) => {
      if (this.deps.network.state.online) return resolve(true);
      const off = this.deps.network.onChange((s) => {
        if (!s.online) return;
        off();
        signal.removeEventListener('abort', onAbort);
        resolve(true);
      });
      const onAbort = () => {
        off();
        resolve(false);
      };
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }
}
