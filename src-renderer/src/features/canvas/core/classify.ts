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
 * The pen colours of a line drawing: the most common colours among well-inked pixels
 * (at least 60 % away from white, so anti-aliased fringes do not vote), merged when closer
 * than `mergeDist`, at most `max` of them. Each colour is the mean of its members.
 */
export function extractInkColors(data: Uint8ClampedArray, max = 6, mergeDist = 80): Rgb[] {
  const bins = new Map<number, { n: number; r: number; g: number; b: number }>();
  let inked = 0;
  for (let o = 0; o < data.length; o += 4) {
    const a = data[o + 3]! / 255;
    const r = 255 + (data[o]! - 255) * a;
    const g = 255 + (data[o + 1]! - 255) * a;
    const b = 255 + (data[o + 2]! - 255) * a;
    const distFromWhite = Math.hypot(255 - r, 255 - g, 255 - b) / Math.hypot(255, 255, 255);
    // Strong pixels only; for light pens (yellow) fall back to a lower bar below.
    if (distFromWhite < 0.25) continue;
    inked++;
    const key = ((r >> 3) << 10) | ((g >> 3) << 5) | (b >> 3);
    const bin = bins.get(key) ?? { n: 0, r: 0, g: 0, b: 0 };
    bin.n++;
    bin.r += r;
    bin.g += g;
    bin.b += b;
    bins.set(key, bin);
  }
  if (inked === 0) return [];
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
    } else if (bin.n >= inked * 0.02 && clusters.length < max) {
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
