import { crc32 } from 'node:zlib';
import { hasPngSignature, PNG_SIGNATURE } from '../common/png';

/**
 * PNG text chunks (PNG spec 11.3.4): `tEXt` holds Latin-1 only, so anything that may be Chinese
 * goes in `iTXt` (UTF-8). Common tools (exiftool, Pillow, A1111's "PNG info") read both.
 */

export interface PngText {
  readonly keyword: string;
  readonly text: string;
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

const isLatin1 = (s: string) => /^[\x20-\x7e\xa0-\xff\n]*$/.test(s);

function textChunk({ keyword, text }: PngText): Buffer {
  if (!/^[\x20-\x7e]{1,79}$/.test(keyword)) throw new Error(`bad PNG text keyword: ${keyword}`);
  if (isLatin1(text))
    return chunk(
      'tEXt',
      Buffer.concat([Buffer.from(keyword, 'latin1'), Buffer.from([0]), Buffer.from(text, 'latin1')]),
    );
  // keyword \0, compression flag 0, method 0, language tag "" \0, translated keyword "" \0, text
  return chunk(
    'iTXt',
    Buffer.concat([Buffer.from(keyword, 'latin1'), Buffer.from([0, 0, 0, 0, 0]), Buffer.from(text, 'utf8')]),
  );
}

interface RawChunk {
  readonly type: string;
  readonly start: number;
  readonly end: number;
  readonly data: Buffer;
}

function* chunks(png: Buffer): Generator<RawChunk> {
  if (!hasPngSignature(png)) throw new Error('not a PNG');
  let at = PNG_SIGNATURE.length;
  while (at + 12 <= png.length) {
    const length = png.readUInt32BE(at);
    const type = png.toString('latin1', at + 4, at + 8);
    const end = at + 12 + length;
    if (end > png.length) throw new Error('truncated PNG');
    yield { type, start: at, end, data: png.subarray(at + 8, at + 8 + length) };
    at = end;
  }
}

/** Returns `png` with the text chunks inserted right after IHDR (readers find them before the pixels). */
export function addPngText(png: Uint8Array, texts: readonly PngText[]): Buffer {
  const buf = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  const first = chunks(buf).next();
  if (first.done || first.value.type !== 'IHDR') throw new Error('PNG without IHDR');
  return Buffer.concat([buf.subarray(0, first.value.end), ...texts.map(textChunk), buf.subarray(first.value.end)]);
}

/** Every tEXt and uncompressed iTXt chunk of a PNG, in file order. */
export function readPngText(png: Uint8Array): PngText[] {
  const buf = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  const out: PngText[] = [];
  for (const c of chunks(buf)) {
    if (c.type === 'tEXt') {
      const nul = c.data.indexOf(0);
      out.push({ keyword: c.data.toString('latin1', 0, nul), text: c.data.toString('latin1', nul + 1) });
    } else if (c.type === 'iTXt') {
      const nul = c.data.indexOf(0);
      const keyword = c.data.toString('latin1', 0, nul);
      if (c.data[nul + 1] !== 0) continue; // compressed iTXt: we never write it
      const lang = c.data.indexOf(0, nul + 3);
      const translated = c.data.indexOf(0, lang + 1);
      out.push({ keyword, text: c.data.toString('utf8', translated + 1) });
    }
  }
  return out;
}
