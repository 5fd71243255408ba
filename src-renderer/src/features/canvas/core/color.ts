/** An sRGB colour as the API wants it in `sketch_color`: three 0–255 integers. */
export type Rgb = readonly [r: number, g: number, b: number];

/** The pen's colour until the user picks another: near-black, the first swatch. */
export const DEFAULT_INK = '#111827';

const HEX = /^#?([0-9a-f]{6}|[0-9a-f]{3})$/i;

/** Parses `#rrggbb`, `#rgb` and fabric's `rgb(r,g,b)`; null for anything else (gradients, names). */
export function parseColor(text: string | null | undefined): Rgb | null {
  if (!text) return null;
  const s = text.trim();
  const hex = HEX.exec(s);
  if (hex) {
    let h = hex[1] as string;
    if (h.length === 3) h = h.replace(/./g, (c) => c + c);
    const n = Number.parseInt(h, 16);
    return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
  }
  const rgb = /^rgba?\(\s*(\d{1,3})\s*,\s*(\d{1,3})\s*,\s*(\d{1,3})\s*(?:,\s*([\d.]+)\s*)?\)$/i.exec(s);
  if (rgb) {
    const c = [rgb[1], rgb[2], rgb[3]].map((v) => Math.min(255, Number(v))) as [number, number, number];
    return c;
  }
  return null;
}

export const toHex = ([r, g, b]: Rgb): string => `#${((1 << 24) | (r << 16) | (g << 8) | b).toString(16).slice(1)}`;

/** One integer per colour, for maps and sets. */
export const colorKey = ([r, g, b]: Rgb): number => (r << 16) | (g << 8) | b;
export const fromKey = (k: number): Rgb => [(k >> 16) & 255, (k >> 8) & 255, k & 255];

/** Pure white is the background, never a brush colour (the API treats it as paper). */
export const isWhite = ([r, g, b]: Rgb): boolean => r === 255 && g === 255 && b === 255;

/** Stable order for display and for the API: darker first, then by hue-ish key. */
export function sortColors(colors: Iterable<Rgb>): Rgb[] {
  const lum = ([r, g, b]: Rgb) => 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return [...colors].sort((a, b) => lum(a) - lum(b) || colorKey(a) - colorKey(b));
}
