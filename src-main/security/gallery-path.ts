import { realpath } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { GALLERY_FILE_PATTERN, GalleryIdSchema } from '../../src-preload/contract/domain/gallery';

/** The app serves gallery images at `app://gallery/<id>/<file>` (a host of the app:// scheme). */
export const GALLERY_HOST = 'gallery';
export const GALLERY_IMAGE_BASE = `app://${GALLERY_HOST}/`;
/** The harness serves the same resolver on its own origin under this path. */
export const HARNESS_GALLERY_PREFIX = '/gallery/';

export interface GalleryFileRef {
  readonly id: string;
  readonly file: string;
}

/** `YYYY/MM/<id>`: where a generation lives, derived from its id (no index look-up). */
export const galleryFolderOf = (id: string): string => join(id.slice(0, 4), id.slice(4, 6), id);

/**
 * Parses the path part after the gallery prefix (`<id>/<file>`, still percent-encoded) into a
 * generation id and one of the file names a generation folder holds. Anything else is refused
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
  if (!GalleryIdSchema.safeParse(id).success || !GALLERY_FILE_PATTERN.test(file)) return null;
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

/**
 * The real path of `ref` inside the gallery folder, or null when it does not exist or resolves
 * outside it (a symlink pointing out is followed by realpath and then refused).
 */
export async function confinedGalleryFile(root: string, ref: GalleryFileRef): Promise<string | null> {
  let realRoot: string;
  let real: string;
  try {
    realRoot = await realpath(resolve(root));
    real = await realpath(join(realRoot, galleryFolderOf(ref.id), ref.file));
  } catch {
    return null;
  }
  return real.startsWith(realRoot + sep) ? real : null;
}
