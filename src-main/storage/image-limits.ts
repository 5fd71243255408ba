import { imageSize } from 'image-size';
import {
  SKETCH_MAX_BYTES,
  SKETCH_MAX_MB,
  SKETCH_MAX_PX,
  SKETCH_MIN_PX,
} from '../../src-preload/contract/domain/generation';
import { AppFailure } from '../../src-preload/contract/result';
import { sha256Hex } from '../common/sha256';
import type { SketchFormat, SketchMeta } from './types';

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
  if (bytes.byteLength > SKETCH_MAX_BYTES) {
    throw new AppFailure('storage.image.tooHeavy', `The sketch is larger than ${SKETCH_MAX_MB} MB.`, {
      bytes: bytes.byteLength,
      max: SKETCH_MAX_BYTES,
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
  if (width < SKETCH_MIN_PX || height < SKETCH_MIN_PX) {
    throw new AppFailure('storage.image.tooSmall', `The sketch is smaller than ${SKETCH_MIN_PX}×${SKETCH_MIN_PX} px.`, {
      width,
      height,
      min: SKETCH_MIN_PX,
    });
  }
  if (width > SKETCH_MAX_PX || height > SKETCH_MAX_PX) {
    throw new AppFailure('storage.image.tooLarge', `The sketch is larger than ${SKETCH_MAX_PX}×${SKETCH_MAX_PX} px.`, {
      width,
      height,
      max: SKETCH_MAX_PX,
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
