export interface Pt {
  readonly x: number;
  readonly y: number;
}

/** Shift-constrained line end: snaps the angle to the nearest 15° step, keeping the length. */
export function constrainLine(start: Pt, end: Pt, stepDeg = 15): Pt {
  const dx = end.x - start.x;
  const dy = end.y - start.y;
  const len = Math.hypot(dx, dy);
  if (len === 0) return end;
  const step = (stepDeg * Math.PI) / 180;
  const angle = Math.round(Math.atan2(dy, dx) / step) * step;
  return { x: start.x + Math.cos(angle) * len, y: start.y + Math.sin(angle) * len };
}

export interface Box {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

/** The box a drag spans; Shift makes it a square (or circle), Alt grows it from the centre. */
export function boxFromDrag(start: Pt, end: Pt, opts: { square?: boolean; fromCenter?: boolean } = {}): Box {
  let dx = end.x - start.x;
  let dy = end.y - start.y;
  if (opts.square) {
    const side = Math.max(Math.abs(dx), Math.abs(dy));
    dx = Math.sign(dx || 1) * side;
    dy = Math.sign(dy || 1) * side;
  }
  if (opts.fromCenter) {
    return {
      left: start.x - Math.abs(dx),
      top: start.y - Math.abs(dy),
      width: Math.abs(dx) * 2,
      height: Math.abs(dy) * 2,
    };
  }
  return {
    left: Math.min(start.x, start.x + dx),
    top: Math.min(start.y, start.y + dy),
    width: Math.abs(dx),
    height: Math.abs(dy),
  };
}

export interface PressurePt extends Pt {
  /** 0–1 as reported by PointerEvent.pressure. */
  readonly p: number;
}

const fmt = (n: number) => Math.round(n * 100) / 100;

/**
 * A variable-width stroke as a closed outline (SVG path data) for pen input: the width at each
 * sample is `width · (0.2 + 0.8·pressure)`, so a light touch still leaves a visible line. One
 * filled shape renders and exports exactly like any other ink, which a per-segment stroke
 * would not (overlapping segment caps would double-darken nothing, but would cost 1 object
 * per sample in history and drafts).
 */
export function pressureOutline(points: readonly PressurePt[], width: number): string {
  const pts = points.filter((p, i) => i === 0 || Math.hypot(p.x - points[i - 1]!.x, p.y - points[i - 1]!.y) > 0.3);
  if (pts.length === 0) return '';
  const radius = (p: PressurePt) => Math.max(0.35, (width / 2) * (0.2 + 0.8 * Math.min(1, Math.max(0, p.p))));
  if (pts.length === 1) {
    const p = pts[0]!;
    const r = radius(p);
    return `M ${fmt(p.x - r)} ${fmt(p.y)} A ${fmt(r)} ${fmt(r)} 0 1 0 ${fmt(p.x + r)} ${fmt(p.y)} A ${fmt(r)} ${fmt(r)} 0 1 0 ${fmt(p.x - r)} ${fmt(p.y)} Z`;
  }
  const left: Pt[] = [];
  const right: Pt[] = [];
  for (let i = 0; i < pts.length; i++) {
    const prev = pts[Math.max(0, i - 1)]!;
    const next = pts[Math.min(pts.length - 1, i + 1)]!;
    let nx = -(next.y - prev.y);
    let ny = next.x - prev.x;
    const len = Math.hypot(nx, ny) || 1;
    nx /= len;
    ny /= len;
    const p = pts[i]!;
    const r = radius(p);
    left.push({ x: p.x + nx * r, y: p.y + ny * r });
    right.push({ x: p.x - nx * r, y: p.y - ny * r });
  }
  const first = pts[0]!;
  const last = pts[pts.length - 1]!;
  const rEnd = radius(last);
  const rStart = radius(first);
  const parts = [`M ${fmt(left[0]!.x)} ${fmt(left[0]!.y)}`];
  for (let i = 1; i < left.length; i++) parts.push(`L ${fmt(left[i]!.x)} ${fmt(left[i]!.y)}`);
  // Round caps as half circles from one side to the other.
  const rEndPt = right[right.length - 1]!;
  parts.push(`A ${fmt(rEnd)} ${fmt(rEnd)} 0 0 1 ${fmt(rEndPt.x)} ${fmt(rEndPt.y)}`);
  for (let i = right.length - 2; i >= 0; i--) parts.push(`L ${fmt(right[i]!.x)} ${fmt(right[i]!.y)}`);
  parts.push(`A ${fmt(rStart)} ${fmt(rStart)} 0 0 1 ${fmt(left[0]!.x)} ${fmt(left[0]!.y)} Z`);
  return parts.join(' ');
}

/** Fits a w×h rectangle inside a square of `side`, centred, never stretched (letterboxing). */
export function containInSquare(w: number, h: number, side: number): Box & { scale: number } {
  const scale = Math.min(side / w, side / h);
  const width = w * scale;
  const height = h * scale;
  return { left: (side - width) / 2, top: (side - height) / 2, width, height, scale };
}

/** Largest size not above `max` on either side, keeping the aspect ratio. */
export function limitSize(w: number, h: number, max: number): { width: number; height: number } {
  if (w <= max && h <= max) return { width: w, height: h };
  const s = Math.min(max / w, max / h);
  return { width: Math.max(1, Math.round(w * s)), height: Math.max(1, Math.round(h * s)) };
}
