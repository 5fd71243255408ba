import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { inspectSketch } from '../../../src-main/storage/image-limits';

async function image(width: number, height: number, format: 'png' | 'jpeg' | 'webp' | 'tiff' | 'gif' = 'png') {
  const img = sharp({ create: { width, height, channels: 3, background: '#ffffff' } });
  return new Uint8Array(await img.toFormat(format).toBuffer());
}

describe('inspectSketch', () => {
  it('accepts a square PNG and names it by its sha256', async () => {
    const bytes = await image(768, 768);
    const meta = inspectSketch(bytes);
    const sha = createHash('sha256').update(bytes).digest('hex');
    expect(meta).toEqual({
      sha256: sha,
      format: 'png',
      mime: 'image/png',
      width: 768,
      height: 768,
      bytes: bytes.byteLength,
      key: `${sha}.png`,
    });
    expect(meta.key).toMatch(/^[0-9a-f]{64}\.png$/);
  });

  it.each([
    ['jpeg', 'jpg', 'image/jpeg'],
    ['webp', 'webp', 'image/webp'],
    ['tiff', 'tiff', 'image/tiff'],
  ] as const)('accepts %s', async (format, ext, mime) => {
    const meta = inspectSketch(await image(256, 256, format));
    expect(meta).toMatchObject({ format: ext, mime });
    expect(meta.key.endsWith(`.${ext}`)).toBe(true);
  });

  it('accepts the limits themselves: 256 and 2048 px', async () => {
    expect(inspectSketch(await image(256, 256)).width).toBe(256);
    expect(inspectSketch(await image(2048, 2048)).width).toBe(2048);
  });

  it('rejects formats the API does not take', async () => {
    expect(() => inspectSketch(new Uint8Array(Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00', 'binary')))).toThrow(
      expect.objectContaining({ code: 'storage.image.format', params: { format: 'gif' } }),
    );
  });

  it('rejects too small, too large and non-square sketches with the numbers', async () => {
    expect(() => inspectSketch(new Uint8Array(0))).toThrow(
      expect.objectContaining({ code: 'storage.image.unreadable' }),
    );
    const small = await image(255, 255);
    expect(() => inspectSketch(small)).toThrow(
      expect.objectContaining({ code: 'storage.image.tooSmall', params: { width: 255, height: 255, min: 256 } }),
    );
    const large = await image(2049, 2049);
    expect(() => inspectSketch(large)).toThrow(expect.objectContaining({ code: 'storage.image.tooLarge' }));
    const wide = await image(800, 600);
    expect(() => inspectSketch(wide)).toThrow(
      expect.objectContaining({ code: 'storage.image.notSquare', params: { width: 800, height: 600 } }),
    );
  });

  it('rejects files over 10 MB before parsing them', async () => {
    const png = await image(512, 512);
    const heavy = new Uint8Array(10 * 1024 * 1024 + 1);
    heavy.set(png);
    expect(() => inspectSketch(heavy)).toThrow(expect.objectContaining({ code: 'storage.image.tooHeavy' }));
  });
});
