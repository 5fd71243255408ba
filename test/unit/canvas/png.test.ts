import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { encodeIndexedPng, toIndices } from '../../../src-renderer/src/features/canvas/core/png';
import type { Rgb } from '../../../src-renderer/src/features/canvas/core/color';

const rgba = (pixels: Rgb[]) => {
  const d = new Uint8ClampedArray(pixels.length * 4);
  pixels.forEach((c, i) => d.set([...c, 255], i * 4));
  return d;
};

describe('indexed PNG encoder', () => {
  for (const colors of [1, 2, 3, 5, 20]) {
    it(`round-trips through pngjs with ${colors} ink colour(s)`, async () => {
      const ink: Rgb[] = Array.from({ length: colors }, (_, i) => [i * 7, 100, 255 - i * 9] as Rgb);
      const w = 37;
      const h = 11; // odd sizes exercise partial bytes at 1, 2 and 4 bits
      const pixels: Rgb[] = Array.from({ length: w * h }, (_, p) =>
        (p * 31) % (colors + 1) === 0 ? [255, 255, 255] : ink[((p * 31) % (colors + 1)) - 1]!,
      );
      const data = rgba(pixels);
      const png = await encodeIndexedPng(w, h, toIndices(data, ink), [[255, 255, 255], ...ink]);
      const decoded = PNG.sync.read(Buffer.from(png));
      expect([decoded.width, decoded.height]).toEqual([w, h]);
      expect(Buffer.from(decoded.data).equals(Buffer.from(data))).toBe(true);
    });
  }

  it('refuses pixels that were not snapped', () => {
    expect(() =>
      toIndices(
        rgba([
          [255, 255, 255],
          [1, 2, 3],
        ]),
        [[0, 0, 0]],
      ),
    ).toThrow(/not snapped/);
  });
});
