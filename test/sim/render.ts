import sharp from 'sharp';
import { mulberry32 } from './random';

/**
 * Stand-in for the model: a style-dependent painted background with the sketch's strokes laid
 * over it in their own colours. `sketch_weight` sets how opaque the strokes are, so a test can
 * see the parameter matter. Not art; evidence that the image came from this sketch.
 */

export const RESULT_SIZE = 768;

type Rgb = [number, number, number];

interface StylePalette {
  top: Rgb;
  bottom: Rgb;
  /** Amplitude of the brush-like texture, 0–60. */
  texture: number;
  /** Spatial frequency of the texture. */
  grain: number;
}

const PALETTES: Record<string, StylePalette> = {
  '<3d cartoon>': { top: [120, 190, 255], bottom: [255, 220, 150], texture: 8, grain: 0.01 },
  '<anime>': { top: [90, 160, 250], bottom: [250, 240, 255], texture: 5, grain: 0.02 },
  '<oil painting>': { top: [150, 90, 40], bottom: [40, 70, 110], texture: 45, grain: 0.09 },
  '<watercolor>': { top: [200, 225, 245], bottom: [245, 215, 220], texture: 25, grain: 0.03 },
  '<sketch>': { top: [235, 232, 225], bottom: [210, 208, 200], texture: 12, grain: 0.2 },
  '<chinese painting>': { top: [238, 228, 200], bottom: [205, 190, 160], texture: 18, grain: 0.05 },
  '<flat illustration>': { top: [255, 200, 90], bottom: [80, 180, 160], texture: 0, grain: 0 },
};
const STYLE_NAMES = Object.keys(PALETTES);

export interface RenderInput {
  sketch: Buffer;
  style: string;
  sketchWeight: number;
  sketchColor: readonly (readonly number[])[];
  sketchExtraction: boolean;
  seed: number;
}

/** Stroke opacity for a sketch_weight of 0–10: faint at 0, exact colours at 10. */
export function strokeAlpha(weight: number): number {
  return 0.1 + 0.09 * Math.min(10, Math.max(0, weight));
}

function isBrushPixel(r: number, g: number, b: number, colors: readonly (readonly number[])[]): boolean {
  if (colors.length === 0) return 255 * 3 - (r + g + b) > 90; // anything clearly darker than white paper
  return colors.some(
    (c) => Math.abs(r - (c[0] ?? -999)) + Math.abs(g - (c[1] ?? -999)) + Math.abs(b - (c[2] ?? -999)) <= 48,
  );
}

export async function renderResult(input: RenderInput): Promise<Buffer> {
  const n = RESULT_SIZE;
  const sketch = await sharp(input.sketch)
    .flatten({ background: '#ffffff' })
    .resize(n, n, { fit: 'fill' })
    .removeAlpha()
    .raw()
    .toBuffer();
  const rand = mulberry32(input.seed);
  const style = PALETTES[input.style]
    ? input.style
    : (STYLE_NAMES[Math.floor(rand() * STYLE_NAMES.length)] ?? '<watercolor>');
  const p = PALETTES[style]!;
  const phase = rand() * Math.PI * 2;
  const tint = (rand() - 0.5) * 40; // each of the n images differs a little
  const alpha = strokeAlpha(input.sketchWeight);
  const out = Buffer.alloc(n * n * 3);
  const lum = (i: number) => (sketch[i]! + sketch[i + 1]! + sketch[i + 2]!) / 3;
  for (let y = 0; y < n; y++) {
    const t = y / (n - 1);
    for (let x = 0; x < n; x++) {
      const i = (y * n + x) * 3;
      const wave = p.texture * Math.sin(x * p.grain + phase) * Math.cos(y * p.grain * 0.7 - phase);
      const bg: Rgb = [0, 1, 2].map(
        (c) => p.top[c]! * (1 - t) + p.bottom[c]! * t + wave + (c === 0 ? tint : -tint / 2),
      ) as Rgb;
      const r = sketch[i]!;
      const g = sketch[i + 1]!;
      const b = sketch[i + 2]!;
      let stroke: Rgb | undefined;
      if (input.sketchExtraction) {
        // Edge extraction: a strong luminance step becomes a dark line.
        const right = x + 1 < n ? lum(i + 3) : lum(i);
        const down = y + 1 < n ? lum(i + n * 3) : lum(i);
        if (Math.abs(lum(i) - right) + Math.abs(lum(i) - down) > 60) stroke = [20, 20, 20];
      } else if (isBrushPixel(r, g, b, input.sketchColor)) {
        stroke = [r, g, b];
      }
      for (let c = 0; c < 3; c++) {
        const v = stroke ? bg[c]! * (1 - alpha) + stroke[c]! * alpha : bg[c]!;
        out[i + c] = Math.max(0, Math.min(255, Math.round(v)));
      }
    }
  }
  return sharp(out, { raw: { width: n, height: n, channels: 3 } })
    .png({ compressionLevel: 3 })
    .toBuffer();
}
