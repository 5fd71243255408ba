import { REGION_BASE_URLS, SKETCH_MODEL, type KnownRegion } from '../../src-preload/contract/domain/regions';

export { REGION_BASE_URLS, SKETCH_MODEL };
export type DashScopeRegion = KnownRegion;

export type DashScopeEndpoint = { region: DashScopeRegion } | { baseUrl: string };

export const DEFAULT_ENDPOINT: DashScopeEndpoint = { region: 'cn-beijing' };

/** The base URL without a trailing slash, e.g. `https://dashscope.aliyuncs.com/api/v1`. */
export function resolveBaseUrl(endpoint: DashScopeEndpoint): string {
  const raw = 'region' in endpoint ? REGION_BASE_URLS[endpoint.region] : endpoint.baseUrl;
  const url = new URL(raw);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new TypeError(`Unsupported protocol in DashScope base URL: ${url.protocol}`);
  }
  return raw.replace(/\/+$/, '');
}
