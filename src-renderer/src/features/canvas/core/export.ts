import type { FabricObject } from 'fabric';
import { SKETCH_MAX_PX, SKETCH_MIN_PX } from '../../../../../src-preload/contract/domain/generation';
import { colorKey, sortColors, type Rgb } from './color';
import { PAGE } from './scene';
import { snapToIndices } from './snap';
import { renderObjectsFast } from './fast-render';
import { encodeIndexedPng } from './png';

export const EXPORT_MIN = SKETCH_MIN_PX;
export const EXPORT_MAX = SKETCH_MAX_PX;
export const EXPORT_DEFAULT = 768;

export interface ExportOptions {
  /** Square side in pixels, EXPORT_MIN–EXPORT_MAX (the API's limits). */
  readonly size?: number;
}

export interface SketchExport {
  /** PNG bytes: square, white background. */
  readonly png: Uint8Array;
  /** The brush colours whose pixels are in the PNG; for `lines`, every non-white pixel is one of them. */
  readonly sketchColor: Rgb[];
  readonly width: number;
  readonly height: number;
  /**
   * `lines`: snapped, ready for `sketch_color`. `photo`: the page holds a photo, which is left
   * unsnapped so the API can run `sketch_extraction` on it (sketch_color is then ignored).
   */
  readonly kind: 'lines' | 'photo';
}

export function checkExportSize(size: number): number {
  if (!Number.isInteger(size) || size < EXPORT_MIN || size > EXPORT_MAX) {
    throw new RangeError(`Export size must be an integer from ${EXPORT_MIN} to ${EXPORT_MAX}, got ${size}`);
  }
  return size;
}

/**
 * Draws the objects' vectors straight into a new square canvas at `size` (transparent where no
 * ink is). It bypasses fabric's per-object caches, which are sized for the on-screen zoom and
 * would be blurry at export size and get rebuilt twice if we changed the zoom instead.
 */
export function renderPage(objects: readonly FabricObject[], size: number): HTMLCanvasElement {
  const el = document.createElement('canvas');
  el.width = size;
  el.height = size;
  const ctx = el.getContext('2d', { willReadFrequently: true });
  if (!ctx) throw new Error('2D canvas unavailable');
  const s = size / PAGE;
  ctx.setTransform(s, 0, 0, s, 0, 0);
  renderObjectsFast(ctx, objects);
  return el;
}

function toPngBytes(el: HTMLCanvasElement): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    el.toBlob((blob) => {
      if (!blob) return reject(new Error('PNG encoding failed'));
      blob.arrayBuffer().then((b) => resolve(new Uint8Array(b)), reject);
    }, 'image/png');
  });
}

/**
 * The page's ink rasterised at export size and kept up to date incrementally: new strokes
 * land on top, so they are drawn onto it alone; anything else (undo, clear, load) marks it
 * stale and the next use re-renders it. Rasterising 2,000 strokes costs ~100 ms on a
 * software canvas, drawing one costs well under 1 ms.
 */
export class InkLayer {
  private el: HTMLCanvasElement | null = null;
  private valid = false;

  constructor(readonly size = EXPORT_DEFAULT) {}

  invalidate(): void {
    this.valid = false;
  }

  /** Objects just placed on top of the page. */
  append(objects: readonly FabricObject[]): void {
    if (!this.valid || !this.el) return;
    const ctx = this.el.getContext('2d', { willReadFrequently: true })!;
    ctx.setTransform(this.size / PAGE, 0, 0, this.size / PAGE, 0, 0);
    renderObjectsFast(ctx, objects);
  }

  /** The raster of `objects` (which must be the page's current objects). */
  get(objects: readonly FabricObject[]): HTMLCanvasElement {
    if (!this.valid || !this.el) {
      this.el = renderPage(objects, this.size);
      this.valid = true;
    }
    return this.el;
  }
}

/**
 * Snaps a rendered page and measures which ink colours survive. Does not modify `source`.
 * `indices` address the palette `[white, ...used]`.
 */
export function snapRendered(source: HTMLCanvasElement, candidates: readonly Rgb[]) {
  const ctx = source.getContext('2d', { willReadFrequently: true })!;
  const img = ctx.getImageData(0, 0, source.width, source.height);
  const { indices, counts } = snapToIndices(img.data, candidates);
  const used = sortColors(candidates.filter((_, i) => (counts[i] ?? 0) > 0));
  // Candidate order → palette order (used colours sorted; vanished ones dropped).
  const candidateIndex = new Map(candidates.map((c, i) => [colorKey(c), i]));
  const remap = new Uint8Array(candidates.length + 1);
  used.forEach((c, u) => (remap[candidateIndex.get(colorKey(c))! + 1] = u + 1));
  let identity = true;
  for (let i = 0; i < remap.length; i++) if (remap[i] !== i) identity = false;
  if (!identity) for (let p = 0; p < indices.length; p++) indices[p] = remap[indices[p]!]!;
  return { indices, used };
}

export async function exportSketch(
  objects: readonly FabricObject[],
  candidates: readonly Rgb[],
  { size = EXPORT_DEFAULT }: ExportOptions = {},
  layer?: InkLayer,
): Promise<SketchExport> {
  checkExportSize(size);
  const hasPhoto = objects.some((o) => o.wsRole === 'photo');
  if (hasPhoto) {
    const el = renderPage(objects, size);
    const ctx = el.getContext('2d')!;
    // Paper behind the photo: letterbox bars and erased areas are white, not transparent.
    ctx.globalCompositeOperation = 'destination-over';
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, size, size);
    return { png: await toPngBytes(el), sketchColor: sortColors(candidates), width: size, height: size, kind: 'photo' };
  }
  const source = layer && layer.size === size ? layer.get(objects) : renderPage(objects, size);
  const { indices, used } = snapRendered(source, candidates);
  // Palette: white first, then the colours in the order they are reported.
  const png = encodeIndexedPng(size, size, indices, [[255, 255, 255], ...used]);
  return { png, sketchColor: used, width: size, height: size, kind: 'lines' };
}

/** A small preview for the drafts list (white page, not snapped: it is only for people). */
export function thumbnailDataUrl(objects: readonly FabricObject[], size = 192): string {
  const el = renderPage(objects, size);
  const ctx = el.getContext('2d')!;
  ctx.globalCompositeOperation = 'destination-over';
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, size, size);
  return el.toDataURL('image/png');
}
