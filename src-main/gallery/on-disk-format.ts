import { mkdir, rename } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { DRAFT_SCENE_MAX_CHARS } from '../../src-preload/contract/drafts';
import {
  galleryFolderParts,
  GALLERY_META_FILE,
  GALLERY_META_VERSION,
  GALLERY_SCENE_FILE,
  GALLERY_SKETCH_FILE,
  GALLERY_SKETCH_THUMB,
  galleryThumbFile,
  GalleryIdSchema,
  GalleryMetaSchema,
  type GalleryEntry,
  type GalleryMeta,
  type GalleryProblem,
} from '../../src-preload/contract/domain/gallery';
import { SKETCH_MAX_BYTES } from '../../src-preload/contract/domain/generation';
import { fsyncDir, writeFileAtomic } from '../common/atomic-file';
import { hasPngSignature, PNG_SIGNATURE } from '../common/png';
import { readGalleryFile } from '../security/gallery-path';

/**
 * The on-disk format of one generation:
 * `YYYY/MM/YYYYMMDD-HHMMSS-<short task id>/` holding sketch.png (the exact bytes the API saw),
 * scene.json (the draft's scene, when there was one), result-<i>.png|jpg, thumb-sketch.webp,
 * thumb-<i>.webp and meta.json. meta.json is the source of truth; the index is a cache of it.
 * The file names are the contract's (contract/domain/gallery.ts): the renderer asks for them too.
 */

/** `YYYY/MM/<id>`: where a generation lives, derived from its id (no index look-up). */
export const galleryFolderOf = (id: string): string => join(...galleryFolderParts(id));

/** Work in progress: a new generation is written here, then renamed into place (see writeGeneration). */
export const GALLERY_TMP_DIR = '.tmp';
/** Deleted generations wait here, one folder per delete, for their undo window (see deletes.ts). */
export const GALLERY_DELETED_DIR = '.deleted';

/** The gallery's folders are the user's alone: created 0700, files 0600 (whatever the umask). */
export const GALLERY_DIR_MODE = 0o700;
export const GALLERY_FILE_MODE = 0o600;

/**
 * The largest file of each kind the gallery writes, and so the largest it reads back: a bigger
 * one came from somewhere else and is refused by its size (lstat) before it is opened.
 */
export const GALLERY_CAPS = {
  /** A generation's record: params, tags, and the service's messages of failed images. */
  meta: 4 * 1024 * 1024,
  /** The draft's scene: at most DRAFT_SCENE_MAX_CHARS UTF-16 units, 3 bytes each in UTF-8 at worst. */
  scene: 3 * DRAFT_SCENE_MAX_CHARS,
  sketch: SKETCH_MAX_BYTES,
  /** A 768² result (a few MB at most as PNG) or a 256 px thumbnail. */
  image: 16 * 1024 * 1024,
} as const;

/** The cap of one of a generation's files, by name. */
export const capOf = (file: string): number =>
  file === GALLERY_META_FILE
    ? GALLERY_CAPS.meta
    : file === GALLERY_SCENE_FILE
      ? GALLERY_CAPS.scene
      : file === GALLERY_SKETCH_FILE
        ? GALLERY_CAPS.sketch
        : GALLERY_CAPS.image;

/** A PNG the gallery keeps: the signature and something after it. */
export const isPng = (b: Uint8Array): boolean => b.length > PNG_SIGNATURE.length && hasPngSignature(b);
const isJpeg = (b: Uint8Array): boolean => b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff;
export const imageExt = (b: Uint8Array): 'png' | 'jpg' | null => (isPng(b) ? 'png' : isJpeg(b) ? 'jpg' : null);

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** `YYYYMMDD-HHMMSS-<first 8 letters/digits of the task id>` in local time (what the user sees in the folder). */
export function baseGenerationId(createdAt: number, taskId: string): string {
  const d = new Date(createdAt);
  const stamp = `${d.getFullYear()}${pad(d.getMonth() + 1)}${pad(d.getDate())}-${pad(d.getHours())}${pad(d.getMinutes())}${pad(d.getSeconds())}`;
  const short = taskId.replace(/[^A-Za-z0-9]/g, '').slice(0, 8) || 'task';
  return `${stamp}-${short}`;
}

/** A fresh id: the base one, or with `-2`, `-3`… when two tasks with the same prefix land in one second. */
export function generationId(createdAt: number, taskId: string, taken: (id: string) => boolean): string {
  const base = baseGenerationId(createdAt, taskId);
  let id = base;
  for (let i = 2; taken(id); i++) id = `${base}-${i}`;
  return GalleryIdSchema.parse(id);
}

/** The compact record the index keeps and the grid shows. */
export function entryOf(meta: GalleryMeta): GalleryEntry {
  return {
    id: meta.id,
    taskId: meta.taskId,
    createdAt: meta.createdAt,
    prompt: meta.params.prompt,
    style: meta.params.style,
    n: meta.params.n,
    sketchWeight: meta.params.sketchWeight,
    status: meta.status,
    favourite: meta.favourite,
    setId: meta.setId,
    tags: meta.tags,
    images: meta.images.map((img) =>
      img.status === 'ok'
        ? { index: img.index, status: 'ok', file: img.file, thumb: galleryThumbFile(img.index) }
        : { index: img.index, status: img.status, file: null, thumb: null },
    ),
    sketchThumb: GALLERY_SKETCH_THUMB,
  };
}

export type MetaRead = { ok: true; meta: GalleryMeta } | { ok: false; problem: GalleryProblem };

/**
 * Reads and checks one meta.json; anything wrong becomes a quarantine reason instead of a throw.
 * `folderListed`: see readGalleryFile.
 */
export async function readMeta(
  root: string,
  id: string,
  options: { readonly folderListed?: boolean } = {},
): Promise<MetaRead> {
  const folder = galleryFolderOf(id).split('\\').join('/');
  const fail = (reason: GalleryProblem['reason'], detail: string): MetaRead => ({
    ok: false,
    problem: { folder, reason, detail },
  });
  let text: string;
  try {
    // Confined: a link, FIFO or sparse giant here is refused before it is opened.
    text = (await readGalleryFile(root, { id, file: GALLERY_META_FILE }, GALLERY_CAPS.meta, options)).toString('utf8');
  } catch (e) {
    return fail('unreadable', (e as Error).message);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return fail('notJson', (e as Error).message);
  }
  const version = (json as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (typeof version === 'number' && version > GALLERY_META_VERSION) {
    return fail('newerVersion', `meta.json schemaVersion ${version} is newer than ${GALLERY_META_VERSION}`);
  }
  const parsed = GalleryMetaSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return fail('invalidMeta', issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid');
  }
  if (parsed.data.id !== id) return fail('idMismatch', `meta.json says ${parsed.data.id}`);
  return { ok: true, meta: parsed.data };
}

/** meta.json's text; a record over the cap would be refused on reading, so it is not written. */
function metaText(meta: GalleryMeta): string {
  const text = `${JSON.stringify(meta, null, 2)}\n`;
  if (Buffer.byteLength(text) > GALLERY_CAPS.meta)
    throw new Error(`meta.json would be over ${GALLERY_CAPS.meta} bytes`);
  return text;
}

/** Rewrites meta.json in place (atomically: old or new, never torn). */
export async function writeMeta(root: string, meta: GalleryMeta): Promise<void> {
  await writeFileAtomic(join(root, galleryFolderOf(meta.id), GALLERY_META_FILE), metaText(meta), {
    mode: GALLERY_FILE_MODE,
  });
}

/**
 * Writes every file of a new generation into `tmpDir` (each fsync'd, meta.json last), then
 * renames the folder into `YYYY/MM/<id>` and flushes the parent folders. Until that rename the
 * generation is invisible, so a crash part-way leaves only a temp folder, removed on next start.
 */
export async function writeGeneration(
  root: string,
  tmpDir: string,
  meta: GalleryMeta,
  files: readonly { readonly name: string; readonly bytes: Uint8Array | string }[],
): Promise<void> {
  const text = metaText(meta);
  await mkdir(tmpDir, { recursive: true, mode: GALLERY_DIR_MODE });
  for (const f of files) await writeFileAtomic(join(tmpDir, f.name), f.bytes, { mode: GALLERY_FILE_MODE });
  await writeFileAtomic(join(tmpDir, GALLERY_META_FILE), text, { mode: GALLERY_FILE_MODE });
  const target = join(root, galleryFolderOf(meta.id));
  const month = dirname(target);
  const made = await mkdir(month, { recursive: true, mode: GALLERY_DIR_MODE });
  if (made) {
    // New YYYY and/or MM folders: their own entries must be durable too.
    await fsyncDir(dirname(month));
    await fsyncDir(root);
  }
  await rename(tmpDir, target);
  await fsyncDir(month);
  await fsyncDir(dirname(tmpDir));
}
