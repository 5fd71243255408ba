import { createHash } from 'node:crypto';
import { constants, createReadStream } from 'node:fs';
import { copyFile, mkdir, open, readdir, rm, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { fsyncDir } from '../common/atomic-file';
import { GALLERY_DIR_MODE, GALLERY_FILE_MODE } from './store';

/** Copies one file durably (the bytes are on disk when it resolves). Injected by tests to fail part-way. */
export type CopyFile = (from: string, to: string) => Promise<void>;

/** Names under the gallery root that are not part of the gallery (work in progress, undo holding). */
export const MOVE_SKIPPED = new Set(['.tmp', '.deleted']);
/** Used inside a chosen folder that already holds other things. */
export const GALLERY_SUBFOLDER = 'Wanx Sketch Studio Gallery';

export const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/**
 * Copies by the OS (never the whole file in memory: a gallery may hold big files, a stranger's
 * too), refusing to overwrite (the target folder started empty), then 0600 and fsync'd.
 */
export const copyFileDurably: CopyFile = async (from, to) => {
  await copyFile(from, to, constants.COPYFILE_EXCL);
  const handle = await open(to, 'r+');
  try {
    await handle.chmod(GALLERY_FILE_MODE);
    await handle.sync();
  } finally {
    await handle.close();
  }
};

/** Size and sha256 of a file, read in chunks. */
async function digest(path: string): Promise<{ size: number; hash: string }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    size += chunk.length;
  }
  return { size, hash: hash.digest('hex') };
}

const isInside = (parent: string, child: string): boolean => {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !rel.startsWith(sep) && !/^[A-Za-z]:/.test(rel));
};

async function entriesOf(dir: string): Promise<string[] | null> {
  try {
    return await readdir(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

export type TargetChoice = { ok: true; target: string; exists: boolean } | { ok: false; why: 'inside' | 'notEmpty' };

/**
 * Where a chosen folder puts the gallery: the folder itself when it is empty, else a subfolder
 * of it (which must be absent or empty). Never inside the current gallery, nor around it.
 */
export async function chooseTarget(currentRoot: string, chosen: string): Promise<TargetChoice> {
  const from = resolve(currentRoot);
  let target = resolve(chosen);
  if (isInside(from, target) || isInside(target, from)) return { ok: false, why: 'inside' };
  let names = await entriesOf(target);
  if (names !== null && names.length > 0) {
    target = join(target, GALLERY_SUBFOLDER);
    names = await entriesOf(target);
    if (names !== null && names.length > 0) return { ok: false, why: 'notEmpty' };
  }
  return { ok: true, target, exists: names !== null };
}

export interface CopyOutcome {
  readonly files: number;
  readonly bytes: number;
}

/**
 * Copies the gallery tree `from` → `to` (every generation folder, the quarantined ones too, and
 * the index), then reads every copied file back and checks its size and sha256 against the
 * source. Throws on the first failure; the caller removes the partial copy. `from` is only read.
 */
export async function copyGalleryVerified(from: string, to: string, copyOne: CopyFile = copyFileDurably): Promise<CopyOutcome> {
  const copied: { rel: string; size: number; hash: string }[] = [];
  const walk = async (rel: string): Promise<void> => {
    const names = (await readdir(join(from, rel), { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
    await mkdir(join(to, rel), { recursive: true, mode: GALLERY_DIR_MODE });
    for (const d of names) {
      if (rel === '' && MOVE_SKIPPED.has(d.name)) continue;
      const childRel = rel === '' ? d.name : join(rel, d.name);
      if (d.isDirectory()) await walk(childRel);
      else if (d.isFile()) {
        const source = await digest(join(from, childRel));
        await copyOne(join(from, childRel), join(to, childRel));
        copied.push({ rel: childRel, ...source });
      }
      // Symlinks and other kinds are not gallery content (the protocol refuses them too).
    }
    await fsyncDir(join(to, rel));
  };
  await walk('');
  let bytes = 0;
  for (const f of copied) {
    const path = join(to, f.rel);
    const info = await stat(path);
    if (info.size !== f.size) throw new Error(`${f.rel}: copied ${info.size} bytes of ${f.size}`);
    if ((await digest(path)).hash !== f.hash) throw new Error(`${f.rel}: the copy differs from the original`);
    bytes += f.size;
  }
  return { files: copied.length, bytes };
}

/** Removes a failed copy: the whole target if this move created it, else what it put inside. */
export async function removePartialCopy(target: string, existed: boolean): Promise<void> {
  if (!existed) {
    await rm(target, { recursive: true, force: true });
    return;
  }
  for (const name of (await entriesOf(target)) ?? []) await rm(join(target, name), { recursive: true, force: true });
}
