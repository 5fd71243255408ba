import { Path, type FabricObject, type Point, type TPointerEventInfo } from 'fabric';
import { DEFAULT_INK, parseColor, toHex, type Rgb } from './color';
import {
  exportSketch,
  InkLayer,
  snapRendered,
  thumbnailDataUrl,
  type ExportOptions,
  type SketchExport,
} from './export';
import { History } from './history';
import { PageCanvas } from './page-canvas';
import { PageCommands } from './page-commands';
import { ImagePlacement, type PlaceMode } from './placement';
import { INERT, InkCounter, registerSceneProperties } from './scene';
import { SceneSerializer } from './scene-json';
import { ShapePreview, type ShapeKind } from './shape-preview';
import { quantizePath } from './stored-path';
import { Viewport } from './viewport';
import { EraserBrush, InkBrush } from '../tools/brushes';
import type { ImportedImage } from '../import/read-image';

export type { PlaceMode };
export type Tool = 'pencil' | 'eraser' | 'line' | 'rect' | 'ellipse' | 'eyedropper';
export const TOOLS: readonly Tool[] = ['pencil', 'eraser', 'line', 'rect', 'ellipse', 'eyedropper'];

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

registerSceneProperties();

/** The shape tools draw a line, a rectangle or (the remaining one) an ellipse. */
const shapeKind = (tool: Tool): ShapeKind => (tool === 'line' || tool === 'rect' ? tool : 'ellipse');

/**
 * Owns the fabric canvas and is the one thing Vue talks to (through the store): tools, brush,
 * history, colour tracking and export here; zoom and pan (Viewport), imported images
 * (ImagePlacement), shape drags (ShapePreview) and the draft format (SceneSerializer) in their
 * managers behind it.
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
  private readonly commands: PageCommands;
  private readonly viewport: Viewport;
  private readonly placement: ImagePlacement;
  private readonly shapes: ShapePreview;
  private readonly scene = new SceneSerializer();
  private readonly inkBrush: InkBrush;
  private readonly eraserBrush: EraserBrush;
  private toolName: Tool = 'pencil';
  private colorHex: string = DEFAULT_INK;
  private brushWidth = 4;
  private resizeObserver: ResizeObserver;
  private disposed = false;

  constructor(
    host: HTMLElement,
    canvasEl: HTMLCanvasElement,
    paper: HTMLElement,
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
    this.viewport = new Viewport(this.canvas, host, paper, {
      moved: () => this.emitState(),
      modeChanged: () => this.updateCursor(),
    });
    this.commands = new PageCommands(this.canvas, this.ink, this.layer);
    this.inkBrush = new InkBrush(this.canvas);
    this.eraserBrush = new EraserBrush(this.canvas);
    this.shapes = new ShapePreview(this.canvas);
    this.placement = new ImagePlacement({
      canvas: this.canvas,
      history: this.history,
      commands: this.commands,
      freehandReady: () => this.freehand() && !this.viewport.spaceHeld,
      cursor: () => this.updateCursor(),
      state: () => this.emitState(),
      changed: () => this.afterChange(),
      forgetJson: (obj) => this.scene.forget(obj),
      isDisposed: () => this.disposed,
    });
    this.canvas.on('before:render', ({ ctx }) => this.viewport.clipToPage(ctx));
    this.canvas.on('after:render', ({ ctx }) => {
      ctx.restore();
      // Handles of a placed image are drawn outside the page clip, so corners on the edge show whole.
      if (ctx === this.canvas.contextContainer) this.placement.renderControls(ctx);
    });
    this.canvas.on('object:modified', ({ target, transform }) =>
      this.placement.transformed(target, transform?.original),
    );
    this.canvas.on('path:created', ({ path }) => this.onPathCreated(path));
    this.canvas.on('mouse:down', (e) => this.onDown(e));
    this.canvas.on('mouse:move', (e) => this.onMove(e));
    this.canvas.on('mouse:up', () => this.onUp());
    this.canvas.on('mouse:wheel', (e) => this.viewport.wheel(e.e));
    this.resizeObserver = new ResizeObserver(() => this.viewport.resize());
    this.resizeObserver.observe(host);
    this.setTool('pencil');
    this.fit();
  }

  // ---- tools and brush ---------------------------------------------------------------

  get tool(): Tool {
    return this.toolName;
  }

  private freehand(): boolean {
    return this.toolName === 'pencil' || this.toolName === 'eraser';
  }

  setTool(tool: Tool): void {
    this.finishArranging();
    this.toolName = tool;
    this.shapes.clear();
    this.shapes.reset();
    this.canvas.isDrawingMode = this.freehand() && !this.viewport.spaceHeld;
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
    const v = this.viewport;
    const cursor = v.panning
      ? 'grabbing'
      : v.spaceHeld
        ? 'grab'
        : this.placement.arranging
          ? 'default'
          : this.toolName === 'eyedropper'
            ? 'copy'
            : 'crosshair';
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
    this.history.run(this.commands.remove('clear', objs));
    this.afterChange();
  }

  private afterChange(): void {
    // Undo took the placed image off the page (or swapped it for its earlier position).
    const placed = this.placement.current;
    if (placed && !this.canvas.getObjects().includes(placed)) this.finishArranging();
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
    this.history.record(this.commands.add(path.wsRole === 'eraser' ? 'erase' : 'stroke', [path]));
    this.events.drawing(false);
    this.afterChange();
  }

  private onDown(opt: TPointerEventInfo): void {
    if (this.viewport.panning || this.viewport.spaceHeld) return;
    const e = opt.e as PointerEvent;
    if (e.button !== 0) return;
    if (this.placement.arranging) {
      // fabric moves and scales the image itself; a press beside it puts it down.
      if (!opt.target) this.finishArranging();
      return;
    }
    if (this.canvas.isDrawingMode) {
      this.events.drawing(true);
      return;
    }
    if (this.toolName === 'eyedropper') {
      this.pick(opt.viewportPoint);
      return;
    }
    this.shapes.start(opt.scenePoint, { shift: e.shiftKey, alt: e.altKey });
    this.events.drawing(true);
  }

  private onMove(opt: TPointerEventInfo): void {
    const e = opt.e as PointerEvent;
    this.shapes.move(opt.scenePoint, { shift: e.shiftKey, alt: e.altKey }, shapeKind(this.toolName), {
      color: this.colorHex,
      width: this.brushWidth,
    });
  }

  private onUp(): void {
    const { done, path: d } = this.shapes.finish(shapeKind(this.toolName));
    if (!done) return;
    this.events.drawing(false);
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
    this.history.run(this.commands.add(this.toolName, [obj]));
    this.afterChange();
  }

  /** Esc: puts a placed image down, or drops the shape being dragged. */
  cancel(): void {
    if (this.placement.arranging) return this.finishArranging();
    if (!this.shapes.cancel()) return;
    this.events.drawing(false);
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

  // ---- view: zoom and pan (Viewport) -------------------------------------------------

  get zoom(): number {
    return this.viewport.zoom;
  }

  /** Zooms keeping the given viewport point (default: the centre) still. */
  zoomTo(z: number, at?: Point): void {
    this.viewport.zoomTo(z, at);
  }

  zoomBy(factor: number, at?: Point): void {
    this.viewport.zoomBy(factor, at);
  }

  /** The whole page in view with a margin; stays fitted while the window resizes. */
  fit(): void {
    this.viewport.fit();
  }

  /** 100 %: one page pixel per CSS pixel. */
  actualSize(): void {
    this.viewport.actualSize();
  }

  setSpace(down: boolean): void {
    if (!this.viewport.setSpace(down)) return;
    this.canvas.isDrawingMode = !down && !this.placement.arranging && this.freehand();
    this.updateCursor();
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
      arranging: this.placement.arranging,
    });
  }

  // ---- import (ImagePlacement) / export ----------------------------------------------

  /**
   * Puts an imported image on the page as one undoable step: `replace` clears the page first;
   * `over` adds it on top of the drawing and selects it for moving and scaling.
   */
  placeImage(image: ImportedImage, mode: PlaceMode = 'replace'): Promise<void> {
    return this.placement.place(image, mode);
  }

  /** Puts the placed image down: inert like every other object, and the tool draws again. */
  finishArranging(): void {
    this.placement.finish();
  }

  get arranging(): boolean {
    return this.placement.arranging;
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

  // ---- drafts (SceneSerializer) ------------------------------------------------------

  serialize(): string {
    return this.scene.serialize(this.canvas.getObjects());
  }

  /** Replaces the page with a saved scene; history starts fresh (it belongs to the old draft). */
  async load(sceneText: string): Promise<void> {
    this.finishArranging();
    const objs = await this.scene.revive(sceneText);
    const canvas = this.canvas;
    canvas.remove(...canvas.getObjects());
    canvas.add(...objs);
    this.ink.reset(objs);
    this.layer.invalidate();
    this.history.clear();
    this.canvas.requestRenderAll();
    this.emitState();
  }

  dispose(): void {
    this.disposed = true;
    this.resizeObserver.disconnect();
    this.viewport.dispose();
    void this.canvas.dispose();
  }
}
