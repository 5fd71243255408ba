import { originKey } from './origins';

/** In-app navigation stays on the renderer's own origin; everything else is cancelled. */
export function mayNavigate(targetUrl: string, rendererOrigin: string): boolean {
  const target = originKey(targetUrl);
  return target !== null && target === originKey(rendererOrigin);
}

/**
 * A window.open or target=_blank never opens an app window, whatever the URL. (An allowlisted link
 * goes to the OS browser instead, through the shell's openAllowlistedLink, which checks it.)
 */
export function windowOpenDecision(): { action: 'deny' } {
  return { action: 'deny' };
}
