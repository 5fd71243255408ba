import { randomBytes } from 'node:crypto';
import {
  ENQUEUE_MAX_VARIANTS,
  isFinalJobState,
  TASK_QUERY_WINDOW_MS,
  type JobsSnapshot,
  type JobState,
  type JobView,
  type UsageQuota,
  type UsageSummary,
} from '../../src-preload/contract/domain/jobs';
import type { GallerySink } from '../../src-preload/contract/domain/gallery';
import type { CancelOutcome, EnqueueRequest } from '../../src-preload/contract/jobs';
import { AppFailure } from '../../src-preload/contract/result';
import type { Clock } from '../common/clock';
import type { FetchLike } from '../common/fetch';
import { ioErrorText } from '../common/io-error';
import type { LifecycleParticipant } from '../common/lifecycle';
import type { CurrentClient, TaskIdentity } from '../secrets/client-pool';
import type { CreateTaskResult, DashScopeClient } from '../dashscope/client';
import { DashScopeError } from '../dashscope/errors';
import type { TaskListItem } from '../dashscope/task';
import type { AdaptivePollerOptions } from '../dashscope/poller';
import { RunTimeModel } from '../dashscope/runtime-model';
import type { SketchUploader } from '../storage/uploader';
import { sha256Hex } from '../common/sha256';
import type { JobStore } from './job-store';
import type { NetworkMonitor } from './network';
import { backoffMs, classify, DEFAULT_BACKOFF, type BackoffPolicy } from './policy';
import { JobTable, LOCAL_STATES, StorageHalt, TASK_STATES } from './job-table';
import { newJobRecord, requeued, toJobView, uploadRef, type JobRecord, type JobUpload } from './record';
import { SubmitLane } from './submit-lane';
import { TaskLane } from './task-lane';
import { decodeSketch } from './sketch-input';
import type { UsageLedger } from './usage-ledger';
import {
  DEFAULT_SETTLE,
  describeCandidates,
  learnKeyId,
  lookOnce,
  nextLookOffset,
  previewImage,
  settlePeriodMs,
  type SettleTiming,
} from './settle';
import { Sweep } from './sweep';
import { ownerKey, type TaskHow, type TaskLedger } from './task-ledger';

export interface JobQueueDeps {
  readonly store: JobStore;
  readonly ledger: UsageLedger;
  /** Every task id the app created, adopted or recovered; lost creates; each key's api_key_id. */
  readonly taskLedger: TaskLedger;
  /** Settle looks and sweep timing (tests and the benchmark shorten them). */
  readonly settle?: Partial<SettleTiming> | undefined;
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
  /** First budget of one try at one result image (tests make it short). */
  readonly resultTimeoutMs?: number | undefined;
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
  private readonly submit: SubmitLane;
  private readonly sweep: Sweep;
  private readonly timers = new Set<AbortController>();
  private readonly backoff: BackoffPolicy;
  private readonly model: RunTimeModel;
  private stopped = false;
  private startedLoad = false;
  private revision = 0;
  private emitTimer: NodeJS.Timeout | null = null;
  private readonly offNetwork: () => void;
  private readonly settleTiming: SettleTiming;
  /** Submitting jobs whose lost create has several candidates: the user says which. */
  private readonly asks = new Map<string, TaskListItem[]>();
  /** When each submitting job's next look is due (our clock). */
  private readonly nextLook = new Map<string, number>();
  /** Work started in the background (sweeps, a cancel after a settle): shutdown waits for it. */
  private readonly background = new Set<Promise<unknown>>();
  /** Aborted at shutdown: the sweep's requests. */
  private readonly life = new AbortController();

  constructor(private readonly deps: JobQueueDeps) {
    this.backoff = { ...DEFAULT_BACKOFF, ...deps.backoff };
    this.settleTiming = { ...DEFAULT_SETTLE, ...deps.settle };
    this.model = deps.runTimeModel ?? new RunTimeModel();
    this.table = new JobTable({
      store: deps.store,
      now: () => this.now(),
      changed: () => this.changed(),
      log: deps.log,
    });
    // What both lanes share: the queue's services, its table and clock, and how a job ends.
    const shared = {
      ...deps,
      table: this.table,
      now: () => this.now(),
      backoff: this.backoff,
      finish: (id: string, state: JobState, extra: Partial<JobRecord>) => this.finish(id, state, extra),
    };
    this.lane = new TaskLane({
      ...shared,
      model: this.model,
      kick: () => this.kick(),
      canRun: () => !this.stopped && !this.table.storageError,
    });
    this.submit = new SubmitLane({
      ...shared,
      settleTiming: this.settleTiming,
      stopped: () => this.stopped,
      paused: () => this.paused,
      parked: (j) => this.parked(j),
      choosing: (id) => this.asks.has(id),
      settleStep: (id, current, signal) => this.settleStep(id, current, signal),
      lookAt: (id, at) => this.nextLook.set(id, at),
      created: (id, c, current) => this.onCreated(id, c, current),
      wakeAt: (at) => this.wakeAt(at),
    });
    this.sweep = new Sweep({
      table: this.table,
      taskLedger: deps.taskLedger,
      clock: deps.clock,
      now: () => this.now(),
      settleTiming: this.settleTiming,
      stopped: () => this.stopped,
      signal: this.life.signal,
      clientOf: (job) => this.clientOf(job),
      ensureKeyId: (owner, client, signal) => this.ensureKeyId(owner, client, signal),
      claimedBy: () => this.claimedBy(),
      recover: (job, task) => this.recover(job, task),
      inBackground: (work) => this.inBackground(work),
      log: deps.log,
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
    await this.deps.taskLedger.load();
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
      if (r.upload && !r.upload.released && !isFinalJobState(r.state))
        await this.deps.uploader.retain(uploadRef(r.upload));
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
    this.sweepSoon();
  }

  /** Stops intake, aborts the network steps (each record already holds its last durable state) and waits for writes. */
  async shutdown(signal?: AbortSignal): Promise<void> {
    this.stopped = true;
    this.offNetwork();
    this.deps.network.stop();
    for (const t of this.timers) t.abort();
    this.sweep.stop();
    this.life.abort(new Error('shutdown'));
    const settle = Promise.allSettled([this.submit.stop(), this.lane.stopAll(), ...this.background]);
    const aborted = new Promise<void>((resolve) => signal?.addEventListener('abort', () => resolve(), { once: true }));
    await Promise.race([settle, aborted]);
    await this.table.idle();
    await this.deps.taskLedger.idle();
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
    const active = all
      .filter((j) => !isFinalJobState(j.state))
      .sort((a, b) => a.order - b.order || a.createdAt - b.createdAt);
    const done = all
      .filter((j) => isFinalJobState(j.state))
      .sort((a, b) => (b.endedAt ?? b.updatedAt) - (a.endedAt ?? a.updatedAt));
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

  async cancel(id: string): Promise<{ outcome: CancelOutcome }> {
    const job = this.table.must(id);
    if (isFinalJobState(job.state)) return { outcome: 'alreadyFinal' };
    if (job.state === 'submitting') {
      // The create may have made a task: settle first (durably asked), then cancel what it made
      // on the server if it is still PENDING, else keep and collect it. Absent → canceled.
      if (this.asks.has(id)) {
        // Nobody can tell which candidate is ours: none is adopted, the sweep keeps them (paid and kept).
        this.asks.delete(id);
        await this.deps.taskLedger.settleSend(id);
        await this.finish(id, 'canceled', { cancelRequested: true });
        return { outcome: 'canceled' };
      }
      await this.table.update(id, (r) => ({ ...r, cancelRequested: true }));
      this.kick();
      return { outcome: 'settling' };
    }
    if (LOCAL_STATES.includes(job.state)) {
      if (await this.submit.stopHead(id)) {
        const again = this.table.must(id);
        if (!LOCAL_STATES.includes(again.state) || again.state === 'submitting') return this.cancel(id);
      }
      await this.finish(id, 'canceled', {});
      return { outcome: 'canceled' };
    }
    if (TASK_STATES.includes(job.state) && job.taskId) {
      const { client } = job.identity
        ? await this.deps.dashscope.forTask(job.identity)
        : await this.deps.dashscope.current();
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

  /**
   * The user's answer when several tasks could be the one a lost create made: `taskId` is theirs
   * (adopted; the others are marked not ours), or null: none is, send again.
   */
  async settle(id: string, taskId: string | null): Promise<null> {
    const job = this.table.must(id);
    const candidates = this.asks.get(id);
    if (job.state !== 'submitting' || !candidates)
      throw new AppFailure('jobs.wrongState', 'This job is not waiting for a choice.', { state: job.state });
    const chosen = taskId === null ? undefined : candidates.find((c) => c.taskId === taskId);
    if (taskId !== null && !chosen) throw new AppFailure('jobs.wrongState', 'That task is not one of the candidates.');
    await this.ledgerWrite(
      this.deps.taskLedger.markForeign(candidates.filter((c) => c !== chosen).map((c) => c.taskId)),
    );
    this.asks.delete(id);
    if (chosen) {
      const { client } = await this.clientOf(job);
      await this.adopt(id, chosen, 'chosen', client);
    } else {
      await this.ledgerWrite(this.deps.taskLedger.settleSend(id));
      await this.table.update(id, (r) => ({
        ...r,
        state: r.upload ? 'uploaded' : 'queued',
        submittingAt: null,
        wait: null,
      }));
      this.nextLook.delete(id);
    }
    this.kick();
    return null;
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
    if (isFinalJobState(job.state))
      throw new AppFailure('jobs.wrongState', 'A finished job has no place in the queue.', { state: job.state });
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

  private kick(): void {
    this.submit.kick();
  }

  /** The create made a task: the task lane follows it; the ledger and the sweep learn of it. */
  private onCreated(id: string, c: CreateTaskResult, current: Pick<CurrentClient, 'client' | 'identity'>): void {
    const { client } = current;
    // The record holds the task id already; the ledger's copy (which outlives "Clear finished") need not delay the poll.
    this.inBackground(this.deps.taskLedger.claim(c.taskId, id, 'created'));
    this.lane.watch(id);
    // Our key's api_key_id, from this task's list entry, while the list has it (in the background).
    const owner = ownerKey(current.identity);
    if (this.deps.taskLedger.apiKeyId(owner) === undefined) {
      // Once learnt, a lost create's window can be swept.
      this.inBackground(async () => {
        await learnKeyId({
          client,
          ledger: this.deps.taskLedger,
          owner,
          taskId: c.taskId,
          created: { sentAt: c.sentAt, receivedAt: c.receivedAt },
        }).catch(() => undefined);
        this.sweepSoon();
      });
    }
    if (this.table.must(id).cancelRequested) this.inBackground(this.cancel(id));
  }

  // ── settling a create whose answer was lost ───────────────────────────────────────────

  /** A job whose lost create cannot be settled now stops holding the queue once its settle period is over. */
  private parked(j: JobRecord): boolean {
    if (j.state !== 'submitting') return false;
    if (this.asks.has(j.id)) return true;
    const since = j.submittingAt ?? j.updatedAt;
    const due = this.nextLook.get(j.id) ?? 0;
    return this.now() - since > settlePeriodMs(this.settleTiming) && due > this.now();
  }

  private clientOf(job: JobRecord, current?: Pick<CurrentClient, 'client'>): Promise<Pick<CurrentClient, 'client'>> {
    if (job.identity) return this.deps.dashscope.forTask(job.identity);
    return current ? Promise.resolve(current) : this.deps.dashscope.current();
  }

  /** Held by a job or the ledger (created, adopted, chosen, recovered, or disowned by the user). */
  private claimedBy(): (taskId: string) => boolean {
    const known = new Set(this.table.knownTaskIds());
    return (taskId) => known.has(taskId) || this.deps.taskLedger.has(taskId);
  }

  /** Learns the key's api_key_id from a task of ours made with it, when not known yet. */
  private async ensureKeyId(owner: string, client: DashScopeClient, signal: AbortSignal): Promise<void> {
    if (this.deps.taskLedger.apiKeyId(owner) !== undefined) return;
    const ours = this.table
      .all()
      .filter((r) => r.taskId && ownerKey(r.identity) === owner)
      .sort((a, b) => (b.submittedAt ?? 0) - (a.submittedAt ?? 0))[0];
    if (ours?.taskId)
      await learnKeyId({ client, ledger: this.deps.taskLedger, owner, taskId: ours.taskId, signal }).catch(
        () => undefined,
      );
  }

  /**
   * One step for a `submitting` job: wait for its next look, or look. One candidate → adopted;
   * several → the user is asked (the job parks, the queue goes on); none → look again, and only
   * once the whole settle period has passed with nothing found may it be sent again.
   */
  private async settleStep(
    id: string,
    current: Pick<CurrentClient, 'client' | 'identity'>,
    signal: AbortSignal,
  ): Promise<boolean> {
    const job = this.table.must(id);
    const since = job.submittingAt ?? job.updatedAt;
    if (this.now() - since >= TASK_QUERY_WINDOW_MS) {
      // Past what the task list shows: nothing can be learnt any more.
      await this.deps.taskLedger.settleSend(id).catch(() => undefined);
      await this.finish(id, 'expired', {
        error: { code: 'jobs.taskExpired', message: 'The submission is too old to check.' },
      });
      return true;
    }
    const due = this.nextLook.get(id) ?? this.now();
    if (due > this.now()) {
      this.table.setWait(id, { reason: 'settling', until: due });
      this.wakeAt(due);
      return false;
    }
    const { client } = await this.clientOf(job, current);
    const owner = ownerKey(job.identity);
    const logged = this.deps.taskLedger.send(id);
    const send = logged && logged.at === since ? logged : { at: since, serverAt: null };
    let result;
    try {
      await this.ensureKeyId(owner, client, signal);
      result = await lookOnce({
        client,
        ledger: this.deps.taskLedger,
        owner,
        send,
        timing: this.settleTiming,
        claimed: this.claimedBy(),
        signal,
      });
    } catch (e) {
      const v = classify(e);
      if (v.kind !== 'retry') throw e;
      // The list cannot be read: nothing is sent again. Look later; past the settle period the job parks.
      const attempt = job.attempts + 1;
      const until =
        this.now() + Math.min(backoffMs(this.backoff, attempt, v.retryAfterMs), this.settleTiming.parkedLookMs);
      this.nextLook.set(id, until);
      await this.table
        .update(id, (r) => ({ ...r, attempts: attempt, wait: { reason: 'backoff', until, code: v.code, attempt } }))
        .catch(() => undefined);
      this.wakeAt(until);
      return true;
    }
    if (result.kind === 'found') {
      await this.adopt(id, result.task, 'adopted', client);
      return true;
    }
    if (result.kind === 'several') {
      this.asks.set(id, result.candidates);
      await this.showCandidates(id, client, signal);
      return true;
    }
    const next = nextLookOffset(this.settleTiming, this.now() - since);
    if (next !== undefined) {
      this.nextLook.set(id, since + next);
      this.table.setWait(id, { reason: 'settling', until: since + next });
      this.wakeAt(since + next);
      return false;
    }
    // Absent through the whole settle period: the create never landed (a later duplicate is the sweep's).
    this.nextLook.delete(id);
    await this.ledgerWrite(this.deps.taskLedger.settleSend(id));
    if (this.table.must(id).cancelRequested) {
      await this.finish(id, 'canceled', {});
    } else {
      await this.table.update(id, (r) => ({
        ...r,
        state: r.upload ? 'uploaded' : 'queued',
        submittingAt: null,
        attempts: 0,
        wait: null,
      }));
    }
    this.sweepSoon();
    return true;
  }

  /** The lost create's task, found (or chosen): the job follows it like any created task. */
  private async adopt(id: string, task: TaskListItem, how: TaskHow, client: DashScopeClient): Promise<void> {
    // `gmt_create` is the server's; the record keeps our clock's reading of it.
    const offset = client.serverClock.estimate(this.now()) - this.now();
    await this.table.update(
      id,
      (r) => ({
        ...r,
        state: 'submitted',
        taskId: task.taskId,
        requestId: task.requestId ?? null,
        submittedAt: Math.round(Math.min(this.now(), task.createdAt - offset)),
        attempts: 0,
        wait: null,
      }),
      { keepOnFail: true },
    );
    this.nextLook.delete(id);
    await this.deps.taskLedger
      .claim(task.taskId, id, how)
      .catch((e: unknown) => this.deps.log?.('task ledger write failed', e));
    await this.deps.taskLedger.settleSend(id).catch(() => undefined);
    this.lane.watch(id);
    if (this.table.must(id).cancelRequested) this.inBackground(this.cancel(id));
    this.sweepSoon();
  }

  /** The candidates with what the task query tells of them; shown again while some have no images yet. */
  private async showCandidates(id: string, client: DashScopeClient, signal?: AbortSignal): Promise<void> {
    const items = this.asks.get(id);
    const job = this.table.get(id);
    if (!items || !job) return;
    const endpoint = job.identity?.baseUrl ?? this.deps.endpoint();
    const preview = (url: string) =>
      previewImage(url, { fetch: this.deps.fetch, endpoint, now: () => this.now(), signal });
    const candidates = await describeCandidates(client, items, preview, signal);
    if (!this.asks.has(id)) return;
    this.table.setWait(id, { reason: 'chooseTask', candidates });
    if (candidates.some((c) => c.status !== 'SUCCEEDED' && c.status !== 'FAILED' && c.status !== 'CANCELED')) {
      const ctl = new AbortController();
      this.timers.add(ctl);
      this.deps.clock.sleep(Math.min(this.settleTiming.parkedLookMs, 10_000), ctl.signal).then(
        () => {
          this.timers.delete(ctl);
          if (!this.stopped) void this.showCandidates(id, client).catch(() => undefined);
        },
        () => this.timers.delete(ctl),
      );
    }
  }

  // ── the sweep: tasks of ours that no job claims ──────────────────────────────────────

  /** Runs the sweep now (or right after the one running), while any lost create's late window is open. */
  private sweepSoon(): void {
    this.sweep.soon();
  }

  /** A failed ledger write pauses the queue like a failed record write (the user resumes). */
  private async ledgerWrite(write: Promise<void>): Promise<void> {
    try {
      await write;
    } catch (e) {
      this.table.halt(e);
      throw new StorageHalt('task ledger write failed');
    }
  }

  private inBackground(work: Promise<unknown> | (() => Promise<unknown>)): void {
    const p = (typeof work === 'function' ? work() : work).catch((e: unknown) => {
      if (!this.stopped) this.deps.log?.('background step failed', e);
    });
    this.background.add(p);
    void p.finally(() => this.background.delete(p));
  }

  /**
   * A task of ours no job claims (a duplicate of `src`'s create): a new job, a copy of `src` that
   * follows the task (written before the ledger's claim, so a crash in between leaves it claimed
   * by the record), collected into the gallery and counted in usage like any other.
   */
  private async recover(src: JobRecord, t: TaskListItem): Promise<void> {
    const now = this.now();
    const record: JobRecord = {
      ...newJobRecord({
        id: newId('j', now),
        params: src.params,
        setId: src.setId,
        draftId: src.draftId,
        thumbnail: src.thumbnail,
        sketchSha256: src.sketchSha256,
        hasScene: src.hasScene,
        order: this.table.orderBounds().last + 1,
        now,
      }),
      state: 'submitted',
      taskId: t.taskId,
      requestId: t.requestId ?? null,
      submittedAt: now,
      identity: src.identity,
      recoveredFrom: src.id,
    };
    const sketch = await this.deps.store.readSketch(src.id);
    const scene = src.hasScene ? await this.deps.store.readScene(src.id) : null;
    await this.deps.store.createAll([{ record, sketch, scene }]);
    this.table.add(record);
    await this.deps.taskLedger.claim(t.taskId, record.id, 'recovered');
    this.lane.watch(record.id);
  }

  /** A final state; the upload is released (and deleted when the adapter and the user say so). */
  private async finish(id: string, state: JobState, extra: Partial<JobRecord>): Promise<void> {
    await this.table.update(id, (r) => ({ ...r, ...extra, state, wait: null, endedAt: r.endedAt ?? this.now() }));
    this.asks.delete(id);
    this.nextLook.delete(id);
    await this.releaseUpload(id);
    this.kick();
    this.retireKeys();
    this.sweepSoon();
  }

  /** Task keys no unfinished job needs any more leave the keychain (best effort, in the background). */
  private retireKeys(): void {
    const all = this.table.all();
    const ended = all.filter((r) => isFinalJobState(r.state)).flatMap((r) => (r.identity ? [r.identity] : []));
    const inUse = all.filter((r) => !isFinalJobState(r.state)).flatMap((r) => (r.identity ? [r.identity] : []));
    void this.deps.dashscope.retire?.(ended, inUse);
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
    const same = (x: JobRecord) =>
      x.upload !== null &&
      x.upload.url === r.upload!.url &&
      x.upload.ref.key === r.upload!.ref.key &&
      x.upload.uploadedAt === r.upload!.uploadedAt;
    await this.table
      .update(id, (x) => (same(x) ? { ...x, upload: { ...x.upload!, released: true } } : x))
      .catch(() => undefined);
  }
}
