import type { KeyedQueue } from '../common/atomic-file';
import type { Clock } from '../common/clock';
import { errorMessage } from '../common/io-error';
import { clearDirty, markDirty, saveIndexFile, type IndexData } from './index-cache';

/** Flushing the index this long after the last change batches a burst of stars or adds. */
const FLUSH_DELAY_MS = 250;

export interface IndexFlushDeps {
  readonly clock: Clock;
  /** The gallery's write queue: index writes take the `index` key, after the meta.json writes before them. */
  readonly writes: KeyedQueue;
  /** The gallery folder now (it changes when the gallery moves). */
  readonly root: () => string;
  /** What the index holds now, newest first. */
  readonly snapshot: () => IndexData;
}

/**
 * When the index cache (index-cache.ts) is written: a change marks it dirty on disk before the
 * first meta.json or folder changes, and the index is rewritten a moment after the last change
 * (or at once, on quit and before a move), which clears the mark.
 */
export class IndexFlush {
  private dirty = false;
  private timer: AbortController | null = null;
  private flushing: Promise<void> = Promise.resolve();

  constructor(private readonly deps: IndexFlushDeps) {}

  /** Before a meta.json or folder changes: if we stop before the index is rewritten, the next open rebuilds. */
  async markDirty(): Promise<void> {
    if (this.dirty) return;
    this.dirty = true;
    await this.deps.writes.run('index', () => markDirty(this.deps.root()));
  }

  /** The index in memory differs from the one on disk; the next flush writes it. */
  changed(): void {
    this.dirty = true;
  }

  /** Flushes FLUSH_DELAY_MS after the last call. */
  schedule(): void {
    this.timer?.abort();
    const timer = new AbortController();
    this.timer = timer;
    this.deps.clock.sleep(FLUSH_DELAY_MS, timer.signal).then(
      () => void this.flushNow(),
      () => undefined,
    );
  }

  /** Drops the scheduled flush (quit flushes itself). */
  cancel(): void {
    this.timer?.abort();
  }

  /** Writes the index if anything changed, then clears the dirty mark. */
  flushNow(): Promise<void> {
    this.flushing = this.flushing.then(() =>
      this.deps.writes.run('index', async () => {
        if (!this.dirty) return;
        this.dirty = false;
        try {
          await saveIndexFile(this.deps.root(), this.deps.snapshot());
          await clearDirty(this.deps.root());
        } catch (e) {
          this.dirty = true;
          console.error('[gallery] index write failed:', errorMessage(e));
        }
      }),
    );
    return this.flushing;
  }
}
