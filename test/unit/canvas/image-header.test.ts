import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { pixelSize } from '../../../src-renderer/src/features/canvas/core/image-header';

const bytes = (...parts: Array<number[] | string>) =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p)));

describe('pixelSize: an image size from its header, before decoding', () => {
  it('PNG (a real one, and a 40 000 × 30 000 claim)', () => {
    const png = PNG.sync.write(new PNG({ width: 300, height: 200 }));
    expect(pixelSize(png)).toEqual({ width: 300, height: 200 });
    const claim = Uint8Array.from(png.subarray(0, 33));
    new DataView(claim.buffer).setUint32(16, 40_000);
    new DataView(claim.buffer).setUint32(20, 30_000);
    expect(pixelSize(claim)).toEqual({ width: 40_000, height: 30_000 });
  });
  it('GIF, BMP, WebP (VP8X, VP8L, VP8)', () => {
    expect(pixelSize(bytes('GIF89a', [0x20, 0x03, 0x58, 0x02]))).toEqual({ width: 800, height: 600 });
    expect(pixelSize(bytes('BM', new Array(16).fill(0), [0x00, 0x04, 0, 0], [0x00, 0xfd, 0xff, 0xff]))).toEqual({
      width: 1024,
      height: 768,
    });
    expect(
      pixelSize(
        bytes('RIFF', [0, 0, 0, 0], 'WEBP', 'VP8X', new Array(8).fill(0), [0x9f, 0x0f, 0x00], [0xb7, 0x0b, 0x00]),
      ),
    ).toEqual({ width: 4000, height: 3000 });
    // VP8L: 14-bit width-1 and height-1 after the 0x2f signature.
    const w = 4000 - 1;
    const h = 3000 - 1;
    const bits = w | (h << 14);
    expect(
      pixelSize(
        bytes(
          'RIFF',
          [0, 0, 0, 0],
          'WEBP',
          'VP8L',
          [0, 0, 0, 0],
          [0x2f],
          [bits & 0xff, (bits >> 8) & 0xff, (bits >> 16) & 0xff, (bits >>> 24) & 0xff],
        ),
      ),
    ).toEqual({ width: 4000, height: 3000 });
    expect(
      pixelSize(
        bytes(
          'RIFF',
          [0, 0, 0, 0],
          'WEBP',
          'VP8 ',
          [0, 0, 0, 0],
          [0, 0, 0],
          [0x9d, 0x01, 0x2a],
          [0xa0, 0x0f, 0xb8, 0x0b],
        ),
      ),
    ).toEqual({ width: 4000, height: 3000 });
  });
  it('JPEG: skips segments to the frame header', () => {
    const app0 = [0xff, 0xe0, 0x00, 0x10, ...new Array(14).fill(0)];
    const sof0 = [0xff, 0xc0, 0x00, 0x11, 0x08, 0x0b, 0xb8, 0x0f, 0xa0, 0x03, ...new Array(9).fill(0)];
    expect(pixelSize(Uint8Array.from([0xff, 0xd8, ...app0, ...sof0]))).toEqual({ width: 4000, height: 3000 });
  });
  it('null when the header does not say', () => {
    expect(pixelSize(bytes('hello world, not an image'))).toBeNull();
    expect(pixelSize(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0x00]))).toBeNull();
  });
});
