import { describe, expect, it } from 'vitest';
import { classifyPixels, extractInkColors } from '../../../src-renderer/src/features/canvas/core/classify';

function image(w: number, h: number, f: (x: number, y: number) => [number, number, number]) {
  const d = new Uint8ClampedArray(w * h * 4);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) d.set([...f(x, y), 255], (y * w + x) * 4);
  return d;
}

/** White paper with a black and a red line, anti-aliased over two pixels. */
const lineArt = image(100, 100, (x, y) => {
  if (Math.abs(x - y) < 1) return [0, 0, 0];
  if (Math.abs(x - y) < 2) return [128, 128, 128];
  if (y === 70) return [200, 30, 30];
  if (y === 71) return [228, 142, 142];
  return [255, 255, 255];
});
/** A smooth gradient with noise: little paper, many colours. */
const photo = image(100, 100, (x, y) => [
  (x * 2 + ((x * y) % 13)) % 256,
  (y * 2 + (x % 7)) % 256,
  (x + y + ((x * 7) % 11)) % 256,
]);
/** A product shot: mostly white, but a detailed object in the middle. */
const productShot = image(100, 100, (x, y) => {
  const inside = (x - 50) ** 2 + (y - 50) ** 2 < 25 ** 2;
  return inside ? [(x * 5 + y * 3) % 200, (x * 11) % 220, (y * 13) % 210] : [255, 255, 255];
});

describe('line drawing or photo', () => {
  it('classifies a line drawing as lines', () => {
    expect(classifyPixels(lineArt).kind).toBe('lines');
  });
  it('classifies a photo as photo', () => {
    expect(classifyPixels(photo)).toMatchObject({ kind: 'photo' });
  });
  it('classifies an object on white with many colours as photo', () => {
    const c = classifyPixels(productShot);
    expect(c.paperShare).toBeGreaterThan(0.55);
    expect(c.kind).toBe('photo');
  });
  it('finds the pen colours of a line drawing, not its grey fringe', () => {
    const ink = extractInkColors(lineArt, 100);
    expect(ink).toHaveLength(2);
    expect(ink).toContainEqual([0, 0, 0]);
    expect(ink).toContainEqual([200, 30, 30]);
  });
  it('keeps a grey pen next to a black one', () => {
    const two = image(60, 60, (x) =>
      x >= 10 && x < 13
        ? [0, 0, 0]
        : x >= 30 && x < 33
          ? [134, 134, 134]
          : x === 13 || x === 9
            ? [120, 120, 120]
            : [255, 255, 255],
    );
    const ink = extractInkColors(two, 60);
    expect(ink).toHaveLength(2);
    expect(ink).toContainEqual([134, 134, 134]);
  });
  it('finds nothing on blank paper', () => {
    expect(
      extractInkColors(
        image(10, 10, () => [255, 255, 255]),
        10,
      ),
    ).toEqual([]);
  });
});
