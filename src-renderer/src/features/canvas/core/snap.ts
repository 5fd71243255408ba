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
  const exact = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const c = ink[i] as Rgb;
    dr[i] = c[0] - 255;
    dg[i] = c[1] - 255;
    db[i] = c[2] - 255;
    len2[i] = dr[i]! * dr[i]! + dg[i]! * dg[i]! + db[i]! * db[i]!;
    exact.set((c[0] << 16) | (c[1] << 8) | c[2], i);
  }
  const px = new Uint32Array(data.buffer, data.byteOffset, data.byteLength >> 2);
  // Little-endian RGBA → 0xAABBGGRR; opaque white is all ones.
  const OPAQUE_WHITE = 0xffffffff;
  for (let p = 0; p < px.length; p++) {
    const v = px[p]!;
    if (v === OPAQUE_WHITE || (v >>> 24) === 0) {
      px[p] = OPAQUE_WHITE;
      continue;
    }
    const o = p << 2;
    const a = data[o + 3]! / 255;
    // Composite over the white page (getImageData returns un-premultiplied colour).
    const r = 255 + (data[o]! - 255) * a;
    const g = 255 + (data[o + 1]! - 255) * a;
    const b = 255 + (data[o + 2]! - 255) * a;
    if (a === 1) {
      const hit = exact.get((data[o]! << 16) | (data[o + 1]! << 8) | data[o + 2]!);
      if (hit !== undefined) {
        counts[hit]!++;
        continue;
      }
    }
    const vr = r - 255;
    const vg = g - 255;
    const vb = b - 255;
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
      if (d < bestDist) {
        bestDist = d;
        best = i;
        bestT = t;
      }
    }
    if (best < 0 || bestT < 0.5) {
      px[p] = OPAQUE_WHITE;
    } else {
      const c = ink[best] as Rgb;
      data[o] = c[0];
      data[o + 1] = c[1];
      data[o + 2] = c[2];
      data[o + 3] = 255;
      counts[best]!++;
    }
  }
  return counts;
}
