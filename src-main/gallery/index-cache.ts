import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import {
  GALLERY_META_VERSION,
  GalleryIdSchema,
  type GalleryEntry,
  type GalleryProblem,
} from '../../src-preload/contract/domain/gallery';
import { writeFileAtomic } from '../common/atomic-file';

/**
 * The index cache: one JSON file (`index.json`) with every entry's compact record, replaced
 * atomically. A single file beats an embedded database here: the whole index is needed in
 * memory anyway (search, filters, the grid), 10,000 entries are ~4 MB that JSON.parse reads in
 * tens of ms, and there is no native module to ship per platform. meta.json files stay the
 * source of truth: the cache is rebuilt from them when missing, damaged, of another version, or
 * when `index.dirty` says the app stopped between changing a meta.json and rewriting the index.
 */
export const INDEX_FILE = 'index.json';
export const DIRTY_FILE = 'index.dirty';
/** Bump when GalleryEntry's shape changes: an older cache is then rebuilt. */
export const INDEX_VERSION = 1;

export interface IndexData {
  readonly entries: GalleryEntry[];
  readonly problems: GalleryProblem[];
}

interface IndexFile extends IndexData {
  readonly version: number;
  readonly metaVersion: number;
}

/** The cached index, or null when it is missing, unreadable, of another version or marked dirty. */
export async function loadIndexFile(root: string): Promise<IndexData | null> {
  if (await exists(join(root, DIRTY_FILE))) return null;
  let parsed: Partial<IndexFile>;
  try {
    parsed = JSON.parse(await readFile(join(root, INDEX_FILE), 'utf8')) as Partial<IndexFile>;
  } catch {
    return null;
  }
  if (parsed.version !== INDEX_VERSION || parsed.metaVersion !== GALLERY_META_VERSION) return null;
  if (!Array.isArray(parsed.entries) || !Array.isArray(parsed.problems)) return null;
  // A cheap shape check (the file is ours and written atomically; a full schema parse of 50,000
  // entries would cost more than the rest of opening). A wrong record means rebuild.
  for (const e of parsed.entries) {
    if (typeof e?.id !== 'string' || typeof e.prompt !== 'string' || !Array.isArray(e.images)) return null;
  }
  return { entries: parsed.entries, problems: parsed.problems };
}

export async function saveIndexFile(root: string, data: IndexData): Promise<void> {
  const file: IndexFile = { version: INDEX_VERSION, metaVersion: GALLERY_META_VERSION, ...data };
  await writeFileAtomic(join(root, INDEX_FILE), JSON.stringify(file));
}

export async function markDirty(root: string): Promise<void> {
  await writeFileAtomic(join(root, DIRTY_FILE), '');
}

export async function clearDirty(root: string): Promise<void> {
  await rm(join(root, DIRTY_FILE), { force: true });
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

const YEAR = /^\d{4}$/;
const MONTH = /^(0[1-9]|1[0-2])$/;

async function subdirs(dir: string): Promise<string[]> {
  try {
    const list = await readdir(dir, { withFileTypes: true });
    return list.filter((d) => d.isDirectory() && !d.name.startsWith('.')).map((d) => d.name);
  } catch {
    return [];
  }
}

/**
 * Every generation folder on disk (`YYYY/MM/<id>`), by listing only the year and month folders:
 * a few dozen readdir calls for 10,000 generations, cheap enough to run on every open, and it
 * is how folders added or removed outside the app are noticed. Folders whose name is not an id,
 * or that sit in the wrong month, are reported as problems.
 */
export async function listGenerationFolders(root: string): Promise<{ ids: string[]; bad: GalleryProblem[] }> {
  const ids: string[] = [];
  const bad: GalleryProblem[] = [];
  for (const year of (await subdirs(root)).filter((y) => YEAR.test(y))) {
    const months = (await subdirs(join(root, year))).filter((m) => MONTH.test(m));
    const lists = await Promise.all(months.map((m) => subdirs(join(root, year, m)).then((names) => ({ m, names }))));
    for (const { m, names } of lists) {
      for (const name of names) {
        if (GalleryIdSchema.safeParse(name).success && name.startsWith(`${year}${m}`)) ids.push(name);
        else
          bad.push({
            folder: `${year}/${m}/${name}`,
            reason: 'badName',
            detail: `expected a folder named ${year}${m}DD-HHMMSS-<task>`,
          });
      }
    }
  }
  return { ids, bad };
}
