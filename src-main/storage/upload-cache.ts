import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import {
  StorageAdapterIdSchema,
  UploadDestinationSchema,
  type UploadDestination,
} from '../../src-preload/contract/storage';
import { writeFileAtomic } from '../common/atomic-file';
import { SHA256_HEX_PATTERN } from '../common/sha256';
import type { UploadResult } from './types';

/**
 * One upload we made: what, where to (enough to delete it again whatever the settings say
 * later), until when it is usable, and how many jobs hold it. Never a secret: the URL of a
 * presigned GET carries a signature that expires with it, no credential.
 */
export const UploadRecordSchema = z.object({
  fingerprint: z.string(),
  sha256: z.string().regex(SHA256_HEX_PATTERN),
  adapter: StorageAdapterIdSchema,
  key: z.string().max(2048),
  url: z.string(),
  expiresAt: z.number().nullable(),
  headers: z.record(z.string(), z.string()),
  destination: UploadDestinationSchema,
  /** The user's "delete after the task" at upload time. */
  deleteAfterTask: z.boolean(),
  /** Jobs holding it. Reset on load: after a restart the queue retains each unfinished job's upload again. */
  holders: z.number().int().min(0),
  createdAt: z.number(),
});
export type UploadRecord = z.infer<typeof UploadRecordSchema>;

const FileSchema = z.object({ version: z.literal(1), uploads: z.array(UploadRecordSchema) });

export type UploadRef = UploadResult['ref'];

/** Writes a file durably (fsync file and folder); a test plays a full disk with its own. */
export type RecordsWrite = (path: string, data: string) => Promise<void>;

/**
 * `uploads.json` could not be written (full disk, a folder gone read-only). The upload itself may
 * have worked; what failed is our memory of it, so the caller pauses its work like any other
 * failed durable write instead of failing the job it was for.
 */
export class UploadRecordsWriteError extends Error {
  override readonly name = 'UploadRecordsWriteError';
  constructor(override readonly cause: unknown) {
    super(`uploads.json could not be written: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

/**
 * Builds before 0.1 kept an S3 upload as its presigned GET, which carries the access key id
 * (`X-Amz-Credential`). S3 records are kept as the bare address now; the GET is signed per create.
 */
const holdsSignature = (r: UploadRecord): boolean =>
  r.adapter === 's3' && URL.canParse(r.url) && new URL(r.url).search !== '';

function unsignedAddress(url: string): string {
  const address = new URL(url);
  address.search = '';
  return address.href;
}

const sameDestination = (a: UploadDestination, b: UploadDestination): boolean =>
  JSON.stringify(a) === JSON.stringify(b);

/**
 * The uploads we made, by destination and content, so the same sketch is not sent twice (a
 * remix, a retry after a failed create, a restart), and so a delete goes where the upload went.
 * Kept in `uploads.json` under the data folder, written atomically (fsync file and folder) after
 * every change; in memory only when no path is given.
 */
export class UploadRecords {
  private records: UploadRecord[] = [];
  private loaded: Promise<void> | null = null;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly path: string | null,
    private readonly capacity = 256,
    private readonly write: RecordsWrite = writeFileAtomic,
  ) {}

  private load(): Promise<void> {
    this.loaded ??= (async () => {
      if (!this.path) return;
      let text: string;
      try {
        text = await readFile(this.path, 'utf8');
      } catch {
        return;
      }
      try {
        const parsed = FileSchema.safeParse(JSON.parse(text));
        // A damaged file only costs re-uploads; it is rewritten on the next change.
        if (parsed.success) this.records = parsed.data.uploads.map((r) => ({ ...r, holders: 0 }));
      } catch {
        // Not JSON: as above.
      }
      if (this.records.some(holdsSignature)) {
        this.records = this.records.map((r) => (holdsSignature(r) ? { ...r, url: unsignedAddress(r.url) } : r));
        // Rewritten at once, not on the next change: the credential must not wait on disk for an upload.
        await this.persist().catch((e: unknown) => console.error(`[storage] ${String(e)}`));
      }
    })();
    return this.loaded;
  }

  /** Reads the records now (at start), so an old file is scrubbed before anything else happens. */
  async open(): Promise<void> {
    await this.load();
  }

  private persist(): Promise<void> {
    const path = this.path;
    if (!path) return Promise.resolve();
    // One write after another, each with the state of its moment: the last one wins on disk.
    const next = this.writing.then(async () => {
      try {
        await mkdir(dirname(path), { recursive: true });
        await this.write(path, JSON.stringify({ version: 1, uploads: this.records }));
      } catch (e) {
        throw new UploadRecordsWriteError(e);
      }
    });
    this.writing = next.catch(() => undefined);
    return next;
  }

  /** Drops unheld records that lapsed or overflow the capacity (oldest first); held ones stay for their delete. */
  private prune(now: number): void {
    this.records = this.records.filter((r) => r.holders > 0 || r.expiresAt === null || r.expiresAt > now);
    let excess = this.records.length - this.capacity;
    if (excess <= 0) return;
    this.records = this.records.filter((r) => {
      if (excess > 0 && r.holders === 0) {
        excess--;
        return false;
      }
      return true;
    });
  }

  /** A usable earlier upload of `sha256` to this destination, valid at least `minValidityMs` more. */
  async find(fingerprint: string, sha256: string, now: number, minValidityMs: number): Promise<UploadRecord | null> {
    await this.load();
    const hit = this.records.find((r) => r.fingerprint === fingerprint && r.sha256 === sha256);
    if (!hit) return null;
    if (hit.expiresAt !== null && hit.expiresAt - now < minValidityMs) return null;
    return hit;
  }

  /** Adds an upload held by one job, replacing an older record of the same content and destination. */
  async add(record: Omit<UploadRecord, 'holders'>, now: number): Promise<void> {
    await this.load();
    const old = this.records.find((r) => r.fingerprint === record.fingerprint && r.sha256 === record.sha256);
    const holders = (old?.holders ?? 0) + 1;
    const added = { ...record, holders };
    this.records = this.records.filter((r) => r !== old);
    this.records.push(added);
    this.prune(now);
    try {
      await this.persist();
    } catch (e) {
      // The object is there (a retry reuses it: temporary storage refuses the same name twice),
      // but the caller that failed does not hold it.
      added.holders--;
      throw e;
    }
  }

  /** The record a job's ref names: by its destination when the ref carries one, else the latest held one. */
  private match(ref: UploadRef): UploadRecord | undefined {
    const candidates = this.records.filter(
      (r) =>
        r.adapter === ref.adapter &&
        r.key === ref.key &&
        (!ref.destination || sameDestination(r.destination, ref.destination)),
    );
    return candidates.findLast((r) => r.holders > 0) ?? candidates.at(-1);
  }

  /** One more job holds `ref`. False when no record names it. */
  async retain(ref: UploadRef): Promise<boolean> {
    await this.load();
    const r = this.match(ref);
    if (!r) return false;
    r.holders++;
    try {
      await this.persist();
    } catch (e) {
      r.holders = Math.max(0, r.holders - 1);
      throw e;
    }
    return true;
  }

  /** One job less holds `ref`; the record when none holds it any more. */
  async release(ref: UploadRef): Promise<UploadRecord | null> {
    await this.load();
    const r = this.match(ref);
    if (!r) return null;
    r.holders = Math.max(0, r.holders - 1);
    await this.persist();
    return r.holders === 0 ? r : null;
  }

  /** The object is gone: no record may offer it for reuse. */
  async remove(record: UploadRecord): Promise<void> {
    await this.load();
    this.records = this.records.filter(
      (r) =>
        !(r.adapter === record.adapter && r.key === record.key && sameDestination(r.destination, record.destination)),
    );
    await this.persist();
  }

  /** For tests and diagnostics: a copy of what is kept. */
  async list(): Promise<UploadRecord[]> {
    await this.load();
    return this.records.map((r) => structuredClone(r));
  }
}
