import sharp from 'sharp';
import { OUTPUT_PX } from '../../src-preload/contract/domain/generation';
import type { ImageStatusInput } from '../../src-preload/contract/domain/gallery';
import type { FetchLike } from '../common/fetch';
import type { JobResult } from './record';

export interface DownloadedImage {
  readonly index: number;
  readonly bytes: Uint8Array;
}

export interface DownloadOutcome {
  readonly statuses: ImageStatusInput[];
  readonly images: DownloadedImage[];
}

/** A network failure that may pass: the whole download is tried again later, nothing is marked lost. */
export class TransientDownloadError extends Error {
  override readonly name = 'TransientDownloadError';
}

/** Decodes the whole image (not only its header) and checks format and size. */
export async function verifyResult(bytes: Uint8Array, px = OUTPUT_PX): Promise<string | null> {
  try {
    const { info } = await sharp(bytes, { failOn: 'error' }).raw().toBuffer({ resolveWithObject: true });
    const meta = await sharp(bytes).metadata();
    if (meta.format !== 'png' && meta.format !== 'jpeg') return `not PNG or JPEG (${meta.format ?? 'unknown'})`;
    if (info.width !== px || info.height !== px) return `${info.width}×${info.height} instead of ${px}×${px}`;
    return null;
  } catch (e) {
    return `not a decodable image: ${e instanceof Error ? e.message.slice(0, 120) : 'unknown'}`;
  }
}

async function fetchOne(fetchImpl: FetchLike, url: string, signal: AbortSignal | undefined, timeoutMs: number): Promise<{ status: number; bytes?: Uint8Array }> {
  const timeout = AbortSignal.timeout(timeoutMs);
  const res = await fetchImpl(url, { signal: signal ? AbortSignal.any([signal, timeout]) : timeout, redirect: 'follow' });
  if (!res.ok) {
    await res.body?.cancel().catch(() => undefined);
    return { status: res.status };
  }
  return { status: res.status, bytes: new Uint8Array(await res.arrayBuffer()) };
}

/**
 * Fetches every result image at once and verifies each. An expired or missing URL (403/404/410)
 * marks that image lost; a failed image keeps the service's code; everything good is kept.
 * Network trouble and 5xx throw TransientDownloadError so the caller retries later.
 */
export async function downloadResults(
  result: JobResult,
  n: number,
  o: { fetch: FetchLike; signal?: AbortSignal | undefined; timeoutMs?: number; px?: number },
): Promise<DownloadOutcome> {
  const byIndex = new Map<number, ImageStatusInput>();
  for (const f of result.failures) byIndex.set(f.index, { index: f.index, status: 'failed', code: f.code, message: f.message });
  const images: DownloadedImage[] = [];
  await Promise.all(
    result.images.map(async ({ index, url }) => {
      let got: { status: number; bytes?: Uint8Array };
      try {
        got = await fetchOne(o.fetch, url, o.signal, o.timeoutMs ?? 60_000);
      } catch (e) {
        if (o.signal?.aborted) throw e;
        throw new TransientDownloadError(`result ${index}: ${e instanceof Error ? e.message : String(e)}`);
      }
      if (!got.bytes) {
        if (got.status >= 500 || got.status === 429) throw new TransientDownloadError(`result ${index}: HTTP ${got.status}`);
        const expired = got.status === 403 || got.status === 404 || got.status === 410;
        byIndex.set(index, { index, status: 'lost', reason: expired ? `jobs.resultExpired: HTTP ${got.status}` : `HTTP ${got.status}` });
        return;
      }
      const bad = await verifyResult(got.bytes, o.px);
      if (bad) {
        byIndex.set(index, { index, status: 'lost', reason: `jobs.badResult: ${bad}` });
        return;
      }
      images.push({ index, bytes: got.bytes });
      byIndex.set(index, { index, status: 'ok' });
    }),
  );
  // Slots the service said nothing about (fewer results than asked for) count as failed.
  for (let i = 0; i < n; i++) {
    if (!byIndex.has(i)) byIndex.set(i, { index: i, status: 'failed', code: 'InternalError', message: 'No result for this image.' });
  }
  return { statuses: [...byIndex.values()].sort((a, b) => a.index - b.index), images: images.sort((a, b) => a.index - b.index) };
}
