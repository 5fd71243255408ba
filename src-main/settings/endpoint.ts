import { REGION_BASE_URLS, type KnownRegion, type Settings } from '../../src-preload/contract/settings';

export type RegionUrls = Readonly<Record<KnownRegion, string>>;

/** The DashScope base URL (`…/api/v1`) the settings point at; every DashScope call starts here. */
export function dashscopeBaseUrl(settings: Settings['dashscope'], regionUrls: RegionUrls = REGION_BASE_URLS): string {
  const url = settings.region === 'custom' ? settings.customBaseUrl : regionUrls[settings.region];
  return url.replace(/\/+$/, '');
}

/** A URL fit for an error message: scheme, host and path only (a query may carry a token). */
export function displayEndpoint(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname === '/' ? '' : u.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}
