import { mkdir, readdir, readFile, rename, rm } from 'node:fs/promises';
import { fsyncDir } from '../common/atomic-file';
import type { Clock } from '../common/clock';

/**
 * The file operations of the queue's store and usage ledger (durable writes go through
 * `DurableWrite`). One seam, so a test can play what the OS does to a real user's files: a record
 * locked for a moment by an antivirus or a backup (Windows EBUSY/EACCES), a read that keeps
 * failing, and check that every rename and removal is made durable.
 */
export interface JobFs {
  readFile(path: string): Promise<Uint8Array>;
  readdir(dir: string): Promise<string[]>;
  /** Recursive; resolves whether or not it existed. */
  mkdir(dir: string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  /** Removes a file; nothing when it is absent. */
  rm(path: string): Promise<void>;
  /** Flushes a folder's entries (after a rename or a removal in it). */
  fsyncDir(dir: string): Promise<void>;
}

export const nodeJobFs: JobFs = {
  readFile: (path) => readFile(path),
  readdir: (dir) => readdir(dir),
  mkdir: async (dir) => void (await mkdir(dir, { recursive: true })),
  rename: (from, to) => rename(from, to),
  rm: (path) => rm(path, { force: true }),
  fsyncDir,
};

const codeOf = (e: unknown): string | undefined => (e as NodeJS.ErrnoException | null)?.code;

/**
 * Errors that say "not now" rather than "this file is bad": Windows reports a file held open by
 * an antivirus, indexer or backup as EBUSY or EACCES/EPERM (sharing violation); EMFILE/ENFILE
 * and EAGAIN pass once other handles close.
 */
const TRANSIENT = new Set(['EBUSY', 'EACCES', 'EPERM', 'EAGAIN', 'EMFILE', 'ENFILE']);
export const isTransientIoError = (e: unknown): boolean => TRANSIENT.has(codeOf(e) ?? '');
export const isMissing = (e: unknown): boolean => codeOf(e) === 'ENOENT';

/** Pauses between reads of a file that was busy: about 3 s in all, what an antivirus scan holds a small file. */
const RETRY_DELAYS_MS = [50, 100, 200, 400, 800, 1600];

/**
 * Reads a file, trying again while the OS says it is busy or denied for a moment. Any other
 * error, and a transient one that outlasts the retries, is thrown as it came.
 */
export async function readFileRetrying(fs: JobFs, path: string, clock: Clock): Promise<Uint8Array> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fs.readFile(path);
    } catch (e) {
      const delay = RETRY_DELAYS_MS[attempt];
      if (!isTransientIoError(e) || delay === undefined) throw e;
      await clock.sleep(delay);
    }
  }
}
