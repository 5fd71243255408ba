import { SKETCH_MAX_PX } from '../../../../../src-preload/contract/domain/generation';
import { classifyPixels, extractInkColors, type ImageKind } from '../core/classify';
import { toHex, type Rgb } from '../core/color';
import { limitSize } from '../core/geometry';
import { pixelSize } from '../core/image-header';
import { snapToInk } from '../core/snap';

/**
 * What can be opened. Imports are scaled to IMPORT_MAX_SIDE and re-encoded before anything is
 * sent (the export is held to the API's limits), so the limits here are about decoding safely: the
 * pixel count, read from the header before decoding, and a generous byte bound.
 */
export const IMPORT_MAX_MB = 100;
export const IMPORT_MAX_BYTES = IMPORT_MAX_MB * 1024 * 1024;
export const IMPORT_MAX_MEGAPIXELS = 100;
export const IMPORT_MAX_PIXELS = IMPORT_MAX_MEGAPIXELS * 1_000_000;
/** An import is scaled to the largest sketch the API takes. */
export const IMPORT_MAX_SIDE = SKETCH_MAX_PX;
/** Enough of the file for any header, JPEG's after large EXIF/ICC segments included. */
const HEADER_BYTES = 512 * 1024;
const CLASSIFY_SIDE = 256;

export const IMPORT_ERROR_CODES = [
  'canvas.import.tooLarge',
  'canvas.import.notImage',
  'canvas.import.corrupt',
  'canvas.import.empty',
] as const;
export type ImportErrorCode = (typeof IMPORT_ERROR_CODES)[number];

export class ImportError extends Error {
  constructor(
    readonly code: ImportErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ImportError';
  }
}

export interface ImportedImage {
  readonly kind: ImageKind;
  /** PNG (line drawing, snapped to its pen colours) or JPEG (photo) data URL, ≤ IMPORT_MAX_SIDE px a side. */
  readonly dataUrl: string;
  readonly width: number;
  readonly height: number;
  /** Pen colours of a line drawing as `#rrggbb`; empty for a photo. */
  readonly ink: string[];
}

/** Magic numbers of the formats Chromium decodes and the API accepts (PNG, JPEG, WebP, GIF, BMP). */
function sniff(head: Uint8Array): boolean {
  const at = (i: number) => head[i] ?? -1;
  const png = at(0) === 0x89 && at(1) === 0x50 && at(2) === 0x4e && at(3) === 0x47;
  const jpeg = at(0) === 0xff && at(1) === 0xd8 && at(2) === 0xff;
  const webp = at(0) === 0x52 && at(1) === 0x49 && at(2) === 0x46 && at(3) === 0x46 && at(8) === 0x57 && at(9) === 0x45;
  const gif = at(0) === 0x47 && at(1) === 0x49 && at(2) === 0x46;
  const bmp = at(0) === 0x42 && at(1) === 0x4d;
  return png || jpeg || webp || gif || bmp;
}

function draw(bitmap: ImageBitmap, width: number, height: number): CanvasRenderingContext2D {
  const el = document.createElement('canvas');
  el.width = width;
  el.height = height;
  const ctx = el.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new Error('2D canvas unavailable');
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(bitmap, 0, 0, width, height);
  return ctx;
}

/**
 * Checks, decodes, scales down and classifies an image the user opened, dropped or pasted.
 * Throws an ImportError (with a translatable code) for anything that should leave the
 * canvas untouched.
 */
export async function readImage(file: Blob): Promise<ImportedImage> {
  if (file.size === 0) throw new ImportError('canvas.import.empty', 'The file is empty.');
  if (file.size > IMPORT_MAX_BYTES)
    throw new ImportError('canvas.import.tooLarge', `The file is larger than ${IMPORT_MAX_MB} MB.`);
  const head = new Uint8Array(await file.slice(0, HEADER_BYTES).arrayBuffer());
  if (!sniff(head))
    throw new ImportError('canvas.import.notImage', 'The file is not a PNG, JPEG, WebP, GIF or BMP image.');
  const size = pixelSize(head);
  if (size && size.width * size.height > IMPORT_MAX_PIXELS)
    throw new ImportError('canvas.import.tooLarge', `The image has more than ${IMPORT_MAX_MEGAPIXELS} megapixels.`);
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch {
    throw new ImportError('canvas.import.corrupt', 'The image could not be decoded.');
  }
  try {
    if (bitmap.width < 1 || bitmap.height < 1)
      throw new ImportError('canvas.import.corrupt', 'The image has no pixels.');
    const small = limitSize(bitmap.width, bitmap.height, CLASSIFY_SIDE);
    const probe = draw(bitmap, small.width, small.height).getImageData(0, 0, small.width, small.height).data;
    const { kind } = classifyPixels(probe);
    const { width, height } = limitSize(bitmap.width, bitmap.height, IMPORT_MAX_SIDE);
    const ctx = draw(bitmap, width, height);
    if (kind === 'photo') {
      // White behind transparent areas, as the page would show them.
      ctx.globalCompositeOperation = 'destination-over';
      ctx.fillStyle = '#ffffff';
      ctx.fillRect(0, 0, width, height);
      return { kind, dataUrl: ctx.canvas.toDataURL('image/jpeg', 0.92), width, height, ink: [] };
    }
    const img = ctx.getImageData(0, 0, width, height);
    // Pen colours come from the full-size pixels: downscaling blends thin lines into paper.
    const ink: Rgb[] = extractInkColors(img.data, width);
    if (ink.length === 0)
      throw new ImportError('canvas.import.empty', 'The image is blank: it has no lines to draw with.');
    snapToInk(img.data, ink);
    ctx.putImageData(img, 0, 0);
    return { kind, dataUrl: ctx.canvas.toDataURL('image/png'), width, height, ink: ink.map(toHex) };
  } finally {
    bitmap.close();
  }
}
