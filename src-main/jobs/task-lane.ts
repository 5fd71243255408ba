import type { GallerySink } from '../../src-preload/contract/domain/gallery';
import { TASK_QUERY_WINDOW_MS, type JobState, type UsageSummary } from '../../src-preload/contract/domain/jobs';
import { AppFailure } from '../../src-preload/contract/result';
import type { Clock } from '../common/clock';
import type { FetchLike } from '../common/fetch';
import type { DashScopeClient } from '../dashscope/client';
import type { CurrentClient, TaskIdentity } from '../secrets/client-pool';
import { DashScopeError } from '../dashscope/errors';
import { AdaptivePoller, type AdaptivePollerOptions } from '../dashscope/poller';
import type { RunTimeModel } from '../dashscope/runtime-model';
import type { FinalTaskSnapshot } from '../dashscope/task';
import { ServerClock } from '../dashscope/time';
import { handOver, type HandOver } from './results/hand-over';
import type { JobStore } from './job-store';
import { StorageHalt, TASK_STATES, type JobTable } from './job-table';
import type { NetworkMonitor } from './network';
import { backoffMs, classify, type BackoffPolicy } from './policy';
import type { JobRecord } from './record';
import { RESULT_TIMEOUT_MS, resultTimeoutMs } from './results/fetch-image';
import { withinN } from './results/slots';
import type { UsageLedger } from './usage-ledger';

export interface TaskLaneDeps {
  readonly table: JobTable;
  readonly clock: Clock;
  readonly now: () => number;
  /** `forTask` for a task whose record names its identity; `current` only for records from before identities were kept. */
  readonly dashscope: {
    current(): Promise<Pick<CurrentClient, 'client'>>;
    forTask(identity: TaskIdentity): Promise<Pick<CurrentClient, 'client'>>;
  };
  readonly ledger: UsageLedger;
  readonly gallery: GallerySink;
  readonly store: Pick<JobStore, 'readSketch' | 'readScene'>;
  readonly fetch: FetchLike;
  /** Base URL of the DashScope endpoint in use: result URLs are checked against it. */
  readonly endpoint: () => string;
  /** First budget of one try at one result image (RESULT_TIMEOUT_MS unless told). */
  readonly resultTimeoutMs?: number | undefined;
  readonly network: NetworkMonitor;
  readonly model: RunTimeModel;
  readonly backoff: BackoffPolicy;
  readonly poller?: Pick<AdaptivePollerOptions, 'firstPollDelayMs' | 'errorDelayMs' | 'plan'> | undefined;
  readonly onUsage: (summary: UsageSummary) => void;
  /** Ends a job (final state, upload released). */
  readonly finish: (id: string, state: JobState, extra: Partial<JobRecord>) => Promise<void>;
  /** The account's slot may be free: the submit lane looks again. */
  readonly kick: () => void;
  /** False while shutting down or after a failed write. */
  readonly canRun: () => boolean;
  readonly log?: ((message: string, error?: unknown) => void) | undefined;
}

/**
 * DashScope answers UNKNOWN for a task it does not know: past its 24 h, or asked with a key of
 * another account or region. Asked with the task's own identity before 24 h it is an anomaly (a
 * lagging index, a server clock ahead of ours), so one look proves nothing; only looks that
 * keep answering UNKNOWN over this long end the job as expired (the account's one slot is not
 * held longer than this for a task nobody knows).
 */
export const UNKNOWN_CONFIRM_MS = 5 * 60_000;

/** Server times as whole ms (records hold integers). */
const roundOrNull = (ms: number | undefined) => (ms === undefined ? null : Math.round(ms));

interface Worker {
  readonly ctl: AbortController;
  readonly done: Promise<void>;
}

/**
 * The task lane: polls each submitted task (with the learned run-time model) until it ends,
 * counts its billed images once, downloads and hands the results to the gallery. One worker per
 * job, beside the submit lane, so the next create goes out while a download runs.
 */
export class TaskLane {
  private readonly workers = new Map<string, Worker>();
  /** Jobs asked to run while their worker was still ending (a Retry racing the old task's finish). */
  private readonly rerun = new Set<string>();
  private readonly pollers = new WeakMap<DashScopeClient, AdaptivePoller>();

  constructor(private readonly deps: TaskLaneDeps) {}

  private get table(): JobTable {
    return this.deps.table;
  }

  /** Stops the job's worker (a cancel) and waits for it to settle. */
  async stop(id: string): Promise<void> {
    const w = this.workers.get(id);
    w?.ctl.abort(new Error('canceled'));
    await w?.done;
  }

  /** Aborts every worker; the records keep their last durable state. */
  stopAll(): Promise<unknown> {
    for (const w of this.workers.values()) w.ctl.abort(new Error('shutdown'));
    return Promise.allSettled([...this.workers.values()].map((w) => w.done));
  }

  private startWorker(id: string, run: (signal: AbortSignal) => Promise<void>): void {
    if (!this.deps.canRun()) return;
    if (this.workers.has(id)) {
      // The running worker may be on its way out (finishing the job's previous task): look again when it ends.
      this.rerun.add(id);
      return;
    }
    const ctl = new AbortController();
    const done = run(ctl.signal)
      .catch((e: unknown) => {
        if (!(e instanceof StorageHalt) && !ctl.signal.aborted) this.deps.log?.(`job ${id} failed`, e);
      })
      .finally(() => {
        if (this.workers.get(id)?.ctl === ctl) this.workers.delete(id);
        const again = this.rerun.delete(id) && !ctl.signal.aborted ? this.table.get(id) : undefined;
        if (again) this.resume(again);
        this.deps.kick();
      });
    this.workers.set(id, { ctl, done });
  }

  watch(id: string): void {
    this.startWorker(id, (signal) => this.poll(id, signal));
  }

  download(id: string): void {
    this.startWorker(id, (signal) => this.collect(id, signal));
  }

  /** Picks up a record's lane work after a start or a resumed write: its task, or its download. */
  resume(r: JobRecord): void {
    if (TASK_STATES.includes(r.state)) this.watch(r.id);
    else if (r.state === 'downloading') this.download(r.id);
  }

  private pollerFor(client: DashScopeClient): AdaptivePoller {
    let p = this.pollers.get(client);
    if (!p) {
      p = new AdaptivePoller({ client, clock: this.deps.clock, model: this.deps.model, ...this.deps.poller });
      this.pollers.set(client, p);
    }
    return p;
  }

  /** Sleeps a backoff on the queue's clock with the wait shown; false when aborted. */
  private async backOff(
    id: string,
    code: string,
    retryAfterMs: number | undefined,
    signal: AbortSignal,
  ): Promise<boolean> {
    const job = this.table.get(id);
    if (!job) return false;
    const attempt = job.attempts + 1;
    const ms = backoffMs(this.deps.backoff, attempt, retryAfterMs);
    await this.table.update(id, (r) => ({
      ...r,
      attempts: attempt,
      wait: { reason: 'backoff', until: this.deps.now() + ms, code, attempt },
    }));
    try {
      await this.deps.clock.sleep(ms, signal);
    } catch {
      return false;
    }
    return !signal.aborted;
  }

  /** The client of the task's own identity (endpoint, key, workspace), whatever the settings say now. */
  private clientOf(job: JobRecord): Promise<Pick<CurrentClient, 'client'>> {
    return job.identity ? this.deps.dashscope.forTask(job.identity) : this.deps.dashscope.current();
  }

  private async poll(id: string, signal: AbortSignal): Promise<void> {
    /** When this worker first heard UNKNOWN in a row (local time); null after any other answer. */
    let unknownSince: number | null = null;
    while (!signal.aborted) {
      const job = this.table.get(id);
      if (!job || !TASK_STATES.includes(job.state) || !job.taskId || job.submittedAt === null) return;
      const deadline = job.submittedAt + TASK_QUERY_WINDOW_MS;
      if (this.deps.now() >= deadline) {
        await this.deps.finish(id, 'expired', {
          error: { code: 'jobs.taskExpired', message: 'The task was submitted more than 24 h ago.' },
        });
        return;
      }
      let final: FinalTaskSnapshot;
      try {
        const { client } = await this.clientOf(job);
        final = await this.pollerFor(client).waitForTask(job.taskId, {
          signal,
          created: job.created ?? undefined,
          maxWaitMs: deadline - this.deps.now(),
          onUpdate: (t) => {
            if (t.status !== 'UNKNOWN') unknownSince = null;
            const r = this.table.get(id);
            if (t.status === 'RUNNING' && r?.state === 'submitted') {
              void this.table
                .update(id, (x) => ({ ...x, state: 'running', runningAt: this.deps.now(), wait: null, attempts: 0 }))
                .catch(() => undefined);
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
      if (final.status === 'UNKNOWN') {
        unknownSince ??= this.deps.now();
        if (this.deps.now() - unknownSince < UNKNOWN_CONFIRM_MS) {
          if (!(await this.backOff(id, 'jobs.taskUnknown', undefined, signal))) return;
          continue;
        }
      }
      await this.onTaskEnded(id, final);
      return;
    }
  }

  private async onTaskEnded(id: string, t: FinalTaskSnapshot): Promise<void> {
    const endedAt = roundOrNull(t.endTime?.epochMs) ?? this.deps.now();
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
            // Only the n slots asked for: a server answering more URLs gets none of them fetched.
            result: withinN(
              {
                imageCount: t.imageCount,
                images: t.images.map((i) => ({ index: i.index, url: i.url })),
                failures: t.failures.map((f) => ({ index: f.index, code: f.serverCode, message: f.message })),
                scheduledAt: roundOrNull(t.scheduledTime?.epochMs),
                endedAt: roundOrNull(t.endTime?.epochMs),
                requestId: t.requestId,
              },
              r.params.n,
            ),
          }),
          { keepOnFail: true },
        );
        // The next create may go out now; the download runs beside it.
        this.deps.kick();
        await this.collect(id, this.workers.get(id)?.ctl.signal ?? new AbortController().signal);
        return;
      }
      case 'FAILED':
        await this.deps.finish(id, 'failed', {
          endedAt,
          error: { code: t.serverCode, message: t.message.slice(0, 500) },
        });
        return;
      case 'CANCELED':
        await this.deps.finish(id, 'canceled', { endedAt });
        return;
      default:
        await this.deps.finish(id, 'expired', {
          endedAt,
          error: { code: 'jobs.taskExpired', message: 'DashScope no longer knows this task.' },
        });
    }
  }

  /**
   * Hands the task's images to the gallery, each on its own: the entry is made with what arrived,
   * and while an image keeps failing the job stays `downloading` (backing off, or waiting for the
   * network) and tries only that image again, until it arrives or its link expires.
   */
  private async collect(id: string, signal: AbortSignal): Promise<void> {
    // What the result host's answers say its clock reads, for "has the link expired".
    const server = new ServerClock();
    while (!signal.aborted) {
      const job = this.table.get(id);
      if (!job || job.state !== 'downloading' || !job.result || !job.taskId) return;
      const { result, taskId } = job;
      let round: HandOver;
      try {
        try {
          if (
            await this.deps.ledger.record(taskId, result.imageCount, result.endedAt ?? job.endedAt ?? this.deps.now())
          ) {
            void this.deps.ledger.summary().then((s) => this.deps.onUsage(s));
          }
        } catch (e) {
          this.table.halt(e);
          throw new StorageHalt('ledger write failed');
        }
        const timeoutMs = resultTimeoutMs(this.deps.resultTimeoutMs ?? RESULT_TIMEOUT_MS, job.attempts);
        // The URLs came from the task's own endpoint (settings may name another by now).
        const endpoint = job.identity?.baseUrl ?? this.deps.endpoint();
        round = await handOver(job, this.deps, { endpoint, server, signal, timeoutMs });
      } catch (e) {
        if (signal.aborted || e instanceof StorageHalt) return;
        if (e instanceof AppFailure && e.code === 'gallery.ioError') {
          // The gallery could not write (full disk…): pause like a failed record write; resume retries.
          this.table.halt(e);
          return;
        }
        this.deps.log?.(`download of ${id} failed`, e);
        const error =
          e instanceof AppFailure
            ? { code: e.code, message: e.message.slice(0, 500) }
            : { code: 'internal', message: e instanceof Error ? e.message.slice(0, 500) : String(e) };
        await this.deps.finish(id, 'failed', { error });
        return;
      }
      if (round.kind === 'collected') {
        const { galleryId, images, state, error } = round.collected;
        await this.deps.finish(id, state, { galleryId, images, error });
        return;
      }
      if (job.galleryId !== round.galleryId) await this.table.update(id, (r) => ({ ...r, galleryId: round.galleryId }));
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
