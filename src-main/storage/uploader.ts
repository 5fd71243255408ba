import type { UploadDestination } from '../../src-preload/contract/storage';
import type { Clock } from '../common/clock';
import { inspectSketch } from './image-limits';
import type { ActiveAdapter } from './registry';
import { UploadRecords } from './upload-cache';
import type { SketchMeta, StorageAdapter, UploadOptions, UploadResult } from './types';

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
  /** The upload records (persisted by the services under the data folder); in memory when absent. */
  readonly records?: UploadRecords;
  /**
   * Builds the adapter that deletes at a recorded destination with the secrets saved for it
   * (registry's `buildDeleter`); null when that storage cannot delete. Without it nothing is deleted.
   */
  readonly deleter?: (destination: UploadDestination) => Promise<StorageAdapter | null>;
}

/**
 * What the job queue calls: checks the sketch against the API's limits, then uploads it
 * through the chosen adapter unless the same bytes are already there. Each upload is recorded
 * (content, destination, expiry, holders) before it is returned, so a restart still reuses it
 * and its delete goes where it went. Nothing is recorded when an upload fails, so a failed
 * upload is retried as if it never happened.
 */
export class SketchUploader {
  private readonly records: UploadRecords;
  /** Retains run in order and before any release that follows them. */
  private retained: Promise<unknown> = Promise.resolve();
  /**
   * Deletes under way, by destination and content. Keys are content addresses, so an upload of
   * the same sketch waits for them: reusing the object would hand DashScope a URL about to die,
   * and uploading it anew would be deleted by the delete still in flight.
   */
  private readonly deleting = new Map<string, Promise<unknown>>();

  constructor(private readonly deps: SketchUploaderDeps) {
    this.records = deps.records ?? new UploadRecords(null);
  }

  async upload(bytes: Uint8Array, options: UploadOptions = {}): Promise<SketchUpload> {
    // Limits first: a sketch the API would reject never costs an upload.
    const meta = inspectSketch(bytes);
    const { adapter, fingerprint, destination, deleteAfterTask } = await this.deps.active();
    const now = this.deps.clock.now();
    await this.retained;
    await this.deleting.get(contentKey(fingerprint, meta.sha256));
    const hit = await this.records.find(
      fingerprint,
      meta.sha256,
      now,
      this.deps.minValidityMs ?? DEFAULT_MIN_VALIDITY_MS,
    );
    if (hit) {
      adapter.dispose?.();
      const ref = { adapter: hit.adapter, key: hit.key, destination: hit.destination };
      await this.records.retain(ref);
      options.onProgress?.(1);
      return { url: hit.url, expiresAt: hit.expiresAt, headers: { ...hit.headers }, ref, meta, reused: true };
    }
    let result: UploadResult;
    try {
      result = await adapter.upload(bytes, meta, options);
    } finally {
      adapter.dispose?.();
    }
    const ref = { adapter: result.ref.adapter, key: result.ref.key, destination };
    await this.records.add(
      {
        fingerprint,
        sha256: meta.sha256,
        adapter: ref.adapter,
        key: ref.key,
        url: result.url,
        expiresAt: result.expiresAt,
        headers: { ...result.headers },
        destination,
        deleteAfterTask,
        createdAt: this.deps.clock.now(),
      },
      this.deps.clock.now(),
    );
    return { ...result, ref, meta, reused: false };
  }

  /**
   * Marks `ref` as used by one more job. `upload` does this itself; after a restart the queue
   * calls it for every unfinished job's upload before releasing any.
   */
  retain(ref: UploadResult['ref']): void {
    this.retained = this.retained.then(() => this.records.retain(ref)).catch(() => undefined);
  }

  /** Deletes still under way (an upload of their content waits for them); for diagnostics and tests. */
  deletesInFlight(): number {
    return this.deleting.size;
  }

  /**
   * Call once the task that used `ref` has finished (succeeded, failed or canceled). Deletes
   * the object when no other job holds it, its storage can delete and the user asked for it at
   * upload time; the delete goes to the recorded destination (not the settings of the moment)
   * with the secrets saved for that destination. Returns whether an object was deleted.
   */
  async release(ref: UploadResult['ref'], signal?: AbortSignal): Promise<boolean> {
    await this.retained;
    const record = await this.records.release(ref);
    if (!record?.deleteAfterTask || !this.deps.deleter) return false;
    const deleter = this.deps.deleter;
    const key = contentKey(record.fingerprint, record.sha256);
    const work = (async () => {
      const adapter = await deleter(record.destination);
      if (!adapter?.delete) return false;
      try {
        await adapter.delete(record.key, signal);
      } finally {
        adapter.dispose?.();
      }
      await this.records.remove(record);
      return true;
    })();
    const settled = work.catch(() => undefined);
    this.deleting.set(key, settled);
    try {
      return await work;
    } finally {
      if (this.deleting.get(key) === settled) this.deleting.delete(key);
    }
  }
}

const contentKey = (fingerprint: string, sha256: string) => `${fingerprint}\n${sha256}`;

/**
 * Whether a kept upload is useless to a create sent as `current`: DashScope temporary storage
 * (`oss://`) is readable only by the account that uploaded it (a create with a key of another
 * account or region FAILS InvalidURL). Two keys of one account cannot be told apart here, so any
 * other key or endpoint counts, as does a record that does not say (one upload more at worst).
 */
export function uploadBoundElsewhere(
  ref: UploadResult['ref'],
  current: { readonly baseUrl: string; readonly keyId: string },
): boolean {
  if (ref.adapter !== 'dashscope-temp') return false;
  const d = ref.destination;
  return d?.adapter !== 'dashscope-temp' || d.endpoint !== current.baseUrl || d.credentialId !== current.keyId;
}
