import { basename } from 'node:path';
import { parseGalleryPath, parseGalleryUrl, readRegularFile } from '../security/gallery-path';
import type { GalleryService } from './gallery-service';
import { capOf } from './on-disk-format';

/**
 * The one resolver behind gallery image URLs, used by the app's protocol (`app://gallery/<id>/<file>`)
 * and the harness (`<origin>/gallery/<id>/<file>`): the URL is parsed strictly (images only, never
 * meta.json or scene.json), then the file is looked up through the service (known entry, a
 * regular file under its size cap in a real generation folder, no link followed). Null → 404.
 */
export async function resolveGalleryUrl(gallery: GalleryService, url: string): Promise<string | null> {
  const ref = parseGalleryUrl(url);
  return ref ? gallery.resolveFile(ref) : null;
}

/** Same, for the harness: `encodedPath` is the part after its `/gallery/` prefix, still percent-encoded. */
export async function resolveGalleryPath(gallery: GalleryService, encodedPath: string): Promise<string | null> {
  const ref = parseGalleryPath(encodedPath);
  return ref ? gallery.resolveFile(ref) : null;
}

/**
 * The bytes behind an image URL, read with the same checks again on the opened file (a file
 * swapped for a link or a FIFO after it was resolved is refused, not followed). Null → 404.
 */
export async function readGalleryUrl(
  gallery: GalleryService,
  url: string,
): Promise<{ path: string; bytes: Buffer } | null> {
  const path = await resolveGalleryUrl(gallery, url);
  if (!path) return null;
  try {
    return { path, bytes: await readRegularFile(path, capOf(basename(path))) };
  } catch {
    return null;
  }
}
