import type { Canvas } from 'fabric';
import { boxFromDrag, constrainLine, type Pt } from './geometry';

export type ShapeKind = 'line' | 'rect' | 'ellipse';

/** A shape being dragged out: Shift constrains (square, 45° line), Alt draws from the centre. */
export interface ShapeDrag {
  readonly start: Pt;
  readonly end: Pt;
  readonly shift: boolean;
  readonly alt: boolean;
}

/** SVG path data of the dragged shape, or null when the drag was too small to mean anything. */
export function shapePath(kind: ShapeKind, s: ShapeDrag): string | null {
  const r = (n: number) => Math.round(n * 100) / 100;
  if (kind === 'line') {
    const end = s.shift ? constrainLine(s.start, s.end) : s.end;
    if (Math.hypot(end.x - s.start.x, end.y - s.start.y) < 1) return null;
    return `M ${r(s.start.x)} ${r(s.start.y)} L ${r(end.x)} ${r(end.y)}`;
  }
  const b = boxFromDrag(s.start, s.end, { square: s.shift, fromCenter: s.alt });
  if (b.width < 1 && b.height < 1) return null;
  if (kind === 'rect') {
    return `M ${r(b.left)} ${r(b.top)} H ${r(b.left + b.width)} V ${r(b.top + b.height)} H ${r(b.left)} Z`;
  }
  const rx = b.width / 2;
  const ry = b.height / 2;
  const cx = b.left + rx;
  const cy = b.top + ry;
  return `M ${r(cx - rx)} ${r(cy)} A ${r(rx)} ${r(ry)} 0 1 0 ${r(cx + rx)} ${r(cy)} A ${r(rx)} ${r(ry)} 0 1 0 ${r(cx - rx)} ${r(cy)} Z`;
}

/**
 * The drag of a line, rectangle or ellipse tool, previewed on fabric's top canvas (nothing is
 * added to the page until the pointer is released).
 */
export class ShapePreview {
  private drag: ShapeDrag | null = null;

  constructor(private readonly canvas: Canvas) {}

  get active(): boolean {
    return this.drag !== null;
  }

  start(at: Pt, mods: { shift: boolean; alt: boolean }): void {
    this.drag = { start: { x: at.x, y: at.y }, end: { x: at.x, y: at.y }, ...mods };
  }

  /** Moves the free end and redraws the preview; false when no drag is going on. */
  move(
    to: Pt,
    mods: { shift: boolean; alt: boolean },
    kind: ShapeKind,
    stroke: { color: string; width: number },
  ): boolean {
    if (!this.drag) return false;
    this.drag = { ...this.drag, end: { x: to.x, y: to.y }, ...mods };
    this.draw(kind, stroke);
    return true;
  }

  /** Ends the drag and clears the preview; the path to add, or null (no drag, or too small). */
  finish(kind: ShapeKind): { done: boolean; path: string | null } {
    const drag = this.drag;
    if (!drag) return { done: false, path: null };
    this.drag = null;
    this.clear();
    return { done: true, path: shapePath(kind, drag) };
  }

  /** Drops the drag; true if there was one. */
  cancel(): boolean {
    if (!this.drag) return false;
    this.drag = null;
    this.clear();
    return true;
  }

  /** Forgets any drag without touching the top canvas (the caller clears it). */
  reset(): void {
    this.drag = null;
  }

  clear(): void {
    this.canvas.clearContext(this.canvas.contextTop);
  }

  private draw(kind: ShapeKind, stroke: { color: string; width: number }): void {
    const s = this.drag;
    if (!s) return;
    const d = shapePath(kind, s);
    this.clear();
    if (!d) return;
    const ctx = this.canvas.contextTop;
    const v = this.canvas.viewportTransform;
    ctx.save();
    ctx.transform(v[0], v[1], v[2], v[3], v[4], v[5]);
    ctx.strokeStyle = stroke.color;
    ctx.lineWidth = stroke.width;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.stroke(new Path2D(d));
    ctx.restore();
  }
}
