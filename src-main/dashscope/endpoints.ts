/**
 * Where the API lives. Keys are region-bound (a key from another region gets 401), and
 * `wanx-sketch-to-image-lite` plus the temporary upload exist only in Beijing, which is why it
 * is the default (contract.md §5.3).
 */
export const REGION_BASE_URLS = {
  'cn-beijing': 'https://dashscope.aliyuncs.com/api/v1',
  'ap-southeast-1': 'https://dashscope-intl.aliyuncs.com/api/v1',
  'us-east-1': 'https://dashscope-us.aliyuncs.com/api/v1',
} as const;

export type DashScopeRegion = keyof typeof REGION_BASE_URLS;

export type DashScopeEndpoint = { region: DashScopeRegion } | { baseUrl: string };

export const DEFAULT_ENDPOINT: DashScopeEndpoint = { region: 'cn-beijing' };

export const SKETCH_MODEL = 'wanx-sketch-to-image-lite';

/** The base URL without a trailing slash, e.g. `https://dashscope.aliyuncs.com/api/v1`. */
export function resolveBaseUrl(endpoint: DashScopeEndpoint): string {
  const raw = 'region' in endpoint ? REGION_BASE_URLS[endpoint.region] : endpoint.baseUrl;
  const url = new URL(raw);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new TypeError(`Unsupported protocol in DashScope base URL: ${url.protocol}`);
  }
  return raw.replace(/\/+$/, '');
}
