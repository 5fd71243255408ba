import { originKey } from './origins';
import { isAllowedExternalLink } from './external-links';

/** In-app navigation stays on the renderer's own origin; everything else is cancelled. */
export function mayNavigate(targetUrl: string, rendererOrigin: string): boolean {
  const target = originKey(targetUrl);
  return target !== null && target === originKey(rendererOrigin);
}

/** A window.open or target=_blank never opens an app window; an allowlisted link goes to the OS browser. */
export function windowOpenDecision(url: string): { action: 'deny'; openInBrowser: boolean } {
  return { action: 'deny', openInBrowser: isAllowedExternalLink(url) };
}
