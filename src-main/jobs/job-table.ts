import type { JobError, JobProblem, JobState, JobWait } from '../../src-preload/contract/domain/jobs';
import { AppFailure } from '../../src-preload/contract/result';
import { KeyedQueue } from '../common/atomic-file';
import { ioErrorText } from '../common/io-error';
import type { JobStore } from './job-store';
import type { JobRecord } from './record';

/** Waiting to be submitted: the submit lane's work. */
export const LOCAL_STATES: readonly JobState[] = ['queued', 'uploading', 'uploaded', 'submitting'];
/** A task exists and has not ended: the account's one slot is taken. */
export const TASK_STATES: readonly JobState[] = ['submitted', 'running'];

/** A durable write failed: the queue is paused with `storageError` set; the step stops here. */
export class StorageHalt extends Error {
  override readonly name = 'StorageHalt';
}

export interface JobTableDeps {
  readonly store: JobStore;
  readonly now: () => number;
  /** Something a snapshot shows changed. */
  readonly changed: () => void;
  readonly log?: ((message: string, error?: unknown) => void) | undefined;
}

const byOrder = (a: JobRecord, b: JobRecord) => a.order - b.order || a.createdAt - b.createdAt;

/**
 * Every job's record in memory, each change written through the store first (one at a time
 * per job). A failed write keeps the previous record and sets `storageError`, which pauses the
 * queue until the user resumes and the unsaved records can be written.
 */
export class JobTable {
  private readonly jobs = new Map<string, JobRecord>();
  private readonly locks = new KeyedQueue();
  /** Records whose latest state is only in memory (a write failed after the server acted). */
  private readonly unsaved = new Set<string>();
  problems: JobProblem[] = [];
  storageError: JobError | null = null;

  constructor(private readonly deps: JobTableDeps) {}

  async load(): Promise<JobRecord[]> {
    const { records, problems } = await this.deps.store.load();
    this.problems = problems;
    for (const r of records) this.jobs.set(r.id, { ...r, wait: null });
    return records;
  }

  get(id: string): JobRecord | undefined {
    return this.jobs.get(id);
  }

  must(id: string): JobRecord {
    const j = this.jobs.get(id);
    if (!j) throw new AppFailure('jobs.notFound', 'No such job.', { id });
    return j;
  }

  all(): JobRecord[] {
    return [...this.jobs.values()];
  }

  /** Jobs still to be submitted, in run order. */
  local(): JobRecord[] {
    return this.all()
      .filter((j) => LOCAL_STATES.includes(j.state))
      .sort(byOrder);
  }

  /**
   * A `submitting` job goes first: its create may be live and must be settled before any other
   * is sent. Except a parked one (its settle period is over and it waits for a look, or for the
   * user's choice): it holds the queue for a few minutes at most, never for a day.
   */
  nextHead(parked: (j: JobRecord) => boolean = () => false): JobRecord | undefined {
    const local = this.local().filter((j) => !parked(j));
    return local.find((j) => j.state === 'submitting') ?? local[0];
  }

  hasLiveTask(): boolean {
    return this.all().some((j) => TASK_STATES.includes(j.state));
  }

  /** Every task id any job has made; reconciliation never adopts one of these. */
  knownTaskIds(): string[] {
    return this.all().flatMap((j) => (j.taskId ? [j.taskId, ...j.previousTaskIds] : j.previousTaskIds));
  }

  /** The run-order bounds of the active jobs (0 when there are none). */
  orderBounds(): { first: number; last: number } {
    const orders = this.all()
      .filter((j) => !['done', 'partial', 'failed', 'canceled', 'expired'].includes(j.state))
      .map((j) => j.order);
    return { first: Math.min(0, ...orders), last: Math.max(0, ...orders) };
  }

  /** A record already written by the store (enqueue). */
  add(record: JobRecord): void {
    this.jobs.set(record.id, record);
    this.deps.changed();
  }

  async remove(id: string): Promise<void> {
    await this.locks.run(id, async () => {
      await this.deps.store.remove(id);
      this.jobs.delete(id);
    });
    this.deps.changed();
  }

  halt(e: unknown): void {
    this.storageError = { code: 'jobs.writeFailed', message: `A job record could not be written: ${ioErrorText(e)}` };
    this.deps.log?.('job record write failed', e);
    this.deps.changed();
  }

  /**
   * Applies `fn` to the latest record and writes it. On a failed write the previous record stays
   * (on disk and in memory) and the queue pauses; with `keepOnFail` (the server already acted: a
   * task id, a result) memory keeps the new state so this process never repeats the step, and
   * it is written on resume.
   */
  update(id: string, fn: (r: JobRecord) => JobRecord, o: { keepOnFail?: boolean } = {}): Promise<JobRecord> {
    return this.locks.run(id, async () => {
      const next = { ...fn(this.must(id)), updatedAt: this.deps.now() };
      try {
        await this.deps.store.save(next);
        this.unsaved.delete(id);
      } catch (e) {
        if (o.keepOnFail) {
          this.jobs.set(id, next);
          this.unsaved.add(id);
        }
        this.halt(e);
        throw new StorageHalt('write failed');
      }
      this.jobs.set(id, next);
      this.deps.changed();
      return next;
    });
  }

  /** Transient: shown, not written (it is meaningless after a restart). */
  setWait(id: string, wait: JobWait | null): void {
    const r = this.jobs.get(id);
    if (!r || JSON.stringify(r.wait) === JSON.stringify(wait)) return;
    this.jobs.set(id, { ...r, wait });
    this.deps.changed();
  }

  /** After a failed write: writes what only memory holds. False (and still halted) when the disk still refuses. */
  async resumeWrites(): Promise<boolean> {
    this.storageError = null;
    for (const id of [...this.unsaved]) {
      const r = this.jobs.get(id);
      if (!r) continue;
      try {
        await this.locks.run(id, () => this.deps.store.save(r));
        this.unsaved.delete(id);
      } catch (e) {
        this.halt(e);
        return false;
      }
    }
    this.deps.changed();
    return true;
  }

  idle(): Promise<void> {
    return this.locks.idle();
  }
}
