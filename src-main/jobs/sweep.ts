import { TASK_QUERY_WINDOW_MS } from '../../src-preload/contract/domain/jobs';
import type { Clock } from '../common/clock';
import { CoalescedRun } from '../common/coalesced';
import type { DashScopeClient } from '../dashscope/client';
import type { TaskListItem } from '../dashscope/task';
import type { JobTable } from './job-table';
import type { JobRecord } from './record';
import type { SettleTiming } from './settle';
import type { TaskLedger, UnknownSend } from './task-ledger';

/**
 * "Nothing paid is lost": after a create whose answer was lost has been settled (found, chosen,
 * or sent again), a duplicate it made may still show up — a gateway that processed it minutes
 * later. The sweep lists our key's tasks and returns those stamped in that send's late window
 * that nothing of ours holds; the queue collects each as a recovered generation (paid and kept,
 * never paid and lost). Only our key (`api_key_id`, learnt first), only inside the window: a
 * task of another key, or of this key long after our send, is somebody else's.
 */
export async function sweepSend(a: {
  client: DashScopeClient;
  ledger: TaskLedger;
  send: UnknownSend;
  timing: SettleTiming;
  claimed: (taskId: string) => boolean;
  signal?: AbortSignal | undefined;
}): Promise<TaskListItem[]> {
  const apiKeyId = a.ledger.apiKeyId(a.send.owner);
  // Without our key's id every key of the account would look like ours: wait until it is learnt.
  if (apiKeyId === undefined) return [];
  const from = () => {
    const at = a.send.serverAt ?? a.client.serverClock.earliest(a.send.at);
    return at === undefined ? undefined : at - a.timing.marginMs;
  };
  const found = await a.client.lookForCreate(
    { model: a.send.model, apiKeyId, notBefore: from, claimed: a.claimed },
    { signal: a.signal },
  );
  const start = from();
  if (start === undefined) return [];
  return found.filter(
    (t) =>
      t.createdAt <= start + a.timing.lateWindowMs + a.timing.marginMs &&
      t.status !== 'CANCELED' &&
      t.status !== 'FAILED',
  );
}

/** Whether a settled send's late window has closed (server time), so one last sweep ends it. */
export function windowClosed(
  client: DashScopeClient,
  send: UnknownSend,
  timing: SettleTiming,
  localNow: number,
): boolean {
  const start = send.serverAt ?? client.serverClock.earliest(send.at) ?? send.at;
  return client.serverClock.estimate(localNow) > start + timing.lateWindowMs + timing.sweepEveryMs;
}

export interface SweepDeps {
  readonly table: Pick<JobTable, 'get' | 'all'>;
  readonly taskLedger: TaskLedger;
  readonly clock: Pick<Clock, 'sleep'>;
  readonly now: () => number;
  readonly settleTiming: SettleTiming;
  /** Shutting down: nothing new starts. */
  readonly stopped: () => boolean;
  /** Aborted at shutdown: the sweep's requests. */
  readonly signal: AbortSignal;
  /** The client a job's task is followed with (its own identity). */
  readonly clientOf: (job: JobRecord) => Promise<{ client: DashScopeClient }>;
  /** Learns the key's api_key_id from a task of ours made with it, when not known yet. */
  readonly ensureKeyId: (owner: string, client: DashScopeClient, signal: AbortSignal) => Promise<void>;
  /** Held by a job or the ledger. */
  readonly claimedBy: () => (taskId: string) => boolean;
  /** Collects a task of ours no job claims as a copy of `job` (a recovered generation). */
  readonly recover: (job: JobRecord, task: TaskListItem) => Promise<void>;
  /** Work the queue's shutdown waits for. */
  readonly inBackground: (work: () => Promise<unknown>) => void;
  readonly log?: ((message: string, error?: unknown) => void) | undefined;
}

/**
 * The sweep: while any settled send's late window is open, lists our key's tasks every
 * `sweepEveryMs` and has the queue recover those no job claims, then closes the window.
 */
export class Sweep {
  private readonly run = new CoalescedRun({
    step: () => this.once(),
    stopped: () => this.deps.stopped(),
    onError: (e) => {
      if (!this.deps.stopped()) this.deps.log?.('sweep failed', e);
    },
    launch: (run) => this.deps.inBackground(run),
  });
  private timer: AbortController | null = null;

  constructor(private readonly deps: SweepDeps) {}

  /** Stops the next sweep's timer (shutdown). */
  stop(): void {
    this.timer?.abort();
  }

  /** Runs the sweep now (or right after the one running), while any lost create's late window is open. */
  soon(): void {
    this.run.request();
  }

  private async once(): Promise<void> {
    let open = false;
    // A late task may fall in several sends' windows: it is a copy of the latest send before it.
    const hits = new Map<string, { task: TaskListItem; job: JobRecord; at: number }>();
    const closing: string[] = [];
    for (const [jobId, send] of this.deps.taskLedger.sends()) {
      if (!send.settled || send.closed || this.deps.stopped()) continue;
      const job = this.deps.table.get(jobId);
      if (!job) {
        await this.deps.taskLedger.closeSend(jobId);
        continue;
      }
      const { client } = await this.deps.clientOf(job);
      const ended = windowClosed(client, send, this.deps.settleTiming, this.deps.now());
      const signal = this.deps.signal;
      await this.deps.ensureKeyId(send.owner, client, signal);
      // Without our key's id nothing can be told apart: wait for a task of this key to teach it (a create, a settle).
      if (this.deps.taskLedger.apiKeyId(send.owner) === undefined && this.deps.now() - send.at <= TASK_QUERY_WINDOW_MS)
        continue;
      const found = await sweepSend({
        client,
        ledger: this.deps.taskLedger,
        send,
        timing: this.deps.settleTiming,
        claimed: this.deps.claimedBy(),
        signal,
      });
      for (const task of found) {
        const prev = hits.get(task.taskId);
        if (!prev || send.at > prev.at) hits.set(task.taskId, { task, job, at: send.at });
      }
      // A window closes only after a sweep that could tell our key's tasks from the account's others.
      if (
        (ended && this.deps.taskLedger.apiKeyId(send.owner) !== undefined) ||
        this.deps.now() - send.at > TASK_QUERY_WINDOW_MS
      )
        closing.push(jobId);
      else open = true;
    }
    // A task stamped after a send still being settled is that settle's to find, not a late copy.
    const settling = async (t: TaskListItem) => {
      for (const job of this.deps.table.all()) {
        if (job.state !== 'submitting') continue;
        const at = job.submittingAt ?? job.updatedAt;
        const logged = this.deps.taskLedger.send(job.id);
        const { client } = await this.deps.clientOf(job);
        const from = (logged?.at === at ? logged.serverAt : null) ?? client.serverClock.earliest(at);
        if (from === undefined || t.createdAt >= from - this.deps.settleTiming.marginMs) return true;
      }
      return false;
    };
    for (const { task, job } of hits.values()) if (!(await settling(task))) await this.deps.recover(job, task);
    for (const jobId of closing) await this.deps.taskLedger.closeSend(jobId);
    if (open && !this.deps.stopped() && !this.timer) {
      const ctl = new AbortController();
      this.timer = ctl;
      this.deps.clock.sleep(this.deps.settleTiming.sweepEveryMs, ctl.signal).then(
        () => {
          this.timer = null;
          this.soon();
        },
        () => (this.timer = null),
      );
    }
  }
}
