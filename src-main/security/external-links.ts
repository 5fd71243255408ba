import { EXTERNAL_LINK_ORIGINS } from '../../src-preload/contract/app';
import { originKey } from './origins';

const allowed = new Set<string>(EXTERNAL_LINK_ORIGINS);

/**
 * The one rule for handing a URL to the OS browser: https, and an origin on the allowlist
 * (DashScope's documentation and console). Used by the IPC handler and by the window-open
 * handler alike, so a link in rendered content cannot reach anything else.
 */
export function isAllowedExternalLink(url: string): boolean {
  if (!url.startsWith('https://')) return false;
  const key = originKey(url);
  return key !== null && allowed.has(key);
}
