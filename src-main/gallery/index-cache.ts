import type { Dirent } from 'node:fs';
import { lstat, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import {
  GALLERY_META_VERSION,
  GALLERY_RESULT_FILE_PATTERN,
  GALLERY_SKETCH_THUMB,
  GALLERY_THUMB_FILE_PATTERN,
  GALLERY_ID_PATTERN,
  GalleryEntryImageSchema,
  GalleryIdSchema,
  GenerationStatusSchema,
  SET_ID_PATTERN,
  TASK_ID_PATTERN,
  type GalleryEntry,
  type GalleryProblem,
} from '../../src-preload/contract/domain/gallery';
import { IMAGE_COUNT, SKETCH_STYLES } from '../../src-preload/contract/domain/generation';
import { writeFileAtomic } from '../common/atomic-file';
import { readRegularFile } from '../security/gallery-path';
import { GALLERY_FILE_MODE } from './on-disk-format';

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
/**
 * The largest index.json read: 100,000 entries of ~500 bytes (tags and all) are ~50 MB. A bigger
 * one (a stranger's sparse file) is refused by its size and the index is rebuilt from meta.json.
 */
export const INDEX_MAX_BYTES = 64 * 1024 * 1024;

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
    // Confined like every gallery read: a link, FIFO or giant file here is refused unopened.
    parsed = JSON.parse(
      (await readRegularFile(join(root, INDEX_FILE), INDEX_MAX_BYTES)).toString('utf8'),
    ) as Partial<IndexFile>;
  } catch {
    return null;
  }
  if (parsed.version !== INDEX_VERSION || parsed.metaVersion !== GALLERY_META_VERSION) return null;
  if (!Array.isArray(parsed.entries) || !Array.isArray(parsed.problems)) return null;
  // The index may be a stranger's too (a copied gallery): every entry must be one the grid can
  // be sent (GalleryEntrySchema), else one bad record would fail every gallery.list. Checked by
  // hand, field by field with the schemas' own facts: a zod parse of 50,000 entries costs ~1 s,
  // more than the rest of opening. A wrong record means rebuild from the meta.json files.
  if (!parsed.entries.every(isEntry)) return null;
  return { entries: parsed.entries, problems: parsed.problems };
}

const STYLES = new Set<unknown>(SKETCH_STYLES);
const STATUSES = new Set<unknown>(GenerationStatusSchema.options);
const IMAGE_STATUSES = new Set<unknown>(GalleryEntryImageSchema.shape.status.options);
const isInt = (v: unknown): v is number => Number.isSafeInteger(v);
const matches = (pattern: RegExp, v: unknown) => typeof v === 'string' && pattern.test(v);
const isImage = (img: Partial<GalleryEntry['images'][number]> | null): boolean =>
  !!img &&
  isInt(img.index) &&
  img.index >= 0 &&
  img.index < IMAGE_COUNT.max &&
  IMAGE_STATUSES.has(img.status) &&
  (img.file === null || matches(GALLERY_RESULT_FILE_PATTERN, img.file)) &&
  (img.thumb === null || matches(GALLERY_THUMB_FILE_PATTERN, img.thumb));
/** Whether `e` passes GalleryEntrySchema (checked by hand for speed; the unit test holds them equal). */
export const isEntry = (e: Partial<GalleryEntry> | null): boolean =>
  !!e &&
  matches(GALLERY_ID_PATTERN, e.id) &&
  matches(TASK_ID_PATTERN, e.taskId) &&
  isInt(e.createdAt) &&
  typeof e.prompt === 'string' &&
  STYLES.has(e.style) &&
  isInt(e.n) &&
  isInt(e.sketchWeight) &&
  STATUSES.has(e.status) &&
  typeof e.favourite === 'boolean' &&
  (e.setId === null || matches(SET_ID_PATTERN, e.setId)) &&
  Array.isArray(e.tags) &&
  e.tags.every((t) => typeof t === 'string') &&
  Array.isArray(e.images) &&
  e.images.every(isImage) &&
  e.sketchThumb === GALLERY_SKETCH_THUMB;

export async function saveIndexFile(root: string, data: IndexData): Promise<void> {
  const file: IndexFile = { version: INDEX_VERSION, metaVersion: GALLERY_META_VERSION, ...data };
  await writeFileAtomic(join(root, INDEX_FILE), JSON.stringify(file), { mode: GALLERY_FILE_MODE });
}

export async function markDirty(root: string): Promise<void> {
  await writeFileAtomic(join(root, DIRTY_FILE), '', { mode: GALLERY_FILE_MODE });
}

export async function clearDirty(root: string): Promise<void> {
  await rm(join(root, DIRTY_FILE), { force: true });
}

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch {
    return false;
  }
}

const YEAR = /^\d{4}$/;
const MONTH = /^(0[1-9]|1[0-2])$/;

/** The entries of `dir`, or none when it cannot be listed. */
async function list(dir: string): Promise<Dirent[]> {
  try {
    return await readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}

const LINK_DETAIL = 'a link, not a folder: links in the gallery are never followed';

/**
 * Every generation folder on disk (`YYYY/MM/<id>`), by listing only the year and month folders:
 * a few dozen readdir calls for 10,000 generations, cheap enough to run on every open, and it
 * is how folders added or removed outside the app are noticed. Folders whose name is not an id,
 * or that sit in the wrong month, are reported as problems; so are links where a year, month or
 * generation folder belongs (never followed: they may point anywhere).
 */
export async function listGenerationFolders(root: string): Promise<{ ids: string[]; bad: GalleryProblem[] }> {
  const ids: string[] = [];
  const bad: GalleryProblem[] = [];
  const link = (folder: string) => bad.push({ folder, reason: 'unreadable', detail: LINK_DETAIL });
  const years: string[] = [];
  for (const d of await list(root)) {
    if (!YEAR.test(d.name)) continue;
    if (d.isSymbolicLink()) link(d.name);
    else if (d.isDirectory()) years.push(d.name);
  }
  for (const year of years) {
    const months: string[] = [];
    for (const d of await list(join(root, year))) {
      if (!MONTH.test(d.name)) continue;
      if (d.isSymbolicLink()) link(`${year}/${d.name}`);
      else if (d.isDirectory()) months.push(d.name);
    }
    const lists = await Promise.all(months.map((m) => list(join(root, year, m)).then((names) => ({ m, names }))));
    for (const { m, names } of lists) {
      for (const d of names) {
        if (d.name.startsWith('.')) continue;
        const folder = `${year}/${m}/${d.name}`;
        if (d.isSymbolicLink()) link(folder);
        else if (!d.isDirectory()) continue;
        else if (GalleryIdSchema.safeParse(d.name).success && d.name.startsWith(`${year}${m}`)) ids.push(d.name);
        else bad.push({ folder, reason: 'badName', detail: `expected a folder named ${year}${m}DD-HHMMSS-<task>` });
      }
    }
  }
  return { ids, bad };
}
