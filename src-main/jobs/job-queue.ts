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
import type { CurrentClient, TaskIdentity } from '../dashscope/client-pool';
import { DashScopeError } from '../dashscope/errors';
import type { AdaptivePollerOptions } from '../dashscope/poller';
import { RunTimeModel } from '../dashscope/runtime-model';
import type { SketchUploader } from '../storage/uploader';
import type { UploadResult } from '../storage/types';
import { sha256Hex, type JobStore } from './job-store';
import type { NetworkMonitor } from './network';
import { backoffMs, classify, DEFAULT_BACKOFF, RateGate, type BackoffPolicy } from './policy';
import { JobTable, LOCAL_STATES, StorageHalt, TASK_STATES } from './job-table';
import { newJobRecord, requeued, toJobView, type JobRecord, type JobUpload } from './record';
import { TaskLane } from './task-lane';
import { decodeSketch } from './sketch-input';
import type { UsageLedger } from './usage-ledger';

export interface JobQueueDeps {
  readonly store: JobStore;
  readonly ledger: UsageLedger;
  readonly clock: Clock;
  /** The clients (services.dashscope): of the settings of the moment, of a task's own identity; and retiring task keys. */
  readonly dashscope: {
    current(): Promise<Pick<CurrentClient, 'client' | 'identity'>>;
    forTask(identity: TaskIdentity): Promise<Pick<CurrentClient, 'client'>>;
    retire?(ended: readonly TaskIdentity[], inUse: readonly TaskIdentity[]): Promise<void>;
  };
  readonly uploader: Pick<SketchUploader, 'upload' | 'retain' | 'release'>;
  /** The URL DashScope fetches a kept upload from, made as the create goes out (an S3 GET is signed then). */
  readonly sketchUrl: (upload: JobUpload) => Promise<string>;
  readonly gallery: GallerySink;
  readonly network: NetworkMonitor;
  /** For result downloads. */
  readonly fetch: FetchLike;
  /** Base URL of the DashScope endpoint in use (result URLs are checked against it). */
  readonly endpoint: () => string;
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

const newId = (prefix: string, now: number) => `${prefix}-${now.toString(36)}-${randomBytes(5).toString('hex')}`;

/**
 * The outbox. One durable record per job, written before each network step; one unfinished
 * DashScope task at a time (the account's limit), at most 2 creates per second, backoff on
 * retryable errors, offline waits, resume after a restart without paying twice.
 */
export class JobQueue implements LifecycleParticipant {
  readonly name = 'jobs';
  private paused = false;
  private readonly table: JobTable;
  private readonly lane: TaskLane;
  private readonly timers = new Set<AbortController>();
  private readonly gate = new RateGate(2, 1000);
  private readonly backoff: BackoffPolicy;
  private readonly model: RunTimeModel;
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
    this.lane = new TaskLane({
      ...deps,
      table: this.table,
      now: () => this.now(),
      model: this.model,
      backoff: this.backoff,
      finish: (id, state, extra) => this.finish(id, state, extra),
      kick: () => this.kick(),
      canRun: () => !this.stopped && !this.table.storageError,
    });
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
      } else {
        this.lane.resume(r);
      }
    }
    this.changed();
    this.kick();
    this.retireKeys();
  }

  /** Stops intake, aborts the network steps (each record already holds its last durable state) and waits for writes. */
  async shutdown(signal?: AbortSignal): Promise<void> {
    this.stopped = true;
    this.offNetwork();
    this.deps.network.stop();
    for (const t of this.timers) t.abort();
    if (this.noKeyTimer) clearTimeout(this.noKeyTimer);
    this.head?.ctl.abort(new Error('shutdown'));
    const settle = Promise.allSettled([this.head?.done, this.lane.stopAll()]);
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
    const saved = req.variants.map((params, i) =>
      newJobRecord({
        id: newId('j', now),
        params,
        setId,
        draftId: req.draftId,
        thumbnail: req.thumbnail,
        sketchSha256: sha,
        hasScene: req.scene !== null,
        order: base + i,
        now,
      }),
    );
    try {
      // All or nothing, through a failed write and through a crash: the answer "not queued" is true.
      await this.deps.store.createAll(saved.map((record) => ({ record, sketch: bytes, scene: req.scene })));
    } catch (e) {
      this.table.halt(e);
      throw new AppFailure('jobs.writeFailed', `The job could not be saved: ${ioErrorText(e)}`);
    }
    const ids = saved.map((r) => r.id);
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
      const { client } = job.identity ? await this.deps.dashscope.forTask(job.identity) : await this.deps.dashscope.current();
      try {
        await client.cancelTask(job.taskId);
      } catch (e) {
        if (e instanceof DashScopeError && e.code === 'UnsupportedOperation') {
          await this.table.update(id, (r) => ({ ...r, cancelRequested: true }));
          return { outcome: 'runningNotCancelable' };
        }
        throw e instanceof DashScopeError ? new AppFailure(e.code, e.message) : e;
      }
      await this.lane.stop(id);
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
      for (const r of this.table.all()) this.lane.resume(r);
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
    const until = this.now() + backoffMs(this.backoff, attempt);
    await this.table.update(head.id, (r) => ({ ...r, attempts: attempt, wait: { reason: 'backoff', until, code, attempt } })).catch(() => undefined);
    this.wakeAt(until);
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

  private async advance(id: string, current: Pick<CurrentClient, 'client' | 'identity'>, signal: AbortSignal): Promise<boolean> {
    const { client } = current;
    let job = this.table.must(id);
    if (job.state === 'submitting') {
      // The create may have reached DashScope before the crash or the lost answer: look before sending again.
      const since = job.submittingAt ?? job.updatedAt;
      if (this.now() - since > TASK_QUERY_WINDOW_MS - 10 * 60_000) {
        await this.finish(id, 'expired', { error: { code: 'jobs.taskExpired', message: 'The submission is too old to check.' } });
        return true;
      }
      // Looked for with the identity the create went out with: another account's list does not show it.
      const owner = job.identity ? (await this.deps.dashscope.forTask(job.identity)).client : client;
      const found = await owner.findSubmittedTask({ since, knownTaskIds: this.table.knownTaskIds() }, { signal });
      if (found) {
        await this.table.update(
          id,
          (r) => ({ ...r, state: 'submitted', taskId: found.taskId, requestId: found.requestId ?? null, submittedAt: Math.round(found.createdAt), attempts: 0, wait: null }),
          { keepOnFail: true },
        );
        this.lane.watch(id);
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
    // Before `submitting`: a refusal here is a storage failure, not a create of unknown outcome.
    const sketchImageUrl = await this.deps.sketchUrl(upload);
    await this.table.update(id, (r) => ({ ...r, state: 'submitting', submittingAt: this.now(), identity: current.identity, wait: null }));
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
    this.lane.watch(id);
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
    this.retireKeys();
  }

  /** Task keys no unfinished job needs any more leave the keychain (best effort, in the background). */
  private retireKeys(): void {
    const all = this.table.all();
    const ended = all.filter((r) => isFinalJobState(r.state)).flatMap((r) => (r.identity ? [r.identity] : []));
    const inUse = all.filter((r) => !isFinalJobState(r.state)).flatMap((r) => (r.identity ? [r.identity] : []));
    if (ended.length) void this.deps.dashscope.retire?.(ended, inUse);
  }

  private async releaseUpload(id: string): Promise<void> {
    const r = this.table.get(id);
    if (!r?.upload || r.upload.released) return;
    try {
      await this.deps.uploader.release(uploadRef(r.upload));
    } catch (e) {
      this.deps.log?.('release failed', e);
    }
    // Only that upload: a Retry may have given the job a new one meanwhile, which its own task still needs.
    const same = (x: JobRecord) => x.upload !== null && x.upload.url === r.upload!.url && x.upload.ref.key === r.upload!.ref.key && x.upload.uploadedAt === r.upload!.uploadedAt;
    await this.table.update(id, (x) => (same(x) ? { ...x, upload: { ...x.upload!, released: true } } : x)).catch(() => undefined);
  }
}
