import { imageSize } from 'image-size';
import sharp from 'sharp';
import { OUTPUT_PX } from '../../../src-preload/contract/domain/generation';
import type { FetchLike } from '../../common/fetch';
import { BodyTooLargeError, readBodyCapped } from '../../common/read-body';
import { isRedirectRefusal } from '../../common/redirect-refusal';
import { checkResultUrl } from '../../security/result-url';
import type { ServerClock } from '../../dashscope/time';

/**
 * Wall-clock budget of one try at one image. Each later try of the same image gets twice the
 * one before (up to RESULT_TIMEOUT_MAX_MS), so a link slower than one budget still gets through.
 */
export const RESULT_TIMEOUT_MS = 60_000;
export const RESULT_TIMEOUT_MAX_MS = 10 * 60_000;
export const resultTimeoutMs = (base: number, attempt: number): number =>
  Math.min(base * 2 ** Math.min(attempt, 20), Math.max(base, RESULT_TIMEOUT_MAX_MS));

/** DashScope keeps result links for 24 h after the task ended (contract §6). */
export const RESULT_LINK_TTL_MS = 24 * 3_600_000;
/**
 * The most a result image may weigh: a 768² RGBA PNG stored without any compression is 2.4 MB;
 * four times that leaves room for metadata and never lets a flood reach memory.
 */
export const RESULT_MAX_BYTES = 10 * 1024 * 1024;
/**
 * When no answer ever told us the server's time (every attempt died on the wire), the PC clock
 * alone decides, with this much room for a PC clock that runs ahead of the server's.
 */
export const UNKNOWN_SERVER_CLOCK_MARGIN_MS = 12 * 3_600_000;

/** One try at one image: kept, given up for good, or worth another try later. */
export type ImageAttempt =
  | { readonly kind: 'ok'; readonly bytes: Uint8Array }
  | {
      readonly kind: 'lost';
      readonly code: 'jobs.resultExpired' | 'jobs.badResult' | 'jobs.resultRefused';
      readonly reason: string;
    }
  | { readonly kind: 'retry'; readonly detail: string };

/**
 * When this link stops working: its own `Expires` (OSS signed URLs, epoch seconds) when it has
 * one, else 24 h after the task's end (both server time).
 */
export function linkExpiresAt(url: string, endedAt: number): number {
  try {
    const expires = new URL(url).searchParams.get('Expires');
    if (expires !== null && /^\d{9,11}$/.test(expires)) return Number(expires) * 1000;
  } catch {
    /* not a URL: the policy refuses it anyway */
  }
  return endedAt + RESULT_LINK_TTL_MS;
}

/**
 * Whether a link that keeps failing is past its expiry, by the server's clock when known: the
 * earliest it can read, so an image is given up only once its link has surely expired.
 */
export function linkExpired(expiresAt: number, localNow: number, server: ServerClock): boolean {
  const serverNow = server.earliest(localNow);
  return serverNow !== undefined ? serverNow >= expiresAt : localNow >= expiresAt + UNKNOWN_SERVER_CLOCK_MARGIN_MS;
}

/**
 * Checks a result image without trusting it: the header first (format and size, no decode),
 * then a full decode that sharp refuses to start above the output's pixel count, so a tiny file
 * claiming 16000² costs a header read, not a gigabyte.
 */
export async function verifyResult(bytes: Uint8Array, px = OUTPUT_PX): Promise<string | null> {
  let header: ReturnType<typeof imageSize>;
  try {
    header = imageSize(bytes);
  } catch {
    return 'not an image';
  }
  if (header.type !== 'png' && header.type !== 'jpg') return `not PNG or JPEG (${header.type ?? 'unknown'})`;
  if (header.width !== px || header.height !== px) return `${header.width}×${header.height} instead of ${px}×${px}`;
  try {
    // A decode never allocates for more pixels than the output has (sharp refuses before it allocates).
    const { info } = await sharp(bytes, { failOn: 'error', limitInputPixels: px * px })
      .raw()
      .toBuffer({ resolveWithObject: true });
    if (info.width !== px || info.height !== px) return `${info.width}×${info.height} instead of ${px}×${px}`;
    return null;
  } catch (e) {
    return `not a decodable image: ${e instanceof Error ? e.message.slice(0, 120) : 'unknown'}`;
  }
}

export interface FetchImageOptions {
  readonly fetch: FetchLike;
  /** The base URL of the endpoint whose answer named the URL (decides what the URL may be). */
  readonly endpoint: string;
  readonly signal: AbortSignal;
  readonly timeoutMs?: number;
  readonly px?: number;
  readonly maxBytes?: number;
  /** Learns the server's time from the answer. */
  readonly server: ServerClock;
  readonly now: () => number;
}

/**
 * One try at one result image. A URL the policy refuses, a redirect, an expired or missing
 * object (403/404/410), a wrong size or an oversized body are given up at once (trying again
 * would get the same); network trouble, 5xx, 408 and 429 are worth another try. Throws only
 * when `signal` aborts.
 */
export async function fetchResultImage(url: string, o: FetchImageOptions): Promise<ImageAttempt> {
  const checked = checkResultUrl(url, o.endpoint);
  if (!checked.ok) return { kind: 'lost', code: 'jobs.resultRefused', reason: `jobs.resultRefused: ${checked.why}` };
  // Network time, not simulated time: the budget guards a real socket. A plain timer, cleared at
  // the end: an AbortSignal.timeout held only by AbortSignal.any can be collected and never fire.
  const ms = o.timeoutMs ?? RESULT_TIMEOUT_MS;
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(new Error(`no complete answer within ${ms} ms`)), ms);
  try {
    return await tryImage(checked.url, o, AbortSignal.any([o.signal, timeout.signal]));
  } finally {
    clearTimeout(timer);
  }
}

async function tryImage(url: URL, o: FetchImageOptions, signal: AbortSignal): Promise<ImageAttempt> {
  let res: Response;
  const sentAt = o.now();
  try {
    // Never followed: a redirect could lead anywhere the policy would have refused.
    res = await o.fetch(url.href, { signal, redirect: 'manual' });
  } catch (e) {
    o.signal.throwIfAborted();
    // Electron's net.fetch refuses a redirect by rejecting, not by answering the 3xx.
    if (isRedirectRefusal(e))
      return { kind: 'lost', code: 'jobs.resultRefused', reason: 'jobs.resultRefused: redirect' };
    return { kind: 'retry', detail: e instanceof Error ? e.message.slice(0, 200) : String(e) };
  }
  o.server.observe(res, sentAt, o.now());
  if (res.type === 'opaqueredirect' || (res.status >= 300 && res.status < 400)) {
    await res.body?.cancel().catch(() => undefined);
    return { kind: 'lost', code: 'jobs.resultRefused', reason: `jobs.resultRefused: redirect (HTTP ${res.status})` };
  }
  if (!res.ok) {
    await res.body?.cancel().catch(() => undefined);
    if (res.status >= 500 || res.status === 429 || res.status === 408)
      return { kind: 'retry', detail: `HTTP ${res.status}` };
    const expired = res.status === 403 || res.status === 404 || res.status === 410;
    return expired
      ? { kind: 'lost', code: 'jobs.resultExpired', reason: `jobs.resultExpired: HTTP ${res.status}` }
      : { kind: 'lost', code: 'jobs.badResult', reason: `jobs.badResult: HTTP ${res.status}` };
  }
  let bytes: Uint8Array;
  try {
    bytes = await readBodyCapped(res, o.maxBytes ?? RESULT_MAX_BYTES, signal);
  } catch (e) {
    if (e instanceof BodyTooLargeError)
      return { kind: 'lost', code: 'jobs.badResult', reason: `jobs.badResult: ${e.message}` };
    o.signal.throwIfAborted();
    const why = signal.aborted ? signal.reason : e;
    return { kind: 'retry', detail: why instanceof Error ? why.message.slice(0, 200) : String(why) };
  }
  const bad = await verifyResult(bytes, o.px);
  return bad ? { kind: 'lost', code: 'jobs.badResult', reason: `jobs.badResult: ${bad}` } : { kind: 'ok', bytes };
}
