import { Point, type Canvas } from 'fabric';
import { PAGE } from './scene';

export const ZOOM_MIN = 0.1;
export const ZOOM_MAX = 8;
/** Fit leaves these bands free (CSS px): the draft name and notices on top, zoom controls and counter below (DrawView). */
export const FIT_INSETS = { top: 56, bottom: 62, side: 16 } as const;

export interface ViewportEvents {
  /** The view moved or was zoomed (the paper is already in place and a render requested). */
  moved(): void;
  /** Space was pressed or released, or a pan started or ended: the cursor may change. */
  modeChanged(): void;
}

/**
 * Zoom and pan of the page in the window: the wheel, Space- or middle-button drags, fit and
 * 100 %, and the white paper element kept under the page. Panning is handled before fabric
 * sees the pointer, so no stroke starts under it.
 */
export class Viewport {
  private spaceDown = false;
  private pan: { id: number; x: number; y: number } | null = null;
  private fitMode = true;
  private disposed = false;

  constructor(
    private readonly canvas: Canvas,
    private readonly host: HTMLElement,
    private readonly paper: HTMLElement,
    private readonly events: ViewportEvents,
  ) {
    host.addEventListener('pointerdown', this.onPanDown, { capture: true });
    host.addEventListener('pointermove', this.onPanMove, { capture: true });
    host.addEventListener('pointerup', this.onPanUp, { capture: true });
    host.addEventListener('pointercancel', this.onPanUp, { capture: true });
  }

  get zoom(): number {
    return this.canvas.getZoom();
  }

  /** Space is held: a press pans instead of drawing. */
  get spaceHeld(): boolean {
    return this.spaceDown;
  }

  get panning(): boolean {
    return this.pan !== null;
  }

  private clampZoom(z: number): number {
    return Math.min(ZOOM_MAX, Math.max(ZOOM_MIN, z));
  }

  /** Zooms keeping the given viewport point (default: the centre) still. */
  zoomTo(z: number, at?: Point): void {
    const point = at ?? new Point(this.canvas.getWidth() / 2, this.canvas.getHeight() / 2);
    this.canvas.zoomToPoint(point, this.clampZoom(z));
    this.fitMode = false;
    this.afterView();
  }

  zoomBy(factor: number, at?: Point): void {
    this.zoomTo(this.zoom * factor, at);
  }

  /** The whole page in view with a margin; stays fitted while the window resizes. */
  fit(): void {
    const w = this.canvas.getWidth();
    const h = this.canvas.getHeight();
    // Room above for the draft name and notices, below for the zoom controls and the counter,
    // so nothing floats over the page when it fits (a tiny stage keeps a small margin instead).
    const roomy = h >= 2 * (FIT_INSETS.top + FIT_INSETS.bottom);
    const m = Math.min(48, Math.min(w, h) * 0.06);
    const [top, bottom, side] = roomy ? [FIT_INSETS.top, FIT_INSETS.bottom, Math.max(m, FIT_INSETS.side)] : [m, m, m];
    const z = this.clampZoom(Math.max(0.05, Math.min(w - side * 2, h - top - bottom) / PAGE));
    const pageSide = PAGE * z;
    this.canvas.setViewportTransform([z, 0, 0, z, (w - pageSide) / 2, top + (h - top - bottom - pageSide) / 2]);
    this.afterView();
    this.fitMode = true;
  }

  /** 100 %: one page pixel per CSS pixel (device pixels come from retina scaling). */
  actualSize(): void {
    this.centerAt(1);
    this.fitMode = false;
  }

  private centerAt(z: number): void {
    const w = this.canvas.getWidth();
    const h = this.canvas.getHeight();
    this.canvas.setViewportTransform([z, 0, 0, z, (w - PAGE * z) / 2, (h - PAGE * z) / 2]);
    this.afterView();
  }

  wheel(e: WheelEvent): void {
    e.preventDefault();
    e.stopPropagation();
    // Pixel deltas from wheels and trackpads alike; ctrl+wheel is a pinch on trackpads.
    const delta = e.deltaMode === 1 ? e.deltaY * 16 : e.deltaY;
    const factor = Math.exp(-delta * (e.ctrlKey ? 0.01 : 0.0015));
    this.zoomBy(factor, new Point(e.offsetX, e.offsetY));
  }

  /** Space pressed or released; false when it was already so. */
  setSpace(down: boolean): boolean {
    if (this.spaceDown === down) return false;
    this.spaceDown = down;
    return true;
  }

  private readonly onPanDown = (e: PointerEvent) => {
    if (!(e.button === 1 || (e.button === 0 && this.spaceDown))) return;
    e.preventDefault();
    e.stopPropagation();
    this.pan = { id: e.pointerId, x: e.clientX, y: e.clientY };
    (e.target as Element).setPointerCapture?.(e.pointerId);
    this.events.modeChanged();
  };

  private readonly onPanMove = (e: PointerEvent) => {
    if (!this.pan || e.pointerId !== this.pan.id) return;
    e.stopPropagation();
    this.canvas.relativePan(new Point(e.clientX - this.pan.x, e.clientY - this.pan.y));
    this.pan = { ...this.pan, x: e.clientX, y: e.clientY };
    this.fitMode = false;
    this.afterView();
  };

  private readonly onPanUp = (e: PointerEvent) => {
    if (!this.pan || e.pointerId !== this.pan.id) return;
    e.stopPropagation();
    this.pan = null;
    this.events.modeChanged();
  };

  /** The host changed size: a fitted page stays fitted, otherwise the view keeps its centre. */
  resize(): void {
    if (this.disposed) return;
    const { width, height } = this.host.getBoundingClientRect();
    if (width < 1 || height < 1) return;
    const vpt = this.canvas.viewportTransform;
    const dx = (width - this.canvas.getWidth()) / 2;
    const dy = (height - this.canvas.getHeight()) / 2;
    this.canvas.setDimensions({ width, height });
    if (this.fitMode) this.fit();
    else this.canvas.setViewportTransform([vpt[0], 0, 0, vpt[3], vpt[4] + dx, vpt[5] + dy]);
    this.afterView();
  }

  /** Clips a render to the page (restored by the caller after rendering). */
  clipToPage(ctx: CanvasRenderingContext2D): void {
    const v = this.canvas.viewportTransform;
    ctx.save();
    ctx.beginPath();
    ctx.rect(v[4], v[5], PAGE * v[0], PAGE * v[3]);
    ctx.clip();
  }

  private afterView(): void {
    const v = this.canvas.viewportTransform;
    const side = PAGE * v[0];
    this.paper.style.transform = `translate(${v[4]}px, ${v[5]}px)`;
    this.paper.style.width = `${side}px`;
    this.paper.style.height = `${side}px`;
    this.canvas.requestRenderAll();
    this.events.moved();
  }

  dispose(): void {
    this.disposed = true;
    this.host.removeEventListener('pointerdown', this.onPanDown, { capture: true });
    this.host.removeEventListener('pointermove', this.onPanMove, { capture: true });
    this.host.removeEventListener('pointerup', this.onPanUp, { capture: true });
    this.host.removeEventListener('pointercancel', this.onPanUp, { capture: true });
  }
}
