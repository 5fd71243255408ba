/**
 * Reading a response body with a budget: a hostile or broken server can announce or stream any
 * size, and `arrayBuffer()` buffers all of it in main's memory before anyone can look.
 */

/** Budget for a DashScope API reply (JSON): the largest real one (a list page of 100 tasks) is far below. */
export const API_BODY_LIMIT_BYTES = 2 * 1024 * 1024;

/** The body is (or announced itself as) larger than the caller allows; nothing more was read. */
export class BodyTooLargeError extends Error {
  override readonly name = 'BodyTooLargeError';
  constructor(
    readonly maxBytes: number,
    /** What the server announced (Content-Length) or how far the stream got before it was cut. */
    readonly seenBytes: number,
  ) {
    super(`response body over ${maxBytes} bytes (at least ${seenBytes})`);
  }
}

/**
 * The whole body, at most `maxBytes`: a Content-Length over the cap is refused before a byte is
 * read, and the stream is cut (and the connection released) as soon as it passes the cap, so a
 * lying or absent Content-Length costs at most `maxBytes` plus one chunk.
 */
export async function readBodyCapped(res: Response, maxBytes: number, signal?: AbortSignal): Promise<Uint8Array> {
  const announced = Number(res.headers.get('content-length'));
  if (Number.isFinite(announced) && announced > maxBytes) {
    await res.body?.cancel().catch(() => undefined);
    throw new BodyTooLargeError(maxBytes, announced);
  }
  if (!res.body) return new Uint8Array(0);
  const reader = res.body.getReader();
  const onAbort = () => void reader.cancel(signal?.reason).catch(() => undefined);
  signal?.addEventListener('abort', onAbort, { once: true });
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      signal?.throwIfAborted();
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel().catch(() => undefined);
        throw new BodyTooLargeError(maxBytes, size);
      }
      chunks.push(value);
    }
    signal?.throwIfAborted();
  } finally {
    signal?.removeEventListener('abort', onAbort);
    reader.releaseLock();
  }
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

export const isBodyTooLarge = (e: unknown): e is BodyTooLargeError => e instanceof BodyTooLargeError;

/** The body as UTF-8 text, at most `maxBytes` (see readBodyCapped). */
export async function readTextCapped(res: Response, maxBytes: number, signal?: AbortSignal): Promise<string> {
  return new TextDecoder().decode(await readBodyCapped(res, maxBytes, signal));
}
