import { createHash } from 'node:crypto';
import { constants, createReadStream } from 'node:fs';
import { copyFile, mkdir, open, readdir, rm, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { AppFailure } from '../../src-preload/contract/result';
import { fsyncDir } from '../common/atomic-file';
import { errorMessage } from '../common/io-error';
import { GALLERY_DELETED_DIR, GALLERY_DIR_MODE, GALLERY_FILE_MODE, GALLERY_TMP_DIR } from './on-disk-format';

/** Copies one file durably (the bytes are on disk when it resolves). Injected by tests to fail part-way. */
export type CopyFile = (from: string, to: string) => Promise<void>;

/** Names under the gallery root that are not part of the gallery (work in progress, undo holding). */
export const MOVE_SKIPPED = new Set([GALLERY_TMP_DIR, GALLERY_DELETED_DIR]);
/** Used inside a chosen folder that already holds other things. */
export const GALLERY_SUBFOLDER = 'Wanx Sketch Studio Gallery';

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
export async function copyGalleryVerified(
  from: string,
  to: string,
  copyOne: CopyFile = copyFileDurably,
): Promise<CopyOutcome> {
  const copied: { rel: string; size: number; hash: string }[] = [];
  const walk = async (rel: string): Promise<void> => {
    const names = (await readdir(join(from, rel), { withFileTypes: true })).sort((a, b) =>
      a.name.localeCompare(b.name),
    );
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

/**
 * The folder the gallery moves to, from the one the user chose (see chooseTarget): a folder
 * that cannot be read is `gallery.moveFailed`, one inside the gallery or not empty `gallery.badTarget`.
 */
export async function checkedTarget(currentRoot: string, chosen: string): Promise<{ target: string; exists: boolean }> {
  const choice = await chooseTarget(currentRoot, chosen).catch((e: unknown) => {
    throw new AppFailure('gallery.moveFailed', `The folder could not be read: ${errorMessage(e)}`);
  });
  if (!choice.ok) {
    throw new AppFailure(
      'gallery.badTarget',
      choice.why === 'inside' ? 'Choose a folder outside the current gallery folder.' : 'Choose an empty folder.',
      { why: choice.why },
    );
  }
  return choice;
}

/**
 * Copies the gallery at rest in `from` to `target` and checks the copy (copyGalleryVerified),
 * then remembers `target` (persistFolder). Any failure removes the partial copy and throws
 * `gallery.moveFailed`; `from` is untouched either way.
 */
export async function copyAndSwitch(
  from: string,
  target: string,
  existed: boolean,
  deps: { readonly copyFile?: CopyFile; readonly persistFolder: (path: string) => void },
): Promise<void> {
  try {
    await copyGalleryVerified(from, target, deps.copyFile);
    deps.persistFolder(target);
  } catch (e) {
    await removePartialCopy(target, existed).catch((c: unknown) =>
      console.error('[gallery] could not remove the partial copy:', errorMessage(c)),
    );
    throw new AppFailure('gallery.moveFailed', `The gallery could not be moved: ${errorMessage(e)}`);
  }
}

/** The old gallery folder to the OS trash once the copy is in use; if that fails it simply stays where it was. */
export async function trashOldGallery(oldRoot: string, trashItem: (path: string) => Promise<void>): Promise<void> {
  try {
    await trashItem(oldRoot);
  } catch (e) {
    console.error('[gallery] the old gallery folder could not be moved to the trash:', errorMessage(e));
  }
}
