import { colorKey, fromKey, type Rgb } from './color';

export type ImageKind = 'lines' | 'photo';

export interface Classification {
  readonly kind: ImageKind;
  /** Share of pixels that are near white (paper). */
  readonly paperShare: number;
  /** Number of 4-bit-per-channel colour bins needed to cover 95 % of the non-paper pixels. */
  readonly inkBins: number;
}

/** A channel this bright on all three counts as paper (scans of white paper are rarely 255). */
export const PAPER_MIN = 225;
export const LINES_MIN_PAPER_SHARE = 0.55;
export const LINES_MAX_INK_BINS = 48;

const isPaper = (r: number, g: number, b: number) => r >= PAPER_MIN && g >= PAPER_MIN && b >= PAPER_MIN;

/**
 * Line drawing or photo? A line drawing is mostly paper, and its ink uses few distinct
 * colours: anti-aliasing spreads each pen colour along a short white→colour ramp, which
 * lands in a handful of coarse bins. A photo has little paper or, when it does (a product
 * shot on white), a long tail of colours. Documented thresholds:
 *   lines ⇔ paperShare ≥ 55 % and ≤ 48 coarse (4-bit) bins cover 95 % of the non-paper pixels.
 * Transparent pixels count as paper, since the page behind them is white.
 */
export function classifyPixels(data: Uint8ClampedArray): Classification {
  const bins = new Map<number, number>();
  let paper = 0;
  let total = 0;
  for (let o = 0; o < data.length; o += 4) {
    total++;
    const a = data[o + 3]! / 255;
    const r = 255 + (data[o]! - 255) * a;
    const g = 255 + (data[o + 1]! - 255) * a;
    const b = 255 + (data[o + 2]! - 255) * a;
    if (isPaper(r, g, b)) {
      paper++;
      continue;
    }
    const key = ((r >> 4) << 8) | ((g >> 4) << 4) | (b >> 4);
    bins.set(key, (bins.get(key) ?? 0) + 1);
  }
  const ink = total - paper;
  const paperShare = total ? paper / total : 1;
  let inkBins = 0;
  if (ink > 0) {
    const sorted = [...bins.values()].sort((a, b) => b - a);
    let covered = 0;
    for (const c of sorted) {
      covered += c;
      inkBins++;
      if (covered >= ink * 0.95) break;
    }
  }
  const kind: ImageKind = paperShare >= LINES_MIN_PAPER_SHARE && inkBins <= LINES_MAX_INK_BINS ? 'lines' : 'photo';
  return { kind, paperShare, inkBins };
}

/**
 * The pen colours of a line drawing. Only "core" pixels vote: a pixel whose 4-neighbour is
 * a deeper shade of the same colour (further from white along the same white→colour line)
 * is an anti-aliased fringe, not a pen colour. Core colours are binned, the most common kept
 * (each ≥ 2 % of the votes, at most `max`), merged when closer than `mergeDist`, and each
 * reported as the mean of its members.
 */
export function extractInkColors(data: Uint8ClampedArray, width: number, max = 6, mergeDist = 60): Rgb[] {
  const n = data.length >> 2;
  const height = Math.floor(n / width);
  // Composited-over-white offsets from white (≤ 0 per channel).
  const off = new Float32Array(n * 3);
  for (let p = 0; p < n; p++) {
    const a = data[p * 4 + 3]! / 255;
    off[p * 3] = (data[p * 4]! - 255) * a;
    off[p * 3 + 1] = (data[p * 4 + 1]! - 255) * a;
    off[p * 3 + 2] = (data[p * 4 + 2]! - 255) * a;
  }
  const strength = (p: number) => Math.hypot(off[p * 3]!, off[p * 3 + 1]!, off[p * 3 + 2]!);
  const maxStrength = Math.hypot(255, 255, 255);
  /** Is pixel p a lighter shade of q (p ≈ t·q for some t < 1)? */
  const tintOf = (p: number, q: number) => {
    const sq = strength(q);
    const sp = strength(p);
    if (sq <= sp + 1) return false;
    const t =
      (off[p * 3]! * off[q * 3]! + off[p * 3 + 1]! * off[q * 3 + 1]! + off[p * 3 + 2]! * off[q * 3 + 2]!) / (sq * sq);
    const er = off[p * 3]! - t * off[q * 3]!;
    const eg = off[p * 3 + 1]! - t * off[q * 3 + 1]!;
    const eb = off[p * 3 + 2]! - t * off[q * 3 + 2]!;
    return er * er + eg * eg + eb * eb < 400;
  };
  const bins = new Map<number, { n: number; r: number; g: number; b: number }>();
  let votes = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = y * width + x;
      if (strength(p) / maxStrength < 0.15) continue; // paper and faint noise
      if (
        (x > 0 && tintOf(p, p - 1)) ||
        (x < width - 1 && tintOf(p, p + 1)) ||
        (y > 0 && tintOf(p, p - width)) ||
        (y < height - 1 && tintOf(p, p + width))
      ) {
        continue;
      }
      const r = 255 + off[p * 3]!;
      const g = 255 + off[p * 3 + 1]!;
      const b = 255 + off[p * 3 + 2]!;
      votes++;
      const key = ((r >> 3) << 10) | ((g >> 3) << 5) | (b >> 3);
      const bin = bins.get(key) ?? { n: 0, r: 0, g: 0, b: 0 };
      bin.n++;
      bin.r += r;
      bin.g += g;
      bin.b += b;
      bins.set(key, bin);
    }
  }
  if (votes === 0) return [];
  const sorted = [...bins.values()].sort((a, b) => b.n - a.n);
  const clusters: { n: number; r: number; g: number; b: number }[] = [];
  for (const bin of sorted) {
    const c: Rgb = [bin.r / bin.n, bin.g / bin.n, bin.b / bin.n];
    const near = clusters.find((k) => Math.hypot(k.r / k.n - c[0], k.g / k.n - c[1], k.b / k.n - c[2]) < mergeDist);
    if (near) {
      near.n += bin.n;
      near.r += bin.r;
      near.g += bin.g;
      near.b += bin.b;
    } else if (bin.n >= votes * 0.02 && clusters.length < max) {
      clusters.push({ ...bin });
    }
  }
  const unique = new Map<number, Rgb>();
  for (const k of clusters) {
    let c: Rgb = [Math.round(k.r / k.n), Math.round(k.g / k.n), Math.round(k.b / k.n)];
    // Pure white would be paper; nudge so the pen colour stays a pen colour.
    if (c[0] === 255 && c[1] === 255 && c[2] === 255) c = [254, 254, 254];
    unique.set(colorKey(c), c);
  }
  return [...unique.keys()].map(fromKey);
}
