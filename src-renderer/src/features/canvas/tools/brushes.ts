import { Path, PencilBrush, type Canvas, type Point, type TEvent } from 'fabric';
import type { TSimplePathData } from 'fabric';
import { pressureOutline, type PressurePt } from '../core/geometry';
import { INERT } from '../core/scene';

const isPen = (e: Event): e is PointerEvent => 'pointerType' in e && (e as PointerEvent).pointerType === 'pen';

/**
 * The pencil: fabric's smoothed freehand brush, plus pen pressure. With a pen that reports
 * pressure, the finished stroke becomes a filled variable-width outline; mouse strokes stay
 * the usual smoothed constant-width path.
 */
export class InkBrush extends PencilBrush {
  private samples: PressurePt[] = [];
  private pen = false;

  constructor(canvas: Canvas) {
    super(canvas);
    this.strokeLineCap = 'round';
    this.strokeLineJoin = 'round';
    // Shift while drawing is how the line tool constrains; on the pencil it would surprise.
    this.straightLineKey = null;
  }

  override onMouseDown(pointer: Point, ev: TEvent): void {
    this.pen = isPen(ev.e) && (ev.e as PointerEvent).pressure > 0;
    this.samples = [];
    this.sample(pointer, ev.e);
    super.onMouseDown(pointer, ev);
  }

  override onMouseMove(pointer: Point, ev: TEvent): void {
    this.sample(pointer, ev.e);
    super.onMouseMove(pointer, ev);
  }

  private sample(pointer: Point, e: Event): void {
    if (!this.pen || !isPen(e)) return;
    // Coalesced events carry the samples between frames; pressure changes fast on a pen.
    const events = typeof e.getCoalescedEvents === 'function' ? e.getCoalescedEvents() : [];
    if (events.length > 1) {
      const inv = this.canvas.viewportTransform;
      const rect = this.canvas.upperCanvasEl.getBoundingClientRect();
      for (const c of events) {
        const vx = c.clientX - rect.left;
        const vy = c.clientY - rect.top;
        this.samples.push({ x: (vx - inv[4]) / inv[0], y: (vy - inv[5]) / inv[3], p: c.pressure });
      }
    } else {
      this.samples.push({ x: pointer.x, y: pointer.y, p: e.pressure });
    }
  }

  override createPath(pathData: TSimplePathData): Path {
    if (this.pen && this.samples.length > 0) {
      const d = pressureOutline(this.samples, this.width);
      this.samples = [];
      return new Path(d, {
        ...INERT,
        fill: this.color,
        stroke: null,
        strokeWidth: 0,
        wsRole: 'ink',
        wsInk: [this.color],
      });
    }
    const path = super.createPath(pathData);
    path.set({ ...INERT, wsRole: 'ink', wsInk: [this.color] });
    return path;
  }
}

/**
 * The eraser removes ink: its path is drawn with `destination-out`, so the ink layer becomes
 * transparent there and the white page shows through. Export composites on white, so erased
 * pixels are white, never a colour. The live preview paints white on the top layer, which
 * looks exactly like the result on the white page.
 */
export class EraserBrush extends PencilBrush {
  constructor(canvas: Canvas) {
    super(canvas);
    this.color = '#ffffff';
    this.strokeLineCap = 'round';
    this.strokeLineJoin = 'round';
    this.straightLineKey = null;
  }

  override createPath(pathData: TSimplePathData): Path {
    const path = super.createPath(pathData);
    path.set({ ...INERT, stroke: '#000000', globalCompositeOperation: 'destination-out', wsRole: 'eraser', wsInk: [] });
    return path;
  }
}
