import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Makes a folder's entries durable: after a rename, the new name is only safe from a power cut
 * once the directory itself is flushed. Windows cannot open a directory for fsync (EPERM/EISDIR);
 * there NTFS journals the rename's metadata, which is the best the platform offers.
 */
export async function fsyncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Writes durably and atomically: a temp file in the same folder is written and fsync'd, renamed
 * over the target, then the folder is fsync'd. A crash or a power cut leaves the old file or the
 * new one, never an empty or torn one (rename is atomic within one file system on every OS we
 * ship to). On a full disk the write fails before the rename, so the previous file stays intact.
 */
export async function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  options: { readonly mode?: number } = {},
): Promise<void> {
  const dir = dirname(path);
  const tmp = join(dir, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    // `mode` (before the umask) applies to the new file, so the renamed-in file has it too.
    const handle = await open(tmp, 'w', options.mode ?? 0o666);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true }).catch(() => undefined);
    throw e;
  }
  await fsyncDir(dir);
}

/** Temp files a crash left behind (`.<name>.<hex>.tmp`); safe to delete on start. */
export const isAtomicTempName = (name: string): boolean => /^\..+\.[0-9a-f]{12}\.tmp$/.test(name);

/** Runs tasks for one key one after another, so two writes to one file cannot overtake each other. */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const next = previous.then(task, task);
    const tail = next.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return next;
  }

  /** Resolves once every task queued so far has settled (for shutdown). */
  async idle(): Promise<void> {
    while (this.tails.size > 0) await Promise.allSettled([...this.tails.values()]);
  }
}
