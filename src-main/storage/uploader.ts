import type { Clock } from '../common/clock';
import { inspectSketch } from './image-limits';
import type { ActiveAdapter } from './registry';
import { UploadCache } from './upload-cache';
import type { SketchMeta, UploadOptions, UploadResult } from './types';

/**
 * DashScope may keep a task queued up to 3 h before it fetches the sketch; a URL that lapses
 * sooner than this is uploaded again instead of reused.
 */
export const DEFAULT_MIN_VALIDITY_MS = 4 * 3_600_000;

export interface SketchUpload extends UploadResult {
  readonly meta: SketchMeta;
  /** True when an earlier upload of the same bytes to the same place was reused. */
  readonly reused: boolean;
}

export interface SketchUploaderDeps {
  /** The adapter the settings choose right now. */
  readonly active: () => Promise<ActiveAdapter>;
  readonly clock: Clock;
  readonly minValidityMs?: number;
}

/**
 * What the job queue calls: checks the sketch against the API's limits, then uploads it
 * through the chosen adapter unless the same bytes are already there. Nothing is cached when
 * an upload fails, so a failed upload is retried as if it never happened.
 */
export class SketchUploader {
  private readonly cache = new UploadCache();
  /** Jobs still holding each uploaded object; the same sketch in two jobs shares one object. */
  private readonly holders = new Map<string, number>();

  constructor(private readonly deps: SketchUploaderDeps) {}

  async upload(bytes: Uint8Array, options: UploadOptions = {}): Promise<SketchUpload> {
    // Limits first: a sketch the API would reject never costs an upload.
    const meta = inspectSketch(bytes);
    const { adapter, fingerprint } = await this.deps.active();
    const now = this.deps.clock.now();
    const cached = this.cache.get(fingerprint, meta.sha256, now, this.deps.minValidityMs ?? DEFAULT_MIN_VALIDITY_MS);
    if (cached) {
      this.retain(cached.ref);
      options.onProgress?.(1);
      return { ...cached, meta, reused: true };
    }
    let result: UploadResult;
    try {
      result = await adapter.upload(bytes, meta, options);
    } finally {
      adapter.dispose?.();
    }
    this.cache.put(fingerprint, meta.sha256, result);
    this.retain(result.ref);
    return { ...result, meta, reused: false };
  }

  /**
   * Marks `ref` as used by one more job. `upload` does this itself; after a restart the queue
   * calls it for every unfinished job's upload before releasing any.
   */
  retain(ref: UploadResult['ref']): void {
    const id = `${ref.adapter}\n${ref.key}`;
    this.holders.set(id, (this.holders.get(id) ?? 0) + 1);
  }

  /**
   * Call once the task that used `ref` has finished (succeeded, failed or canceled). Deletes
   * the object when no other job holds it, the adapter can delete and the user asked for it.
   * Returns whether an object was deleted.
   */
  async release(ref: UploadResult['ref'], signal?: AbortSignal): Promise<boolean> {
    const id = `${ref.adapter}\n${ref.key}`;
    const left = (this.holders.get(id) ?? 1) - 1;
    if (left > 0) {
      this.holders.set(id, left);
      return false;
    }
    this.holders.delete(id);
    const { adapter, deleteAfterTask } = await this.deps.active();
    try {
      if (adapter.id !== ref.adapter || !deleteAfterTask || !adapter.delete) return false;
      await adapter.delete(ref.key, signal);
      this.cache.forget(ref.adapter, ref.key);
      return true;
    } finally {
      adapter.dispose?.();
    }
  }
}
