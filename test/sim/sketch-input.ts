import sharp from 'sharp';
import type { Metadata } from 'sharp';
import type { UploadStore } from './upload-store';

/**
 * Downloads and checks `sketch_image_url` the way the service does (API reference, "Image
 * limits"): http(s) or one of our own `oss://` objects; JPG/PNG/TIFF/WEBP; 256–2048 px per
 * side; ≤ 10 MB; no Chinese characters in the URL; aspect ratio below 2.
 */

export type SketchCheck =
  | { ok: true; bytes: Buffer; width: number; height: number; format: string }
  | { ok: false; code: 'InvalidURL' | 'InvalidFile.Resolution'; reason: string };

export const SKETCH_MAX_BYTES = 10 * 1024 * 1024;
const FORMATS = new Set(['jpeg', 'png', 'tiff', 'webp']);
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

const invalidUrl = (reason: string): SketchCheck => ({ ok: false, code: 'InvalidURL', reason });
const badResolution = (reason: string): SketchCheck => ({ ok: false, code: 'InvalidFile.Resolution', reason });

async function download(url: URL, timeoutMs: number): Promise<Buffer | string> {
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' });
  } catch (e) {
    return `download failed: ${(e as Error).message}`;
  }
  if (res.status !== 200) return `download answered HTTP ${res.status}`;
  const declared = Number(res.headers.get('content-length') ?? '0');
  if (declared > SKETCH_MAX_BYTES) return `file larger than 10 MB (${declared} bytes)`;
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for await (const chunk of res.body ?? []) {
      size += chunk.length;
      if (size > SKETCH_MAX_BYTES) return 'file larger than 10 MB';
      chunks.push(chunk);
    }
  } catch (e) {
    return `download failed: ${(e as Error).message}`;
  }
  return Buffer.concat(chunks);
}

export async function checkSketch(
  rawUrl: string,
  ctx: {
    uploads: UploadStore;
    accountId: string;
    model: string;
    now: number;
    allowRemote: boolean;
    timeoutMs?: number;
  },
): Promise<SketchCheck> {
  if (/[^\x00-\x7f]/.test(rawUrl)) return invalidUrl('URL contains non-ASCII characters');
  let bytes: Buffer;
  if (rawUrl.startsWith('oss://')) {
    const found = ctx.uploads.resolve(rawUrl.slice('oss://'.length), ctx.accountId, ctx.model, ctx.now);
    if (typeof found === 'string') return invalidUrl(`oss object ${found}`);
    bytes = found.bytes;
  } else {
    let url: URL;
    try {
      url = new URL(rawUrl);
    } catch {
      return invalidUrl('not a URL');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return invalidUrl(`unsupported scheme ${url.protocol}`);
    if (!ctx.allowRemote && !LOOPBACK.has(url.hostname))
      return invalidUrl(`host ${url.hostname} unreachable from the simulator`);
    const got = await download(url, ctx.timeoutMs ?? 10_000);
    if (typeof got === 'string') return invalidUrl(got);
    bytes = got;
  }
  if (bytes.length > SKETCH_MAX_BYTES) return invalidUrl('file larger than 10 MB');
  let meta: Metadata;
  try {
    meta = await sharp(bytes).metadata();
  } catch {
    return invalidUrl('not a decodable image');
  }
  if (!meta.format || !FORMATS.has(meta.format)) return invalidUrl(`format ${meta.format ?? 'unknown'} not accepted`);
  const { width, height } = meta;
  if (!width || !height) return invalidUrl('image has no size');
  if (Math.max(width, height) / Math.min(width, height) >= 2) return badResolution(`aspect ratio ${width}x${height}`);
  if (width < 256 || height < 256 || width > 2048 || height > 2048)
    return badResolution(`size ${width}x${height} outside 256–2048`);
  return { ok: true, bytes, width, height, format: meta.format };
}
