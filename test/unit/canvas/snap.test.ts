import { describe, expect, it } from 'vitest';
import { snapToIndices, snapToInk } from '../../../src-renderer/src/features/canvas/core/snap';
import type { Rgb } from '../../../src-renderer/src/features/canvas/core/color';

const px = (...pixels: Array<[number, number, number, number]>) => new Uint8ClampedArray(pixels.flat());
const colorsOf = (d: Uint8ClampedArray) =>
  Array.from({ length: d.length / 4 }, (_, i) => [...d.subarray(i * 4, i * 4 + 4)]);

describe('snapToInk', () => {
  const black: Rgb = [0, 0, 0];
  const grey: Rgb = [134, 134, 134];
  const red: Rgb = [220, 38, 38];

  it('keeps exact ink, whitens transparent and paper pixels', () => {
    const d = px([0, 0, 0, 255], [9, 9, 9, 0], [255, 255, 255, 255]);
    expect(snapToInk(d, [black])).toEqual([1]);
    expect(colorsOf(d)).toEqual([
      [0, 0, 0, 255],
      [255, 255, 255, 255],
      [255, 255, 255, 255],
    ]);
  });

  it('snaps anti-aliased coverage at one half: more ink → ink, less → paper', () => {
    // A black stroke's edge is black with partial alpha in the transparent ink layer.
    const d = px([0, 0, 0, 140], [0, 0, 0, 110]);
    expect(snapToInk(d, [black])).toEqual([1]);
    expect(colorsOf(d)).toEqual([
      [0, 0, 0, 255],
      [255, 255, 255, 255],
    ]);
  });

  it('does not turn a black fringe into a grey brush colour (snaps along white→colour lines)', () => {
    // 50 % black over white is (128,128,128): nearest colour would say grey; it is black's edge.
    const d = px([0, 0, 0, 135]);
    snapToInk(d, [black, grey]);
    expect(colorsOf(d)).toEqual([[0, 0, 0, 255]]);
    // A genuinely grey stroke stays grey.
    const g = px([134, 134, 134, 255], [134, 134, 134, 200]);
    expect(snapToInk(g, [black, grey])).toEqual([0, 2]);
  });

  it('every output pixel is white or one of the colours, and counts add up', () => {
    const ink: Rgb[] = [black, red, [37, 99, 235]];
    const d = new Uint8ClampedArray(4 * 5000);
    let seed = 7;
    for (let i = 0; i < d.length; i++) d[i] = (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % 256;
    const counts = snapToInk(d, ink);
    const allowed = new Set(['255,255,255,255', ...ink.map((c) => `${c.join(',')},255`)]);
    let inked = 0;
    for (const c of colorsOf(d)) {
      expect(allowed.has(c.join(','))).toBe(true);
      if (c.join(',') !== '255,255,255,255') inked++;
    }
    expect(counts.reduce((a, b) => a + b, 0)).toBe(inked);
  });

  it('with no ink colours everything becomes paper', () => {
    const d = px([10, 20, 30, 255]);
    expect(snapToInk(d, [])).toEqual([]);
    expect(colorsOf(d)).toEqual([[255, 255, 255, 255]]);
  });
});

describe('snapToIndices', () => {
  const ink: Rgb[] = [
    [0, 0, 0],
    [220, 38, 38],
  ];
  const rgba = (...px: [number, number, number, number][]) => new Uint8ClampedArray(px.flat());

  it('gives the same decisions as snapToInk without touching the buffer', () => {
    const pixels: [number, number, number, number][] = [];
    for (let i = 0; i < 5000; i++) pixels.push([(i * 37) % 256, (i * 91) % 256, (i * 53) % 256, (i * 13) % 256]);
    const data = rgba(...pixels);
    const before = Uint8ClampedArray.from(data);
    const { indices, counts } = snapToIndices(data, ink);
    expect(data).toEqual(before);
    const copy = Uint8ClampedArray.from(data);
    expect(snapToInk(copy, ink)).toEqual(counts);
    const colours = [[255, 255, 255], ...ink];
    for (let p = 0; p < indices.length; p++) {
      expect([copy[p * 4], copy[p * 4 + 1], copy[p * 4 + 2]]).toEqual(colours[indices[p]!]);
    }
  });

  it('is not fooled by values that share a cache slot', () => {
    // Thousands of distinct values force collisions in the 4,096-slot cache; each must still be
    // decided on its own merits (exact ink stays ink, near-white stays paper).
    const pixels: [number, number, number, number][] = [];
    for (let i = 0; i < 20000; i++)
      pixels.push(i % 2 ? [0, 0, 0, 255] : [250, 250, 250 - (i % 200 === 0 ? 1 : 0), 255 - (i % 7)]);
    const { indices } = snapToIndices(rgba(...pixels), ink);
    for (let p = 0; p < indices.length; p++) expect(indices[p], String(p)).toBe(p % 2 ? 1 : 0);
  });
});
