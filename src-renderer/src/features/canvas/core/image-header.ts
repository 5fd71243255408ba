/**
 * An image's pixel size from its first bytes, before anything is decoded: a file's byte size
 * says little (a 12 MB photo is fine, a 40 KB PNG can claim 50,000 × 50,000 pixels). Null when
 * the header does not say (the decoder then decides).
 */
export interface PixelSize {
  readonly width: number;
  readonly height: number;
}

const be16 = (b: Uint8Array, i: number) => ((b[i] ?? 0) << 8) | (b[i + 1] ?? 0);
const le16 = (b: Uint8Array, i: number) => (b[i] ?? 0) | ((b[i + 1] ?? 0) << 8);
const le24 = (b: Uint8Array, i: number) => le16(b, i) | ((b[i + 2] ?? 0) << 16);
const le32 = (b: Uint8Array, i: number) => le24(b, i) + (b[i + 3] ?? 0) * 0x1000000;
const ascii = (b: Uint8Array, i: number, s: string) => [...s].every((c, k) => b[i + k] === c.charCodeAt(0));

function jpegSize(b: Uint8Array): PixelSize | null {
  let i = 2;
  while (i + 9 < b.length) {
    if (b[i] !== 0xff) return null;
    const marker = b[i + 1]!;
    if (marker === 0xff) {
      i++;
      continue;
    }
    // Start of frame (baseline, progressive, …); C4 (DHT), C8 and CC (DAC) are not frames.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: be16(b, i + 5), width: be16(b, i + 7) };
    }
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      i += 2;
      continue;
    }
    i += 2 + be16(b, i + 2);
  }
  return null;
}

export function pixelSize(b: Uint8Array): PixelSize | null {
  if (b[0] === 0x89 && ascii(b, 1, 'PNG') && ascii(b, 12, 'IHDR')) {
    const u32 = (i: number) =>
      (b[i] ?? 0) * 0x1000000 + ((b[i + 1] ?? 0) << 16) + ((b[i + 2] ?? 0) << 8) + (b[i + 3] ?? 0);
    return { width: u32(16), height: u32(20) };
  }
  if (ascii(b, 0, 'GIF')) return { width: le16(b, 6), height: le16(b, 8) };
  if (ascii(b, 0, 'BM')) return { width: Math.abs(le32(b, 18) | 0), height: Math.abs(le32(b, 22) | 0) };
  if (ascii(b, 0, 'RIFF') && ascii(b, 8, 'WEBP')) {
    if (ascii(b, 12, 'VP8X')) return { width: 1 + le24(b, 24), height: 1 + le24(b, 27) };
    if (ascii(b, 12, 'VP8L')) {
      const [b0, b1, b2, b3] = [b[21] ?? 0, b[22] ?? 0, b[23] ?? 0, b[24] ?? 0];
      return {
        width: 1 + (((b1 & 0x3f) << 8) | b0),
        height: 1 + (((b3 & 0xf) << 10) | (b2 << 2) | ((b1 & 0xc0) >> 6)),
      };
    }
    if (ascii(b, 12, 'VP8 ')) return { width: le16(b, 26) & 0x3fff, height: le16(b, 28) & 0x3fff };
    return null;
  }
  if (b[0] === 0xff && b[1] === 0xd8) return jpegSize(b);
  return null;
}
