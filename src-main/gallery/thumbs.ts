import sharp from 'sharp';
import { GALLERY_THUMB_PX } from '../../src-preload/contract/domain/gallery';
import { SKETCH_MAX_PX } from '../../src-preload/contract/domain/generation';

/**
 * The most pixels decoded from a gallery image: the largest the gallery stores is a 2048² sketch
 * (results are 768²). An image on disk may be a stranger's, so a bigger one is refused by its
 * header instead of being decoded.
 */
const DECODE_PIXELS_MAX = SKETCH_MAX_PX * SKETCH_MAX_PX;

/** A 256 px (longest side) WebP preview; the grid shows these, never the full images. */
export async function makeThumbnail(image: Uint8Array): Promise<Buffer> {
  return sharp(image, { limitInputPixels: DECODE_PIXELS_MAX })
    .resize(GALLERY_THUMB_PX, GALLERY_THUMB_PX, { fit: 'inside', withoutEnlargement: true })
    .webp({ quality: 78, effort: 2 })
    .toBuffer();
}

/** Re-encodes a JPEG (or any image sharp reads) as PNG, for an export that carries PNG text chunks. */
export async function toPng(image: Uint8Array): Promise<Buffer> {
  return sharp(image, { limitInputPixels: DECODE_PIXELS_MAX }).png().toBuffer();
}
