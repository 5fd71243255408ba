import type { Clock } from '../common/clock';
import { DashScopeError } from './errors';
import { DEFAULT_POLL_PLAN, PollPlan } from './poll-plan';
import type { PollPlanOptions } from './poll-plan';
import { pause } from './retry';
import { RunTimeModel } from './runtime-model';
import { isFinal } from './task';
import type { FinalTaskSnapshot, TaskSnapshot } from './task';

export interface TaskGetter {
  getTask(taskId: string, options?: { signal?: AbortSignal | undefined }): Promise<TaskSnapshot>;
}

export interface WaitOptions {
  signal?: AbortSignal | undefined;
  /**
   * The create exchange (from `createTask`). With it the poller measures the offset between the
   * server's time strings and our clock, so it knows precisely when the task started running.
   */
  created?: { sentAt: number; receivedAt: number } | undefined;
  onUpdate?: ((task: TaskSnapshot) => void) | undefined;
  /** Give up after this long; queued tasks die server-side after 3 h anyway. */
  maxWaitMs?: number;
}

export interface AdaptivePollerOptions {
  client: TaskGetter;
  clock: Clock;
  /** Share one model across waits so every finished task teaches the next. */
  model?: RunTimeModel;
  plan?: Partial<PollPlanOptions>;
  /** First look after submission; the SDKs look immediately, which only ever says PENDING. */
  firstPollDelayMs?: number;
  /** Wait after a poll that failed with a retryable error the client already retried. */
  errorDelayMs?: number;
}

const MAX_POLLS = 20_000;

/**
 * Waits for tasks to finish, polling where the learned run-time distribution says the end is
 * likely. One instance serves many tasks (the job queue's), learning from each.
 */
export class AdaptivePoller {
  readonly model: RunTimeModel;
  private readonly planOptions: PollPlanOptions;

  constructor(private readonly o: AdaptivePollerOptions) {
    this.model = o.model ?? new RunTimeModel();
    this.planOptions = { ...DEFAULT_POLL_PLAN, ...o.plan };
  }

  async waitForTask(taskId: string, w: WaitOptions = {}): Promise<FinalTaskSnapshot> {
    const { clock } = this.o;
    const start = clock.now();
    const deadline = start + (w.maxWaitMs ?? 3.5 * 3600_000);
    const plan = new PollPlan(this.model, this.planOptions);
    const firstDelay = this.o.firstPollDelayMs ?? 1000;
    let delay = w.created ? Math.max(0, w.created.receivedAt + firstDelay - start) : 0;
    let serverMinusLocal: number | undefined;
    let pendingPolls = 0;
    let lastPendingAt: number | undefined;

    for (let i = 0; i < MAX_POLLS; i++) {
      if (delay > 0) await pause(clock, delay, w.signal);
      if (clock.now() > deadline) {
        throw new DashScopeError({
          code: 'Client.WaitTimeout',
          message: `Task ${taskId} did not finish within ${Math.round((deadline - start) / 1000)} s.`,
          status: 0,
          outcome: 'unknown',
        });
      }
      let task: TaskSnapshot;
      try {
        task = await this.o.client.getTask(taskId, { signal: w.signal });
      } catch (e) {
        if (e instanceof DashScopeError && e.retryable) {
          delay = this.o.errorDelayMs ?? 5000;
          continue;
        }
        throw e;
      }
      const polledAt = clock.now();
      w.onUpdate?.(task);
      if (serverMinusLocal === undefined && w.created && task.submitTime?.epochMs !== undefined) {
        serverMinusLocal = task.submitTime.epochMs - (w.created.sentAt + w.created.receivedAt) / 2;
      }
      if (isFinal(task)) {
        this.learn(task);
        return task;
      }
      if (task.status === 'RUNNING') {
        const runningSince = this.startedAt(task, serverMinusLocal, lastPendingAt, start, polledAt);
        delay = plan.nextDelay(polledAt - runningSince);
      } else {
        lastPendingAt = polledAt;
        delay = plan.pendingDelay(pendingPolls++);
      }
    }
    throw new DashScopeError({
      code: 'Client.WaitTimeout',
      message: `Task ${taskId} polled ${MAX_POLLS} times without finishing.`,
      status: 0,
      outcome: 'unknown',
    });
  }

  /**
   * Local time the task started running. The server's scheduled_time is exact but on the
   * server's clock; without a calibration we assume the clocks agree (NTP) and clamp to what we
   * observed, since the task cannot have started before we last saw it pending or after now.
   */
  private startedAt(
    task: TaskSnapshot,
    serverMinusLocal: number | undefined,
    lastPendingAt: number | undefined,
    waitStart: number,
    now: number,
  ): number {
    const scheduled = task.scheduledTime?.epochMs;
    if (scheduled === undefined) return lastPendingAt ?? waitStart;
    const local = scheduled - (serverMinusLocal ?? 0);
    const floor = lastPendingAt === undefined ? -Infinity : lastPendingAt - 2000;
    return Math.min(now, Math.max(floor, local));
  }

  private learn(task: FinalTaskSnapshot): void {
    if (task.status !== 'SUCCEEDED') return; // failures can end early and would skew the model
    const s = task.scheduledTime?.epochMs;
    const e = task.endTime?.epochMs;
    if (s !== undefined && e !== undefined) this.model.observe(e - s);
  }
}
