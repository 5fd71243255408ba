import { FabricImage, util, type Canvas, type FabricObject } from 'fabric';
import { containInSquare } from './geometry';
import { compound, type History } from './history';
import type { PageCommands } from './page-commands';
import { INERT, PAGE } from './scene';
import type { ImportedImage } from '../import/read-image';

/** How an imported image meets a page that already has something on it. */
export type PlaceMode = 'replace' | 'over';
/** An image placed over a drawing starts at this share of the fitted size, so what is beneath and its handles show. */
export const OVER_SCALE = 0.6;
/** Corner handles only: the image keeps its aspect ratio and is never rotated (the API wants an upright sketch). */
const ARRANGE_CONTROLS = { ml: false, mr: false, mt: false, mb: false, mtr: false } as const;

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

export interface PlacementHost {
  readonly canvas: Canvas;
  readonly history: History;
  readonly commands: PageCommands;
  /** Whether the current tool draws freehand right now (the pencil or eraser, Space not held). */
  freehandReady(): boolean;
  /** The cursor may have changed. */
  cursor(): void;
  /** Cheap UI state changed (nothing to save). */
  state(): void;
  /** The page changed in an undoable step. */
  changed(): void;
  /** An object's stored JSON is stale. */
  forgetJson(obj: FabricObject): void;
  isDisposed(): boolean;
}

/**
 * Imported images on the page: placed letterboxed, and one placed over a drawing stays
 * selected with corner handles (moved and scaled, each change undoable) until the user goes
 * back to drawing.
 */
export class ImagePlacement {
  /** The placed image being moved and scaled, until the user goes back to drawing. */
  private arranged: FabricObject | null = null;

  constructor(private readonly host: PlacementHost) {}

  get arranging(): boolean {
    return this.arranged !== null;
  }

  /** The image being arranged, or null. */
  get current(): FabricObject | null {
    return this.arranged;
  }

  /**
   * Puts an imported image on the page, letterboxed, as one undoable step: `replace` clears the
   * page first; `over` adds it on top of the drawing (a line drawing's paper made transparent)
   * and selects it.
   */
  async place(image: ImportedImage, mode: PlaceMode): Promise<void> {
    const { canvas, history, commands } = this.host;
    const existing = canvas.getObjects();
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
    this.finish();
    if (over) {
      history.run(commands.add('import', [obj]));
      this.arrange(obj);
    } else {
      const steps = existing.length
        ? [commands.remove('clear', existing), commands.add('import', [obj])]
        : [commands.add('import', [obj])];
      history.run(compound('import', steps));
    }
    this.host.changed();
  }

  /** Makes a placed image selectable with corner handles; the pencil and shapes pause meanwhile. */
  private arrange(obj: FabricObject): void {
    const { canvas } = this.host;
    this.arranged = obj;
    obj.set({
      selectable: true,
      evented: true,
      hasControls: true,
      hasBorders: true,
      lockRotation: true,
      lockSkewingX: true,
      lockSkewingY: true,
    });
    obj.setControlsVisibility(ARRANGE_CONTROLS);
    canvas.isDrawingMode = false;
    canvas.skipTargetFind = false;
    canvas.setActiveObject(obj);
    this.host.cursor();
  }

  /** Puts the placed image down: inert like every other object, and the tool draws again. */
  finish(): void {
    const obj = this.arranged;
    if (!obj) return;
    const { canvas } = this.host;
    this.arranged = null;
    obj.set(INERT);
    canvas.discardActiveObject();
    canvas.skipTargetFind = true;
    canvas.isDrawingMode = this.host.freehandReady();
    this.host.cursor();
    canvas.requestRenderAll();
    this.host.state();
  }

  /** Draws the handles of the image being arranged (outside the page clip, so corners on the edge show whole). */
  renderControls(ctx: CanvasRenderingContext2D): void {
    this.arranged?._renderControls(ctx);
  }

  /**
   * A drag or scale of the placed image ended. Objects on the page never change once added (the
   * prefix cache, the export layer and the JSON cache rely on it), so the moved image is a new
   * object in the old one's place, and the old one goes back to where it was: undo swaps them.
   */
  transformed(target: FabricObject | undefined, original: Record<string, unknown> | undefined): void {
    if (!target || target !== this.arranged || !(target instanceof FabricImage)) return;
    const after = {
      left: target.left,
      top: target.top,
      scaleX: target.scaleX,
      scaleY: target.scaleY,
      flipX: target.flipX,
      flipY: target.flipY,
    };
    if (original)
      target.set({
        left: original.left,
        top: original.top,
        scaleX: original.scaleX,
        scaleY: original.scaleY,
        flipX: original.flipX,
        flipY: original.flipY,
      } as Partial<FabricImage>);
    target.setCoords();
    // An autosave during the drag may have cached the image half-way.
    this.host.forgetJson(target);
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
      const { canvas, history, commands } = this.host;
      if (this.host.isDisposed() || !canvas.getObjects().includes(target)) return;
      canvas.discardActiveObject();
      history.run(commands.replace('move', target, moved));
      this.arrange(moved);
      this.host.changed();
    });
  }
}
