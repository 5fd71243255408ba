import { Canvas, FabricImage, Path, Point, util, type FabricObject, type TPointerEventInfo } from 'fabric';
import { DEFAULT_INK, parseColor, toHex, type Rgb } from './color';
import { exportSketch, InkLayer, snapRendered, thumbnailDataUrl, type ExportOptions, type SketchExport } from './export';
import { boxFromDrag, constrainLine, containInSquare, type Pt } from './geometry';
import { renderObjectsFast } from './fast-render';
import { compound, History, type Command } from './history';
import { INERT, InkCounter, PAGE, registerSceneProperties } from './scene';
import { PrefixCache } from './prefix-cache';
import { isStoredFormat, quantizePath, reviveStoredPath, toStoredObject } from './stored-path';
import { EraserBrush, InkBrush } from '../tools/brushes';
import type { ImportedImage } from '../import/read-image';

export type Tool = 'pencil' | 'eraser' | 'line' | 'rect' | 'ellipse' | 'eyedropper';
/** How an imported image meets a page that already has something on it. */
export type PlaceMode = 'replace' | 'over';
/** An image placed over a drawing starts at this share of the fitted size, so what is beneath and its handles show. */
export const OVER_SCALE = 0.6;
/** Fit leaves these bands free (CSS px): the draft name and notices on top, zoom controls and counter below (DrawView). */
export const FIT_INSETS = { top: 56, bottom: 62, side: 16 } as const;
/** Corner handles only: the image keeps its aspect ratio and is never rotated (the API wants an upright sketch). */
const ARRANGE_CONTROLS = { ml: false, mr: false, mt: false, mb: false, mtr: false } as const;
export const TOOLS: readonly Tool[] = ['pencil', 'eraser', 'line', 'rect', 'ellipse', 'eyedropper'];

export const ZOOM_MIN = 0.1;
export const ZOOM_MAX = 8;
export const BRUSH_MIN = 1;
export const BRUSH_MAX = 64;

export interface CanvasState {
  readonly canUndo: boolean;
  readonly canRedo: boolean;
  readonly objectCount: number;
  /** Brush colours of the objects on the page (fast, updated on every change). */
  readonly inkColors: Rgb[];
  readonly hasPhoto: boolean;
  readonly zoom: number;
  /** An image placed over the drawing is selected for moving and scaling. */
  readonly arranging: boolean;
}

export interface ControllerEvents {
  /** Cheap state for the UI; called after every change. */
  state(s: CanvasState): void;
  /** The scene changed in a way that should be saved. */
  changed(): void;
  /** The eyedropper picked a colour. */
  picked(hex: string): void;
  /** A stroke started or ended (autosave waits for strokes to finish). */
  drawing(active: boolean): void;
}

/** The draft format on disk: fabric's object list plus our version tag. */
interface SceneJson {
  version: string;
  app: 'wanx-sketch-studio';
  page: number;
  objects: unknown[];
}

registerSceneProperties();

/**
 * fabric's enlivenObjects goes through a promise chain per object; strokes (plain paths,
 * nearly everything on a page) are built synchronously instead, which halves opening a
 * 2,000-stroke draft. Other types (images) still use fabric's loader. Order is kept.
 */
async function reviveObjects(list: unknown[]): Promise<FabricObject[]> {
  const out: Array<FabricObject | null> = new Array(list.length).fill(null);
  const others: Array<{ i: number; json: unknown }> = [];
  list.forEach((json, i) => {
    const o = json as { type?: unknown; path?: unknown } | null;
    if (o && typeof o === 'object' && typeof o.type === 'string' && o.type.toLowerCase() === 'path' && Array.isArray(o.path)) {
      out[i] = reviveStoredPath(o as Record<string, unknown>);
    } else {
      others.push({ i, json });
    }
  });
  if (others.length) {
    const revived = await util.enlivenObjects<FabricObject>(others.map((o) => o.json));
    others.forEach((o, k) => (out[o.i] = revived[k] ?? null));
  }
  return out.filter((o): o is FabricObject => o !== null);
}

/** A snapped line drawing with its white paper made transparent, so it can lie over a drawing. */
async function paperToTransparent(dataUrl: string): Promise<string> {
  const img = await util.loadImage(dataUrl);
  const c = document.createElement('canvas');
  c.width = img.naturalWidth;
  c.height = img.naturalHeight;
  const ctx = c.getContext('2d')!;
  ctx.drawImage(img, 0, 0);
  const data = ctx.getImageData(0, 0, c.width, c.height);
  const px = new Uint32Array(data.data.buffer);
  // Snapped pixels are exactly paper (opaque white) or a pen colour.
  for (let i = 0; i < px.length; i++) if (px[i] === 0xffffffff) px[i] = 0;
  ctx.putImageData(data, 0, 0);
  return c.toDataURL('image/png');
}

/**
 * fabric's canvas with our batched renderer in place of its per-object loop, over a cached
 * bitmap of all but the newest objects (see PrefixCache).
 */
class PageCanvas extends Canvas {
  private readonly prefixCache = new PrefixCache(() => this.getObjects());

  override _renderObjects(ctx: CanvasRenderingContext2D, objects: FabricObject[]): void {
    // Only the main (lower) canvas is cached; anything else fabric renders (e.g. toCanvasElement) is drawn directly.
    if (ctx === this.contextContainer) this.prefixCache.render(ctx, objects);
    else renderObjectsFast(ctx, objects);
  }

  /** fabric would draw handles inside the page clip; the controller draws them after it (see after:render). */
  override drawControls(): void {}
}

/**
 * Owns the fabric canvas: tools, zoom/pan, history, colour tracking, export and
 * (de)serialisation. Vue never touches fabric directly; the store talks to this class.
 *
 * Layering: the fabric canvas covers the whole viewport and is transparent; a white "paper"
 * element under it marks the page. Ink is clipped to the page while rendering, and erasers
 * punch holes (destination-out) through which the paper shows, so erasing really removes ink.
 */
export class SketchController {
  readonly canvas: PageCanvas;
  private readonly history: History;
  private readonly ink = new InkCounter();
  private readonly layer = new InkLayer();
  private readonly inkBrush: InkBrush;
  private readonly eraserBrush: EraserBrush;
  /** Serialised objects are immutable once created, so their JSON is computed once. */
  private readonly jsonCache = new WeakMap<FabricObject, unknown>();
  private toolName: Tool = 'pencil';
  private colorHex: string = DEFAULT_INK;
  private brushWidth = 4;
  private spaceDown = false;
  private pan: { id: number; x: number; y: number } | null = null;
  private shape: { start: Pt; end: Pt; shift: boolean; alt: boolean } | null = null;
  private fitMode = true;
  /** The placed image being moved and scaled, until the user goes back to drawing. */
  private arranged: FabricObject | null = null;
  private resizeObserver: ResizeObserver;
  private disposed = false;

  constructor(
    private readonly host: HTMLElement,
    canvasEl: HTMLCanvasElement,
    private readonly paper: HTMLElement,
    private readonly events: ControllerEvents,
  ) {
    const { width, height } = host.getBoundingClientRect();
    this.canvas = new PageCanvas(canvasEl, {
      width: Math.max(1, width),
      height: Math.max(1, height),
      enablePointerEvents: true,
      enableRetinaScaling: true,
      selection: false,
      skipTargetFind: true,
      renderOnAddRemove: false,
      preserveObjectStacking: true,
      fireMiddleClick: false,
      fireRightClick: false,
      stopContextMenu: true,
      freeDrawingCursor: 'crosshair',
      defaultCursor: 'crosshair',
    });
    this.history = new History(() => this.emitState());
    this.inkBrush = new InkBrush(this.canvas);
    this.eraserBrush = new EraserBrush(this.canvas);
    this.canvas.on('before:render', ({ ctx }) => this.clipToPage(ctx));
    this.canvas.on('after:render', ({ ctx }) => {
      ctx.restore();
      // Handles of a placed image are drawn outside the page clip, so corners on the edge show whole.
      if (ctx === this.canvas.contextContainer && this.arranged) this.arranged._renderControls(ctx);
    });
    this.canvas.on('object:modified', ({ target, transform }) => this.onTransformed(target, transform?.original));
    this.canvas.on('path:created', ({ path }) => this.onPathCreated(path));
    this.canvas.on('mouse:down', (e) => this.onDown(e));
    this.canvas.on('mouse:move', (e) => this.onMove(e));
    this.canvas.on('mouse:up', (e) => this.onUp(e));
    this.canvas.on('mouse:wheel', (e) => this.onWheel(e.e));
    // Panning is handled before fabric sees the pointer, so no stroke starts under it.
    host.addEventListener('pointerdown', this.onPanDown, { capture: true });
    host.addEventListener('pointermove', this.onPanMove, { capture: true });
    host.addEventListener('pointerup', this.onPanUp, { capture: true });
    host.addEventListener('pointercancel', this.onPanUp, { capture: true });
    this.resizeObserver = new ResizeObserver(() => this.resize());
    this.resizeObserver.observe(host);
    this.setTool('pencil');
    this.fit();
  }

  // ---- tools and brush ---------------------------------------------------------------

  get tool(): Tool {
    return this.toolName;
  }

  setTool(tool: Tool): void {
    this.finishArranging();
    this.toolName = tool;
    this.clearTop();
    this.shape = null;
    const freehand = tool === 'pencil' || tool === 'eraser';
    this.canvas.isDrawingMode = freehand && !this.spaceDown;
    this.canvas.freeDrawingBrush = tool === 'eraser' ? this.eraserBrush : this.inkBrush;
    this.applyBrush();
    this.updateCursor();
  }

  setColor(hex: string): void {
    const rgb = parseColor(hex);
    if (!rgb) throw new Error(`Not a colour: ${hex}`);
    this.colorHex = toHex(rgb);
    this.applyBrush();
  }

  get color(): string {
    return this.colorHex;
  }

  setBrushSize(px: number): void {
    this.brushWidth = Math.min(BRUSH_MAX, Math.max(BRUSH_MIN, Math.round(px)));
    this.applyBrush();
  }

  private applyBrush(): void {
    this.inkBrush.color = this.colorHex;
    this.inkBrush.width = this.brushWidth;
    // The eraser is a little wider than the pencil by default feel; same slider though.
    this.eraserBrush.width = this.brushWidth;
  }

  private updateCursor(): void {
    const cursor = this.pan ? 'grabbing' : this.spaceDown ? 'grab' : this.arranged ? 'default' : this.toolName === 'eyedropper' ? 'copy' : 'crosshair';
    this.canvas.defaultCursor = cursor;
    this.canvas.freeDrawingCursor = cursor;
    this.canvas.setCursor(cursor);
  }

  // ---- history -----------------------------------------------------------------------

  undo(): boolean {
    const cmd = this.history.undo();
    if (cmd) this.afterChange();
    return !!cmd;
  }

  redo(): boolean {
    const cmd = this.history.redo();
    if (cmd) this.afterChange();
    return !!cmd;
  }

  clear(): void {
    const objs = this.canvas.getObjects();
    if (objs.length === 0) return;
    this.history.run(this.removeCommand('clear', objs));
    this.afterChange();
  }

  private addCommand(label: string, objs: readonly FabricObject[]): Command {
    const list = [...objs];
    for (const o of list) quantizePath(o);
    return {
      label,
      apply: () => {
        this.canvas.add(...list);
        for (const o of list) this.ink.add(o);
        this.layer.append(list);
      },
      revert: () => {
        this.canvas.remove(...list);
        for (const o of list) this.ink.add(o, -1);
        this.layer.invalidate();
      },
    };
  }

  private removeCommand(label: string, objs: readonly FabricObject[]): Command {
    const all = this.canvas.getObjects();
    // Indices keep z-order on undo; erasers only erase what is beneath them.
    const entries = objs.map((o) => ({ o, i: all.indexOf(o) })).sort((a, b) => a.i - b.i);
    return {
      label,
      apply: () => {
        this.canvas.remove(...entries.map((e) => e.o));
        for (const e of entries) this.ink.add(e.o, -1);
        this.layer.invalidate();
      },
      revert: () => {
        for (const e of entries) {
          this.canvas.insertAt(e.i, e.o);
          this.ink.add(e.o);
        }
        this.layer.invalidate();
      },
    };
  }

  private afterChange(): void {
    // Undo took the placed image off the page (or swapped it for its earlier position).
    if (this.arranged && !this.canvas.getObjects().includes(this.arranged)) this.finishArranging();
    this.canvas.requestRenderAll();
    this.emitState();
    this.events.changed();
  }

  // ---- drawing -----------------------------------------------------------------------

  private onPathCreated(path: FabricObject): void {
    quantizePath(path);
    path.set(INERT);
    this.ink.add(path);
    this.layer.append([path]);
    this.history.record(this.addCommand(path.wsRole === 'eraser' ? 'erase' : 'stroke', [path]));
    this.events.drawing(false);
    this.afterChange();
  }

  private onDown(opt: TPointerEventInfo): void {
    if (this.pan || this.spaceDown) return;
    const e = opt.e as PointerEvent;
    if (e.button !== 0) return;
    if (this.arranged) {
      // fabric moves and scales the image itself; a press beside it puts it down.
      if (!opt.target) this.finishArranging();
      return;
    }
    if (this.canvas.isDrawingMode) {
      this.events.drawing(true);
      return;
    }
    const p = opt.scenePoint;
    if (this.toolName === 'eyedropper') {
      this.pick(opt.viewportPoint);
      return;
    }
    this.shape = { start: { x: p.x, y: p.y }, end: { x: p.x, y: p.y }, shift: e.shiftKey, alt: e.altKey };
    this.events.drawing(true);
  }

  private onMove(opt: TPointerEventInfo): void {
    if (!this.shape) return;
    const e = opt.e as PointerEvent;
    this.shape = { ...this.shape, end: { x: opt.scenePoint.x, y: opt.scenePoint.y }, shift: e.shiftKey, alt: e.altKey };
    this.drawShapePreview();
  }

  private onUp(_opt: TPointerEventInfo): void {
    const shape = this.shape;
    if (!shape) return;
    this.shape = null;
    this.clearTop();
    this.events.drawing(false);
    const d = this.shapePath(shape);
    if (!d) return;
    const obj = new Path(d, {
      ...INERT,
      fill: null,
      stroke: this.colorHex,
      strokeWidth: this.brushWidth,
      strokeLineCap: 'round',
      strokeLineJoin: 'round',
      wsRole: 'ink',
      wsInk: [this.colorHex],
    });
    this.history.run(this.addCommand(this.toolName, [obj]));
    this.afterChange();
  }

  /** SVG path data of the dragged shape, or null when the drag was too small to mean anything. */
  private shapePath(s: { start: Pt; end: Pt; shift: boolean; alt: boolean }): string | null {
    const r = (n: number) => Math.round(n * 100) / 100;
    if (this.toolName === 'line') {
      const end = s.shift ? constrainLine(s.start, s.end) : s.end;
      if (Math.hypot(end.x - s.start.x, end.y - s.start.y) < 1) return null;
      return `M ${r(s.start.x)} ${r(s.start.y)} L ${r(end.x)} ${r(end.y)}`;
    }
    const b = boxFromDrag(s.start, s.end, { square: s.shift, fromCenter: s.alt });
    if (b.width < 1 && b.height < 1) return null;
    if (this.toolName === 'rect') {
      return `M ${r(b.left)} ${r(b.top)} H ${r(b.left + b.width)} V ${r(b.top + b.height)} H ${r(b.left)} Z`;
    }
    const rx = b.width / 2;
    const ry = b.height / 2;
    const cx = b.left + rx;
    const cy = b.top + ry;
    return `M ${r(cx - rx)} ${r(cy)} A ${r(rx)} ${r(ry)} 0 1 0 ${r(cx + rx)} ${r(cy)} A ${r(rx)} ${r(ry)} 0 1 0 ${r(cx - rx)} ${r(cy)} Z`;
  }

  private drawShapePreview(): void {
    const s = this.shape;
    if (!s) return;
    const d = this.shapePath(s);
    this.clearTop();
    if (!d) return;
    const ctx = this.canvas.contextTop;
    const v = this.canvas.viewportTransform;
    ctx.save();
    ctx.transform(v[0], v[1], v[2], v[3], v[4], v[5]);
    ctx.strokeStyle = this.colorHex;
    ctx.lineWidth = this.brushWidth;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.stroke(new Path2D(d));
    ctx.restore();
  }

  /** Esc: drops the shape being dragged. */
  cancel(): void {
    if (this.arranged) return this.finishArranging();
    if (!this.shape) return;
    this.shape = null;
    this.clearTop();
    this.events.drawing(false);
  }

  private clearTop(): void {
    this.canvas.clearContext(this.canvas.contextTop);
  }

  /**
   * Eyedropper: reads the rendered page under the pointer. Anti-aliased edges are blends,
   * so a brush colour found in the 5×5 neighbourhood wins over the exact pixel.
   */
  private pick(viewport: Point): void {
    const scale = this.canvas.getRetinaScaling();
    const ctx = this.canvas.getContext();
    const x = Math.round(viewport.x * scale) - 2;
    const y = Math.round(viewport.y * scale) - 2;
    const data = ctx.getImageData(x, y, 5, 5).data;
    const known = new Map(this.ink.colors().map((c) => [c.join(','), c] as const));
    const votes = new Map<string, number>();
    let center: Rgb = [255, 255, 255];
    for (let i = 0; i < 25; i++) {
      const a = data[i * 4 + 3]! / 255;
      const c: Rgb = [0, 1, 2].map((k) => Math.round(255 + (data[i * 4 + k]! - 255) * a)) as unknown as Rgb;
      if (i === 12) center = c;
      const key = c.join(',');
      if (known.has(key)) votes.set(key, (votes.get(key) ?? 0) + 1);
    }
    const best = [...votes.entries()].sort((a, b) => b[1] - a[1])[0];
    const picked = best ? known.get(best[0])! : center;
    if (picked[0] === 255 && picked[1] === 255 && picked[2] === 255) return; // paper is not a brush colour
    this.setColor(toHex(picked));
    this.events.picked(this.colorHex);
  }

  // ---- view: zoom and pan ------------------------------------------------------------

  get zoom(): number {
    return this.canvas.getZoom();
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

  private onWheel(e: WheelEvent): void {
    e.preventDefault();
    e.stopPropagation();
    // Pixel deltas from wheels and trackpads alike; ctrl+wheel is a pinch on trackpads.
    const delta = e.deltaMode === 1 ? e.deltaY * 16 : e.deltaY;
    const factor = Math.exp(-delta * (e.ctrlKey ? 0.01 : 0.0015));
    this.zoomBy(factor, new Point(e.offsetX, e.offsetY));
  }

  setSpace(down: boolean): void {
    if (this.spaceDown === down) return;
    this.spaceDown = down;
    this.canvas.isDrawingMode = !down && !this.arranged && (this.toolName === 'pencil' || this.toolName === 'eraser');
    this.updateCursor();
  }

  private readonly onPanDown = (e: PointerEvent) => {
    if (!(e.button === 1 || (e.button === 0 && this.spaceDown))) return;
    e.preventDefault();
    e.stopPropagation();
    this.pan = { id: e.pointerId, x: e.clientX, y: e.clientY };
    (e.target as Element).setPointerCapture?.(e.pointerId);
    this.updateCursor();
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
    this.updateCursor();
  };

  private resize(): void {
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

  private clipToPage(ctx: CanvasRenderingContext2D): void {
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
    this.emitState();
  }

  // ---- state -------------------------------------------------------------------------

  get inkColors(): Rgb[] {
    return this.ink.colors();
  }

  get hasPhoto(): boolean {
    return this.canvas.getObjects().some((o) => o.wsRole === 'photo');
  }

  private emitState(): void {
    if (this.disposed) return;
    const { canUndo, canRedo } = this.history.state;
    this.events.state({
      canUndo,
      canRedo,
      // Eraser strokes remove ink; they are not things on the page.
      objectCount: this.canvas.getObjects().filter((o) => o.wsRole !== 'eraser').length,
      inkColors: this.ink.colors(),
      hasPhoto: this.hasPhoto,
      zoom: this.zoom,
      arranging: this.arranged !== null,
    });
  }

  // ---- import / export ---------------------------------------------------------------

  /**
   * Puts an imported image on the page, letterboxed, as one undoable step: `replace` clears the
   * page first; `over` adds it on top of the drawing (a line drawing's paper made transparent)
   * and selects it, so the user can move it and scale it from its corners (each change undoable)
   * until they go back to drawing.
   */
  async placeImage(image: ImportedImage, mode: PlaceMode = 'replace'): Promise<void> {
    const existing = this.canvas.getObjects();
    const over = mode === 'over' && existing.length > 0;
    const src = over && image.kind === 'lines' ? await paperToTransparent(image.dataUrl) : image.dataUrl;
    const el = await util.loadImage(src);
    const box = containInSquare(image.width, image.height, PAGE);
    const scale = over ? box.scale * OVER_SCALE : box.scale;
    const obj = new FabricImage(el, {
      ...INERT,
      left: PAGE / 2,
      top: PAGE / 2,
      originX: 'center',
      originY: 'center',
      scaleX: scale,
      scaleY: scale,
      wsRole: image.kind,
      wsInk: image.ink,
    });
    this.finishArranging();
    if (over) {
      this.history.run(this.addCommand('import', [obj]));
      this.arrange(obj);
    } else {
      const steps = existing.length ? [this.removeCommand('clear', existing), this.addCommand('import', [obj])] : [this.addCommand('import', [obj])];
      this.history.run(compound('import', steps));
    }
    this.afterChange();
  }

  /** Makes a placed image selectable with corner handles; the pencil and shapes pause meanwhile. */
  private arrange(obj: FabricObject): void {
    this.arranged = obj;
    obj.set({ selectable: true, evented: true, hasControls: true, hasBorders: true, lockRotation: true, lockSkewingX: true, lockSkewingY: true });
    obj.setControlsVisibility(ARRANGE_CONTROLS);
    this.canvas.isDrawingMode = false;
    this.canvas.skipTargetFind = false;
    this.canvas.setActiveObject(obj);
    this.updateCursor();
  }

  /** Puts the placed image down: inert like every other object, and the tool draws again. */
  finishArranging(): void {
    const obj = this.arranged;
    if (!obj) return;
    this.arranged = null;
    obj.set(INERT);
    this.canvas.discardActiveObject();
    this.canvas.skipTargetFind = true;
    this.canvas.isDrawingMode = (this.toolName === 'pencil' || this.toolName === 'eraser') && !this.spaceDown;
    this.updateCursor();
    this.canvas.requestRenderAll();
    this.emitState();
  }

  get arranging(): boolean {
    return this.arranged !== null;
  }

  /**
   * A drag or scale of the placed image ended. Objects on the page never change once added (the
   * prefix cache, the export layer and the JSON cache rely on it), so the moved image is a new
   * object in the old one's place, and the old one goes back to where it was: undo swaps them.
   */
  private onTransformed(target: FabricObject | undefined, original: Record<string, unknown> | undefined): void {
    if (!target || target !== this.arranged || !(target instanceof FabricImage)) return;
    const after = { left: target.left, top: target.top, scaleX: target.scaleX, scaleY: target.scaleY, flipX: target.flipX, flipY: target.flipY };
    if (original) target.set({ left: original.left, top: original.top, scaleX: original.scaleX, scaleY: original.scaleY, flipX: original.flipX, flipY: original.flipY } as Partial<FabricImage>);
    target.setCoords();
    // An autosave during the drag may have cached the image half-way.
    this.jsonCache.delete(target);
    const moved = new FabricImage(target.getElement() as HTMLImageElement, {
      ...INERT,
      ...after,
      originX: target.originX,
      originY: target.originY,
      wsRole: target.wsRole,
      wsInk: target.wsInk,
    });
    this.arranged = null;
    target.set(INERT);
    // After fabric has finished its own pointer-up handling of the transform.
    queueMicrotask(() => {
      if (this.disposed || !this.canvas.getObjects().includes(target)) return;
      this.canvas.discardActiveObject();
      this.history.run(this.replaceCommand('move', target, moved));
      this.arrange(moved);
      this.afterChange();
    });
  }

  /** One object swapped for another at the same place in the stack. */
  private replaceCommand(label: string, from: FabricObject, to: FabricObject): Command {
    const swap = (a: FabricObject, b: FabricObject) => {
      const i = this.canvas.getObjects().indexOf(a);
      if (i < 0) return;
      this.canvas.remove(a);
      this.canvas.insertAt(i, b);
      this.ink.add(a, -1);
      this.ink.add(b);
      this.layer.invalidate();
    };
    return { label, apply: () => swap(from, to), revert: () => swap(to, from) };
  }

  /** The PNG and colour list the API receives (see SketchExport). */
  exportSketch(options: ExportOptions = {}): Promise<SketchExport> {
    return exportSketch(this.canvas.getObjects(), this.ink.colors(), options, this.layer);
  }

  /** The colours that actually show after erasing and overdrawing, as the export would report. */
  visibleInkColors(): Rgb[] {
    if (this.hasPhoto) return this.ink.colors();
    const objects = this.canvas.getObjects();
    return snapRendered(this.layer.get(objects), this.ink.colors()).used;
  }

  thumbnail(size = 192): string {
    return thumbnailDataUrl(this.canvas.getObjects(), size);
  }

  // ---- drafts (de)serialisation ------------------------------------------------------

  serialize(): string {
    const objects = this.canvas.getObjects().map((o) => {
      let json = this.jsonCache.get(o);
      if (json === undefined) {
        json = toStoredObject(o);
        this.jsonCache.set(o, json);
      }
      return json;
    });
    const scene: SceneJson = { version: '1', app: 'wanx-sketch-studio', page: PAGE, objects };
    return JSON.stringify(scene);
  }

  /** Replaces the page with a saved scene; history starts fresh (it belongs to the old draft). */
  async load(sceneText: string): Promise<void> {
    this.finishArranging();
    const parsed = JSON.parse(sceneText) as Partial<SceneJson>;
    const list = Array.isArray(parsed.objects) ? parsed.objects : [];
    const objs = await reviveObjects(list);
    const canvas = this.canvas;
    canvas.remove(...canvas.getObjects());
    for (const o of objs) {
      o.set(INERT);
      if (!o.wsRole) o.wsRole = o.globalCompositeOperation === 'destination-out' ? 'eraser' : 'ink';
    }
    canvas.add(...objs);
    // Reuse the incoming JSON only when it is already in the stored format; an older draft is
    // rewritten compactly (with path boxes) on its next save.
    objs.forEach((o, i) => {
      if (isStoredFormat(list[i])) this.jsonCache.set(o, list[i]);
    });
    this.ink.reset(objs);
    this.layer.invalidate();
    this.history.clear();
    this.canvas.requestRenderAll();
    this.emitState();
  }

  dispose(): void {
    this.disposed = true;
    this.resizeObserver.disconnect();
    this.host.removeEventListener('pointerdown', this.onPanDown, { capture: true });
    this.host.removeEventListener('pointermove', this.onPanMove, { capture: true });
    this.host.removeEventListener('pointerup', this.onPanUp, { capture: true });
    this.host.removeEventListener('pointercancel', this.onPanUp, { capture: true });
    void this.canvas.dispose();
  }
}
