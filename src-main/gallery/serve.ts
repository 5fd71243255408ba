import { parseGalleryPath, parseGalleryUrl } from '../security/gallery-path';
import type { GalleryService } from './gallery-service';

/**
 * The one resolver behind gallery image URLs, used by the app's protocol (`app://gallery/<id>/<file>`)
 * and the harness (`<origin>/gallery/<id>/<file>`): the URL is parsed strictly, then the file is
 * looked up through the service (known entry, realpath inside the gallery folder). Null → 404.
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
