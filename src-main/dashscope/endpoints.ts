import {
  DEFAULT_REGION,
  REGION_BASE_URLS,
  SKETCH_MODEL,
  type KnownRegion,
} from '../../src-preload/contract/domain/regions';
import type { Settings } from '../../src-preload/contract/settings';

export { REGION_BASE_URLS, SKETCH_MODEL };
export type DashScopeRegion = KnownRegion;

export type DashScopeEndpoint = { region: DashScopeRegion } | { baseUrl: string };

/** The region table in use: the official one, or the harness' pointing at its simulators. */
export type RegionUrls = Readonly<Record<KnownRegion, string>>;

export const DEFAULT_ENDPOINT: DashScopeEndpoint = { region: DEFAULT_REGION };

/**
 * The one base-URL resolver: `…/api/v1` without a trailing slash. It never throws; a custom URL
 * that is missing or not http(s) comes back as given, and whoever sends to it checks (`originOf`,
 * the client's constructor) with the error that fits where it is used.
 */
export function resolveBaseUrl(endpoint: DashScopeEndpoint, regionUrls: RegionUrls = REGION_BASE_URLS): string {
  const raw = 'region' in endpoint ? regionUrls[endpoint.region] : endpoint.baseUrl;
  return raw.replace(/\/+$/, '');
}

/** The endpoint the DashScope settings (saved or on a form) point at. */
export function settingsEndpoint(
  dashscope: Pick<Settings['dashscope'], 'region' | 'customBaseUrl'>,
): DashScopeEndpoint {
  return dashscope.region === 'custom' ? { baseUrl: dashscope.customBaseUrl } : { region: dashscope.region };
}

/** Shorthand for the base URL of DashScope settings. */
export function settingsBaseUrl(
  dashscope: Pick<Settings['dashscope'], 'region' | 'customBaseUrl'>,
  regionUrls?: RegionUrls,
): string {
  return resolveBaseUrl(settingsEndpoint(dashscope), regionUrls);
}
