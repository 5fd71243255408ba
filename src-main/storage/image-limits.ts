import { imageSize } from 'image-size';
import { AppFailure } from '../../src-preload/contract/result';
import { sha256Hex } from '../common/sha256';
import type { SketchFormat, SketchMeta } from './types';

/** From the wanx-sketch-to-image-lite API reference: sketch_image_url limits. */
export const SKETCH_LIMITS = {
  minSide: 256,
  maxSide: 2048,
  maxBytes: 10 * 1024 * 1024,
} as const;

const FORMATS: Record<string, { format: SketchFormat; mime: SketchMeta['mime'] }> = {
  png: { format: 'png', mime: 'image/png' },
  jpg: { format: 'jpg', mime: 'image/jpeg' },
  webp: { format: 'webp', mime: 'image/webp' },
  tiff: { format: 'tiff', mime: 'image/tiff' },
};

/**
 * Checks a sketch against the API's limits before anything leaves the machine (reading only
 * the header), and names it by content. Throws `storage.image.*` with the numbers the UI shows.
 */
export function inspectSketch(bytes: Uint8Array): SketchMeta {
  if (bytes.byteLength > SKETCH_LIMITS.maxBytes) {
    throw new AppFailure('storage.image.tooHeavy', 'The sketch is larger than 10 MB.', {
      bytes: bytes.byteLength,
      max: SKETCH_LIMITS.maxBytes,
    });
  }
  let info: ReturnType<typeof imageSize>;
  try {
    info = imageSize(bytes);
  } catch {
    throw new AppFailure('storage.image.unreadable', 'The sketch is not a readable image.');
  }
  const kind = info.type ? FORMATS[info.type] : undefined;
  if (!kind) {
    throw new AppFailure('storage.image.format', 'The sketch must be PNG, JPEG, WEBP or TIFF.', {
      format: info.type ?? 'unknown',
    });
  }
  const { width, height } = info;
  if (width < SKETCH_LIMITS.minSide || height < SKETCH_LIMITS.minSide) {
    throw new AppFailure('storage.image.tooSmall', 'The sketch is smaller than 256×256 px.', {
      width,
      height,
      min: SKETCH_LIMITS.minSide,
    });
  }
  if (width > SKETCH_LIMITS.maxSide || height > SKETCH_LIMITS.maxSide) {
    throw new AppFailure('storage.image.tooLarge', 'The sketch is larger than 2048×2048 px.', {
      width,
      height,
      max: SKETCH_LIMITS.maxSide,
    });
  }
  // The output is always 768×768; a non-square sketch would come back stretched.
  if (width !== height) {
    throw new AppFailure('storage.image.notSquare', 'The sketch must be square.', { width, height });
  }
  const sha256 = sha256Hex(bytes);
  return {
    sha256,
    format: kind.format,
    mime: kind.mime,
    width,
    height,
    bytes: bytes.byteLength,
    key: `${sha256}.${kind.format}`,
  };
}
