import type { FabricObject } from 'fabric';
import { renderObjectsFast } from './fast-render';

/** How many of the newest objects are left out of a new bitmap, to be drawn live on top. */
const TAIL = 64;
/** A bitmap stays in use until this many objects sit above it; then a fresher one is built. */
const MAX_TAIL = 4 * TAIL;
/** Objects rasterised per idle slice while a bitmap is built (~10–15 ms on a software canvas). */
const CHUNK = 200;

interface Bitmap {
  readonly el: HTMLCanvasElement;
  /** The objects it holds, bottom first; valid while they are still the bottom of the page. */
  readonly prefix: readonly FabricObject[];
  readonly key: string;
}

interface Build {
  readonly el: HTMLCanvasElement;
  readonly prefix: readonly FabricObject[];
  readonly key: string;
  readonly matrix: DOMMatrix;
  done: number;
}

const keyOf = (ctx: CanvasRenderingContext2D): string => {
  const m = ctx.getTransform();
  return `${ctx.canvas.width}x${ctx.canvas.height}|${m.a},${m.b},${m.c},${m.d},${m.e},${m.f}`;
};

const startsWith = (objects: readonly FabricObject[], prefix: readonly FabricObject[]): boolean => {
  if (prefix.length > objects.length) return false;
  for (let i = prefix.length - 1; i >= 0; i--) if (objects[i] !== prefix[i]) return false;
  return true;
};

/**
 * Keeps a bitmap of the bottom of the stack (everything but the newest strokes) at the current
 * zoom, so a repaint is one blit plus the newest strokes. Undo, redo and committing a stroke
 * touch the top of the stack, so on a 2,000-stroke page they stop costing a full repaint.
 *
 * Chromium records canvas drawing and rasterises it later, so a full repaint's real cost (about
 * 100 ms of software raster for 2,000 strokes) never shows on the main thread — until a bitmap
 * forces it. So a bitmap is never built during an interaction: when there is none that fits,
 * the page is drawn directly as before, and a new bitmap is built in idle time, in slices.
 *
 * Objects on the page never change once added, so a bitmap stays valid while its objects are,
 * by identity, still the bottom of the list, and the transform and canvas size are unchanged.
 */
export class PrefixCache {
  private bitmap: Bitmap | null = null;
  private build: Build | null = null;
  private spare: HTMLCanvasElement | null = null;
  private lastKey = '';

  constructor(private readonly currentObjects: () => readonly FabricObject[]) {}

  render(ctx: CanvasRenderingContext2D, objects: readonly FabricObject[]): void {
    const key = keyOf(ctx);
    this.lastKey = key;
    const bitmap = this.bitmap;
    if (bitmap && bitmap.key === key && startsWith(objects, bitmap.prefix)) {
      ctx.save();
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.globalCompositeOperation = 'source-over';
      ctx.drawImage(bitmap.el, 0, 0);
      ctx.restore();
      renderObjectsFast(ctx, objects.slice(bitmap.prefix.length));
      if (objects.length - bitmap.prefix.length > MAX_TAIL) this.schedule(ctx, objects, key);
      return;
    }
    renderObjectsFast(ctx, objects);
    if (objects.length > MAX_TAIL) this.schedule(ctx, objects, key);
  }

  private schedule(ctx: CanvasRenderingContext2D, objects: readonly FabricObject[], key: string): void {
    const prefix = objects.slice(0, objects.length - TAIL);
    if (this.build && this.build.key === key && startsWith(objects, this.build.prefix)) return;
    const el = this.spare ?? document.createElement('canvas');
    this.spare = null;
    if (el.width !== ctx.canvas.width || el.height !== ctx.canvas.height) {
      el.width = ctx.canvas.width;
      el.height = ctx.canvas.height;
    } else {
      const c = el.getContext('2d')!;
      c.setTransform(1, 0, 0, 1, 0, 0);
      c.clearRect(0, 0, el.width, el.height);
    }
    this.build = { el, prefix, key, matrix: ctx.getTransform(), done: 0 };
    requestIdleCallback(() => this.step(), { timeout: 1000 });
  }

  private step(): void {
    const build = this.build;
    if (!build) return;
    // Abandon a bitmap the page has moved away from (zoom, pan, an undo below it).
    if (build.key !== this.lastKey || !startsWith(this.currentObjects(), build.prefix)) {
      this.build = null;
      this.spare = build.el;
      return;
    }
    const off = build.el.getContext('2d')!;
    off.setTransform(build.matrix);
    const end = Math.min(build.prefix.length, build.done + CHUNK);
    renderObjectsFast(off, build.prefix.slice(build.done, end));
    // Reading one pixel makes the canvas rasterise what was recorded, inside this slice.
    off.getImageData(0, 0, 1, 1);
    build.done = end;
    if (build.done < build.prefix.length) {
      requestIdleCallback(() => this.step(), { timeout: 1000 });
      return;
    }
    if (this.bitmap) this.spare = this.bitmap.el;
    this.bitmap = { el: build.el, prefix: build.prefix, key: build.key };
    this.build = null;
  }
}
