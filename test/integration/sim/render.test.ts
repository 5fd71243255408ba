import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { makeSketch } from '../../sim/fixtures';
import { renderResult } from '../../sim/render';

const RED = [200, 0, 0] as const;
const BLUE = [0, 0, 200] as const;

async function pixels(png: Buffer) {
  const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
  return {
    info,
    at: (x: number, y: number) =>
      Array.from(data.subarray((y * info.width + x) * info.channels, (y * info.width + x) * info.channels + 3)),
  };
}

const dist = (a: number[], b: readonly number[]) =>
  Math.abs(a[0]! - b[0]!) + Math.abs(a[1]! - b[1]!) + Math.abs(a[2]! - b[2]!);

describe('result rendering', () => {
  // A 512 px sketch: a red bar at the top and a blue one at the bottom; output is 768 px (×1.5).
  const sketch = () =>
    makeSketch({
      width: 512,
      height: 512,
      strokes: [
        { x: 50, y: 60, w: 400, h: 40, color: RED },
        { x: 50, y: 400, w: 400, h: 40, color: BLUE },
      ],
    });
  const base = { style: '<watercolor>', sketchColor: [], sketchExtraction: false, seed: 7 };

  it('is a 768×768 PNG with the strokes in their colours where they were drawn, at full weight', async () => {
    const png = await renderResult({ ...base, sketch: await sketch(), sketchWeight: 10 });
    const p = await pixels(png);
    expect([p.info.format, p.info.width, p.info.height]).toEqual(['raw', 768, 768]);
    expect(p.at(375, 120)).toEqual([...RED]);
    expect(p.at(375, 630)).toEqual([...BLUE]);
    expect(dist(p.at(375, 360), RED)).toBeGreaterThan(150); // background between them
  });

  it('shows the sketch faintly at weight 0 and strongly at weight 10', async () => {
    const s = await sketch();
    const faint = await pixels(await renderResult({ ...base, sketch: s, sketchWeight: 0 }));
    const strong = await pixels(await renderResult({ ...base, sketch: s, sketchWeight: 10 }));
    expect(dist(faint.at(375, 120), RED)).toBeGreaterThan(dist(strong.at(375, 120), RED) + 150);
  });

  it('paints a different background per style and per seed', async () => {
    const s = await sketch();
    const oil = await pixels(await renderResult({ ...base, sketch: s, sketchWeight: 10, style: '<oil painting>' }));
    const water = await pixels(await renderResult({ ...base, sketch: s, sketchWeight: 10 }));
    const water2 = await pixels(await renderResult({ ...base, sketch: s, sketchWeight: 10, seed: 8 }));
    expect(dist(oil.at(375, 360), water.at(375, 360))).toBeGreaterThan(60);
    expect(dist(water.at(375, 360), water2.at(375, 360))).toBeGreaterThan(0);
  });

  it('with sketch_color, only the listed brush colours count as strokes', async () => {
    const p = await pixels(
      await renderResult({ ...base, sketch: await sketch(), sketchWeight: 10, sketchColor: [[...BLUE]] }),
    );
    expect(p.at(375, 630)).toEqual([...BLUE]);
    expect(dist(p.at(375, 120), RED)).toBeGreaterThan(150);
  });
});
