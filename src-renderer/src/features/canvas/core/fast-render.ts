import { Path, type FabricObject } from 'fabric';

/**
 * A stroke ready to draw: its geometry as a Path2D in page coordinates, built once. Objects
 * on our page never move after they are drawn, so this never goes stale.
 */
interface Prepared {
  readonly path: Path2D;
  readonly paint: 'stroke' | 'fill';
  /** Objects with the same key can be drawn in one call. */
  readonly key: string;
  readonly color: string;
  readonly width: number;
  readonly cap: CanvasLineCap;
  readonly join: CanvasLineJoin;
  readonly op: GlobalCompositeOperation;
}

const prepared = new WeakMap<FabricObject, Prepared | null>();
let fillSeq = 0;

function buildPath(obj: Path): Path2D {
  const p = new Path2D();
  for (const c of obj.path) {
    switch (c[0]) {
      case 'M':
        p.moveTo(c[1], c[2]);
        break;
      case 'L':
        p.lineTo(c[1], c[2]);
        break;
      case 'C':
        p.bezierCurveTo(c[1], c[2], c[3], c[4], c[5], c[6]);
        break;
      case 'Q':
        p.quadraticCurveTo(c[1], c[2], c[3], c[4]);
        break;
      case 'Z':
        p.closePath();
        break;
    }
  }
  return p;
}

/** Null when the object is not a plain untransformed path (images, or anything moved). */
function prepare(obj: FabricObject): Prepared | null {
  const known = prepared.get(obj);
  if (known !== undefined) return known;
  let out: Prepared | null = null;
  if (obj instanceof Path && obj.opacity === 1 && !obj.shadow && !obj.clipPath && !obj.strokeDashArray?.length) {
    // The object's matrix minus its path offset must be the identity: the path's own
    // coordinates are then page coordinates.
    const m = obj.calcTransformMatrix();
    const tx = m[4] - obj.pathOffset.x;
    const ty = m[5] - obj.pathOffset.y;
    const identity = m[0] === 1 && m[1] === 0 && m[2] === 0 && m[3] === 1 && Math.abs(tx) < 1e-6 && Math.abs(ty) < 1e-6;
    const stroke = typeof obj.stroke === 'string' && obj.stroke && obj.strokeWidth > 0 ? obj.stroke : null;
    const fill = typeof obj.fill === 'string' && obj.fill ? obj.fill : null;
    if (identity && (stroke ? !fill : !!fill)) {
      const paint = stroke ? 'stroke' : 'fill';
      const color = (stroke ?? fill) as string;
      const op = obj.globalCompositeOperation as GlobalCompositeOperation;
      const width = stroke ? obj.strokeWidth : 0;
      out = {
        path: buildPath(obj),
        paint,
        color,
        width,
        cap: obj.strokeLineCap,
        join: obj.strokeLineJoin,
        op,
        // Fills are never merged: two outlines wound in opposite directions would cancel out
        // under the nonzero rule where they overlap.
        key:
          paint === 'fill'
            ? `fill|${++fillSeq}`
            : `stroke|${color}|${width}|${obj.strokeLineCap}|${obj.strokeLineJoin}|${op}`,
      };
    }
  }
  prepared.set(obj, out);
  return out;
}

/**
 * Draws objects onto a context that already carries the page→pixels transform. Runs of
 * consecutive strokes with the same style go out as one Path2D in one stroke() call, which
 * is what makes 2,000-stroke pages cheap to repaint (fabric's per-object path costs ~10× more
 * on a software canvas). Z-order is kept: only neighbours are merged, so an eraser still only
 * erases what lies beneath it. Merged same-colour strokes render like the separate ones,
 * minus the doubled anti-aliasing where they overlap.
 */
export function renderObjectsFast(ctx: CanvasRenderingContext2D, objects: readonly FabricObject[]): void {
  let batch: Path2D | null = null;
  let style: Prepared | null = null;
  const flush = () => {
    if (!batch || !style) return;
    ctx.save();
    ctx.globalCompositeOperation = style.op;
    if (style.paint === 'stroke') {
      ctx.strokeStyle = style.color;
      ctx.lineWidth = style.width;
      ctx.lineCap = style.cap;
      ctx.lineJoin = style.join;
      ctx.stroke(batch);
    } else {
      ctx.fillStyle = style.color;
      // Pressure outlines may loop over themselves; nonzero fills them solid.
      ctx.fill(batch, 'nonzero');
    }
    ctx.restore();
    batch = null;
    style = null;
  };
  for (const obj of objects) {
    if (!obj.visible) continue;
    const p = prepare(obj);
    if (!p) {
      flush();
      ctx.save();
      ctx.globalCompositeOperation = obj.globalCompositeOperation as GlobalCompositeOperation;
      obj.transform(ctx);
      obj.drawObject(ctx, false, {});
      ctx.restore();
      continue;
    }
    if (!style || style.key !== p.key) {
      flush();
      style = p;
      batch = new Path2D();
    }
    batch!.addPath(p.path);
  }
  flush();
}
