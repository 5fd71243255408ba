import { constants, type Stats } from 'node:fs';
import { lstat, open } from 'node:fs/promises';
import { join } from 'node:path';
import {
  GALLERY_FILE_PATTERN,
  GALLERY_IMAGE_FILE_PATTERN,
  galleryFolderParts,
  GalleryIdSchema,
} from '../../src-preload/contract/domain/gallery';

/** The app serves gallery images at `app://gallery/<id>/<file>` (a host of the app:// scheme). */
export const GALLERY_HOST = 'gallery';
export const GALLERY_IMAGE_BASE = `app://${GALLERY_HOST}/`;
/** The harness serves the same resolver on its own origin under this path. */
export const HARNESS_GALLERY_PREFIX = '/gallery/';

export interface GalleryFileRef {
  readonly id: string;
  readonly file: string;
}

/**
 * Parses the path part after the gallery prefix (`<id>/<file>`, still percent-encoded) into a
 * generation id and one of a generation's image files (meta.json and scene.json are not served:
 * the renderer gets records through the gallery channels, checked). Anything else is refused
 * before a path is ever built: the segments must match strict ASCII patterns, so `..`, `%2e%2e`,
 * encoded or raw slashes and backslashes, drive letters and absolute paths cannot get through.
 */
export function parseGalleryPath(encodedPath: string): GalleryFileRef | null {
  const parts = encodedPath.replace(/^\/+/, '').split('/');
  if (parts.length !== 2) return null;
  let id: string;
  let file: string;
  try {
    id = decodeURIComponent(parts[0]!);
    file = decodeURIComponent(parts[1]!);
  } catch {
    return null;
  }
  if (!GalleryIdSchema.safeParse(id).success || !GALLERY_IMAGE_FILE_PATTERN.test(file)) return null;
  return { id, file };
}

/** `app://gallery/<id>/<file>` → ref, or null for another host or a refused path. */
export function parseGalleryUrl(requestUrl: string): GalleryFileRef | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.host !== GALLERY_HOST || url.search || url.username || url.password) return null;
  return parseGalleryPath(url.pathname);
}

/*
 * Confined reads. Everything under the gallery folder may come from a stranger (a copied
 * generation, a whole copied gallery), so a read never follows a link and never opens what is
 * not a regular file of a sane size: every folder between the root and the file must be a real
 * folder (lstat), the file a regular file (lstat, then fstat of what was opened, O_NOFOLLOW) no
 * bigger than its cap, opened with O_NONBLOCK so a FIFO swapped in at the last moment cannot
 * block a libuv thread. A sparse 700 MB meta.json costs one lstat; a FIFO costs nothing.
 */

export type GalleryReadProblem = 'missing' | 'link' | 'notAFile' | 'tooLarge' | 'io';

export class GalleryReadError extends Error {
  constructor(
    readonly why: GalleryReadProblem,
    message: string,
  ) {
    super(message);
    this.name = 'GalleryReadError';
  }
}

// Windows has neither flag (nor FIFOs to block on); lstat and fstat still refuse links and devices there.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

const name = (path: string) => path.split(/[\\/]/).pop() ?? path;

async function lstatOrThrow(path: string): Promise<Stats> {
  try {
    return await lstat(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new GalleryReadError(
      code === 'ENOENT' || code === 'ENOTDIR' ? 'missing' : 'io',
      `${name(path)}: ${(e as Error).message}`,
    );
  }
}

function checkRegular(path: string, info: Stats, maxBytes: number): void {
  if (info.isSymbolicLink()) throw new GalleryReadError('link', `${name(path)} is a link, not a file`);
  if (!info.isFile()) throw new GalleryReadError('notAFile', `${name(path)} is not a regular file`);
  if (info.size > maxBytes)
    throw new GalleryReadError('tooLarge', `${name(path)} is ${info.size} bytes, over the ${maxBytes}-byte cap`);
}

/** `path`'s lstat when it is a regular file of at most `maxBytes`; else a GalleryReadError. */
export async function lstatRegularFile(path: string, maxBytes: number): Promise<Stats> {
  const info = await lstatOrThrow(path);
  checkRegular(path, info, maxBytes);
  return info;
}

/**
 * The bytes of `path` when it is a regular file (not a link, FIFO, device or folder) of at most
 * `maxBytes`. Checked before opening and again on the opened handle (same file, still regular).
 */
export async function readRegularFile(path: string, maxBytes: number): Promise<Buffer> {
  const before = await lstatRegularFile(path, maxBytes);
  let handle;
  try {
    handle = await open(path, OPEN_FLAGS);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new GalleryReadError(
      code === 'ELOOP' ? 'link' : code === 'ENOENT' ? 'missing' : 'io',
      `${name(path)}: ${(e as Error).message}`,
    );
  }
  try {
    const info = await handle.stat();
    if (info.ino !== before.ino || info.dev !== before.dev)
      throw new GalleryReadError('io', `${name(path)} changed while it was opened`);
    checkRegular(path, info, maxBytes);
    const bytes = Buffer.alloc(info.size);
    let at = 0;
    while (at < bytes.length) {
      const { bytesRead } = await handle.read(bytes, at, bytes.length - at, at);
      if (bytesRead === 0) break;
      at += bytesRead;
    }
    return at === bytes.length ? bytes : bytes.subarray(0, at);
  } finally {
    await handle.close();
  }
}

/** A generation's folder: `YYYY/MM/<id>` under `root`, each of the three a real folder (never a link). */
export async function confinedGenerationFolder(root: string, id: string): Promise<string> {
  if (!GalleryIdSchema.safeParse(id).success) throw new GalleryReadError('missing', 'not a gallery id');
  let path = root;
  for (const part of galleryFolderParts(id)) {
    path = join(path, part);
    const info = await lstatOrThrow(path);
    if (info.isSymbolicLink()) throw new GalleryReadError('link', `${part} is a link, not a folder`);
    if (!info.isDirectory()) throw new GalleryReadError('notAFile', `${part} is not a folder`);
  }
  return path;
}

/**
 * The path of `ref` inside the gallery folder when it is a regular file of at most `maxBytes` in
 * a real generation folder, else a GalleryReadError. The name must be one a generation holds.
 */
export async function confinedGalleryPath(root: string, ref: GalleryFileRef, maxBytes: number): Promise<string> {
  if (!GALLERY_FILE_PATTERN.test(ref.file)) throw new GalleryReadError('missing', 'not a gallery file');
  const path = join(await confinedGenerationFolder(root, ref.id), ref.file);
  await lstatRegularFile(path, maxBytes);
  return path;
}

/**
 * The bytes of `ref` (see confinedGalleryPath). `folderListed`: the caller has just listed the
 * generation folder as a real folder (lstat-type entries of its year and month), so its three
 * lstats are skipped; a rebuild reads thousands of meta.json files in a row.
 */
export async function readGalleryFile(
  root: string,
  ref: GalleryFileRef,
  maxBytes: number,
  options: { readonly folderListed?: boolean } = {},
): Promise<Buffer> {
  if (!GALLERY_FILE_PATTERN.test(ref.file)) throw new GalleryReadError('missing', 'not a gallery file');
  const folder = options.folderListed
    ? join(root, ...galleryFolderParts(ref.id))
    : await confinedGenerationFolder(root, ref.id);
  return readRegularFile(join(folder, ref.file), maxBytes);
}
