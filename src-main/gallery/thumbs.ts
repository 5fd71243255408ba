import sharp from 'sharp';
import { GALLERY_THUMB_PX } from '../../src-preload/contract/domain/gallery';

/** A 256 px (longest side) WebP preview; the grid shows these, never the full images. */
export async function makeThumbnail(image: Uint8Array): Promise<Buffer> {
  return sharp(image)
    .resize(GALLERY_THUMB_PX, GALLERY_THUMB_PX, { fit: 'inside', withoutEnlargement: true })
    .webp({ quality: 78, effort: 2 })
    .toBuffer();
}

/** Re-encodes a JPEG (or any image sharp reads) as PNG, for an export that carries PNG text chunks. */
export async function toPng(image: Uint8Array): Promise<Buffer> {
  return sharp(image).png().toBuffer();
}
