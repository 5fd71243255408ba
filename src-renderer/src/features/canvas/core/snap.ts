import { type Rgb } from './color';

/**
 * Snaps an RGBA buffer in place so that every pixel is exactly white or exactly one of `ink`.
 *
 * The ink was drawn on a transparent layer and the page is white, so every rendered pixel is
 * `white + t·(C − white)` for some ink colour C and coverage t (overlaps aside). For each pixel
 * we find the ink colour whose white→C line passes closest to it, then keep C when coverage is
 * at least one half and white otherwise. Snapping along lines instead of to the nearest colour
 * stops a black stroke's grey fringe from turning into a neighbouring grey brush colour.
 *
 * Returns how many pixels ended up in each ink colour (same order as `ink`), so callers can
 * drop colours that no longer show (fully erased or covered).
 */
export function snapToInk(data: Uint8ClampedArray, ink: readonly Rgb[]): number[] {
  const counts = new Array<number>(ink.length).fill(0);
  const n = ink.length;
  // Offsets from white and their squared lengths, as flat arrays for the hot loop.
  const dr = new Float64Array(n);
  const dg = new Float64Array(n);
  const db = new Float64Array(n);
  const len2 = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const c = ink[i] as Rgb;
    dr[i] = c[0] - 255;
    dg[i] = c[1] - 255;
    db[i] = c[2] - 255;
    len2[i] = dr[i]! * dr[i]! + dg[i]! * dg[i]! + db[i]! * db[i]!;
  }
  const px = new Uint32Array(data.buffer, data.byteOffset, data.byteLength >> 2);
  // Little-endian RGBA → 0xAABBGGRR; opaque white is all ones.
  const OPAQUE_WHITE = 0xffffffff;
  const packed = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const c = ink[i] as Rgb;
    packed[i] = (0xff000000 | (c[2] << 16) | (c[1] << 8) | c[0]) >>> 0;
  }
  // Anti-aliased edges repeat the same few hundred RGBA values; decide each value once.
  // -1 = white, otherwise the ink index.
  const memo = new Map<number, number>();
  for (let p = 0; p < px.length; p++) {
    const v = px[p]!;
    if (v === OPAQUE_WHITE) continue;
    if (v >>> 24 === 0) {
      px[p] = OPAQUE_WHITE;
      continue;
    }
    let hit = -1;
    for (let i = 0; i < n; i++) {
      if (packed[i] === v) {
        hit = i;
        break;
      }
    }
    if (hit >= 0) {
      counts[hit]!++;
      continue;
    }
    let best = memo.get(v);
    if (best === undefined) {
      best = nearestInk(v, n, dr, dg, db, len2);
      memo.set(v, best);
    }
    if (best < 0) {
      px[p] = OPAQUE_WHITE;
    } else {
      px[p] = packed[best]!;
      counts[best]!++;
    }
  }
  return counts;
}

/** Squared RGB distance under which two candidate lines count as equally close. */
const TIE = 12;

/** Index of the ink colour whose white→colour line passes closest, or -1 for paper. */
function nearestInk(v: number, n: number, dr: Float64Array, dg: Float64Array, db: Float64Array, len2: Float64Array): number {
  const a = (v >>> 24) / 255;
  // Composite over the white page (getImageData returns un-premultiplied colour).
  const vr = ((v & 0xff) - 255) * a;
  const vg = (((v >>> 8) & 0xff) - 255) * a;
  const vb = (((v >>> 16) & 0xff) - 255) * a;
  let best = -1;
  let bestDist = Infinity;
  let bestT = 0;
  for (let i = 0; i < n; i++) {
    const l2 = len2[i]!;
    if (l2 === 0) continue;
    let t = (vr * dr[i]! + vg * dg[i]! + vb * db[i]!) / l2;
    if (t < 0) t = 0;
    else if (t > 1) t = 1;
    const er = vr - t * dr[i]!;
    const eg = vg - t * dg[i]!;
    const eb = vb - t * db[i]!;
    const d = er * er + eg * eg + eb * eb;
    // Greys are all on one line from white: a mid grey may be a black stroke's edge or a grey
    // stroke's body. On a tie the colour it covers more of wins (the likelier stroke body).
    if (d < bestDist - TIE || (d <= bestDist + TIE && t > bestT)) {
      bestDist = d;
      best = i;
      bestT = t;
    }
  }
  return best >= 0 && bestT >= 0.5 ? best : -1;
}
