/**
 * Whether a fetch rejected because the server answered with a redirect we told it not to follow.
 * The texts differ by stack:
 * - undici (Node's fetch, tests, the harness): `redirect: 'error'` → "unexpected redirect";
 * - Electron's `net.fetch` (the app): `redirect: 'error'` → "Attempted to redirect, but redirect
 *   policy was 'error'"; `redirect: 'manual'` does NOT resolve with an opaque-redirect response
 *   as the Fetch standard says, it rejects with "Redirect was cancelled" (net.fetch never
 *   follows the ClientRequest's redirect event). Chromium itself may stop one with
 *   net::ERR_TOO_MANY_REDIRECTS / ERR_UNSAFE_REDIRECT / ERR_INVALID_REDIRECT.
 * Such a rejection means the server answered: it is neither "offline" nor "not sent".
 */
const REDIRECT_REFUSAL =
  /unexpected redirect|redirect mode is set to error|Attempted to redirect, but redirect policy was 'error'|Redirect was cancelled|ERR_TOO_MANY_REDIRECTS|ERR_UNSAFE_REDIRECT|ERR_INVALID_REDIRECT/i;

/** The error's code and text and its cause chain (undici wraps the reason in `cause`). */
export function errorText(e: unknown, depth = 0): string {
  if (depth > 4 || e === null || e === undefined) return '';
  if (typeof e !== 'object') return String(e);
  const o = e as { code?: unknown; message?: unknown; cause?: unknown };
  return `${String(o.code ?? '')} ${String(o.message ?? '')} ${errorText(o.cause, depth + 1)}`;
}

export function isRedirectRefusal(e: unknown): boolean {
  // Error texts are ours or the stack's, short; cap anyway so no regex meets unbounded text.
  return REDIRECT_REFUSAL.test(errorText(e).slice(0, 2000));
}
