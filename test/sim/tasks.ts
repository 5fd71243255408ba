import { MESSAGES } from './messages';
import type { SketchCheck } from './sketch-input';

/**
 * What a test can script for the next tasks (FIFO); unscripted tasks succeed.
 * - `partial`: `failed` of the n images fail with `code` (default InternalError.Timeout).
 * - `output-inspection`: every image fails moderation → FAILED DataInspectionFailed.
 * - `fail`: FAILED with this code/message.
 * - `queue-timeout`: never scheduled; FAILED InternalError.Timeout after the 3 h queue limit.
 */
export type Outcome =
  | { kind: 'success' }
  | { kind: 'partial'; failed: number; code?: string; message?: string }
  | { kind: 'output-inspection' }
  | { kind: 'fail'; code: string; message: string }
  | { kind: 'queue-timeout' };

export type ResultItem = { url: string } | { code: string; message: string };

export interface FinalState {
  status: 'SUCCEEDED' | 'FAILED' | 'CANCELED';
  endAt: number;
  code?: string;
  message?: string;
  results: ResultItem[];
  succeeded: number;
  failed: number;
}

export interface SimTask {
  id: string;
  accountId: string;
  keyId: string;
  createRequestId: string;
  model: string;
  route: 'image2image' | 'text2image';
  /** After the silent 75-character truncation. */
  prompt: string;
  n: number;
  size: string;
  sketchWeight: number;
  style: string;
  sketchExtraction: boolean;
  sketchColor: number[][];
  sketchUrl: string;
  submitAt: number;
  /** Earliest start: submission plus scheduling delay. */
  readyAt: number;
  runMs: number;
  startAt?: number;
  endAt?: number;
  outcome: Outcome;
  /** Sketch download and validation, started at submission. */
  input: Promise<SketchCheck>;
  check?: SketchCheck;
  final?: FinalState;
}

export type LiveStatus = 'PENDING' | 'RUNNING' | FinalState['status'];

interface AccountQueue {
  pending: SimTask[];
  /** When each concurrency slot frees up. */
  slots: number[];
}

/**
 * Tasks and per-account queues. State is derived lazily from the clock: whenever someone looks,
 * the queue is played forward to "now" (start the head when a slot is free, end tasks whose run
 * time has passed), so no timers are needed and a jumped clock is handled exactly.
 */
export class TaskStore {
  private readonly tasks = new Map<string, SimTask>();
  private readonly queues = new Map<string, AccountQueue>();

  constructor(
    private readonly cfg: {
      /** Simulation time: a task whose submission lies ahead (a late-processed create) does not exist yet. */
      now: () => number;
      concurrency: () => number;
      queueTimeoutMs: () => number;
      inputFailureMs: () => number;
      finalize: (task: SimTask, endAt: number) => FinalState;
    },
  ) {}

  /**
   * Queues a task in submission order. `submitAt` may lie ahead (a create the gateway processes
   * late): the task then exists, queues and bills only from that moment on.
   */
  add(task: SimTask): void {
    this.tasks.set(task.id, task);
    void task.input.then((c) => (task.check = c));
    const pending = this.queue(task.accountId).pending;
    const after = pending.findIndex((t) => t.submitAt > task.submitAt);
    pending.splice(after < 0 ? pending.length : after, 0, task);
  }

  /**
   * A task that ran (or was cancelled) before now, outside the queue: a foreign task injected
   * after the fact. A CANCELED one carries its final state; others end at `endAt` (statusAt).
   */
  addEnded(task: SimTask): void {
    if (task.endAt === undefined) throw new Error('an ended task needs endAt');
    this.tasks.set(task.id, task);
  }

  get(id: string): SimTask | undefined {
    const t = this.tasks.get(id);
    return t && t.submitAt <= this.cfg.now() ? t : undefined;
  }

  /** Tasks that exist now (not those whose late processing is still ahead). */
  all(): SimTask[] {
    const now = this.cfg.now();
    return [...this.tasks.values()].filter((t) => t.submitAt <= now);
  }

  /** Tasks whose (late) processing is still ahead: they appear at `submitAt`. */
  upcoming(): SimTask[] {
    const now = this.cfg.now();
    return [...this.tasks.values()].filter((t) => t.submitAt > now);
  }

  private queue(accountId: string): AccountQueue {
    let q = this.queues.get(accountId);
    if (!q) {
      q = { pending: [], slots: Array.from({ length: Math.max(1, this.cfg.concurrency()) }, () => 0) };
      this.queues.set(accountId, q);
    }
    return q;
  }

  /** Plays an account's queue forward to `now`. Awaits sketch checks the schedule depends on. */
  async settle(accountId: string, now: number): Promise<void> {
    const q = this.queue(accountId);
    await Promise.all(q.pending.map((t) => t.input));
    for (const t of q.pending) t.check ??= await t.input;
    for (let guard = 0; guard < 100_000 && q.pending.length > 0; guard++) {
      const timeouts = q.pending.filter(
        (t) => t.outcome.kind === 'queue-timeout' && t.submitAt + this.cfg.queueTimeoutMs() <= now,
      );
      for (const t of timeouts) this.timeOut(q, t, t.submitAt + this.cfg.queueTimeoutMs());
      const head = q.pending.find((t) => t.outcome.kind !== 'queue-timeout');
      if (!head) break;
      let slot = 0;
      for (let i = 1; i < q.slots.length; i++) if (q.slots[i]! < q.slots[slot]!) slot = i;
      const start = Math.max(head.readyAt, q.slots[slot]!);
      const deadline = head.submitAt + this.cfg.queueTimeoutMs();
      if (deadline <= Math.min(start, now)) {
        this.timeOut(q, head, deadline);
        continue;
      }
      if (start > now) break;
      head.startAt = start;
      const failsEarly = head.check !== undefined && !head.check.ok;
      head.endAt = start + (failsEarly ? this.cfg.inputFailureMs() : head.runMs);
      q.slots[slot] = head.endAt;
      q.pending.splice(q.pending.indexOf(head), 1);
    }
  }

  /** Queued for longer than the service allows (3 h): InternalError.Timeout. */
  private timeOut(q: AccountQueue, t: SimTask, at: number): void {
    q.pending.splice(q.pending.indexOf(t), 1);
    t.endAt = at;
    t.final = {
      status: 'FAILED',
      endAt: at,
      code: 'InternalError.Timeout',
      message: MESSAGES.internalTimeout,
      results: [],
      succeeded: 0,
      failed: t.n,
    };
  }

  /** Status at `now`; call `settle` for the task's account first. */
  statusAt(t: SimTask, now: number): LiveStatus {
    if (t.final) return t.final.status;
    if (t.startAt === undefined || t.startAt > now) return 'PENDING';
    if (t.endAt !== undefined && t.endAt > now) return 'RUNNING';
    t.final = this.cfg.finalize(t, t.endAt ?? now);
    return t.final.status;
  }

  /** PENDING tasks only (CONTRACT.md §2.3). */
  cancel(t: SimTask, now: number): boolean {
    if (this.statusAt(t, now) !== 'PENDING') return false;
    const q = this.queue(t.accountId);
    q.pending.splice(q.pending.indexOf(t), 1);
    t.endAt = now;
    t.final = { status: 'CANCELED', endAt: now, results: [], succeeded: 0, failed: 0 };
    return true;
  }
}
