/**
 * The renderer's Content-Security-Policy. Sent as a header by the app:// protocol (and by
 * the test harness) and repeated in index.html's meta tag, so the policy holds wherever the
 * renderer is loaded and static checkers see it too. No inline script, no eval, no remote
 * origin: the renderer only ever talks to main through window.api.
 */
const DIRECTIVES = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob: app://gallery",
  "font-src 'self'",
  "connect-src 'self'",
  // Nothing in the renderer starts a worker (fflate and the PNG encoder run synchronously);
  // without this line workers would fall back to script-src 'self'.
  "worker-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
] as const;

export const RENDERER_CSP = DIRECTIVES.join('; ');

/** Browsers ignore (and warn about) frame-ancestors in a meta tag; it is enforced by the header. */
export const RENDERER_CSP_META = DIRECTIVES.filter((d) => !d.startsWith('frame-ancestors')).join('; ');
