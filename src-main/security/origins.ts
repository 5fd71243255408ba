/**
 * Origins allowed to call IPC. Compared as `protocol//host`, because WHATWG URL gives every
 * non-special scheme (our `app:`) the opaque origin "null", which would match any such scheme.
 */
export function originKey(url: string | undefined | null): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    if (!u.host) return null;
    return `${u.protocol}//${u.host}`;
  } catch {
    return null;
  }
}

export const RENDERER_SCHEME = 'app';
export const RENDERER_HOST = 'renderer';
export const RENDERER_ORIGIN = `${RENDERER_SCHEME}://${RENDERER_HOST}`;

export function createOriginCheck(allowed: readonly string[]): (senderUrl: string | undefined) => boolean {
  const keys = new Set(allowed.map((a) => originKey(a)).filter((k): k is string => k !== null));
  return (senderUrl) => {
    const key = originKey(senderUrl);
    return key !== null && keys.has(key);
  };
}
