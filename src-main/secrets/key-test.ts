import { AppFailure } from '../../src-preload/contract/result';
import type { KeyTestResult } from '../../src-preload/contract/secrets';
import type { KnownRegion, Settings } from '../../src-preload/contract/settings';
import { settingsBaseUrl, type RegionUrls } from '../dashscope/endpoints';
import { displayEndpoint } from '../common/endpoint-url';

/** What one authenticated probe against one base URL told us. */
export type KeyCheckOutcome =
  | { readonly kind: 'valid' }
  | { readonly kind: 'invalid' }
  | { readonly kind: 'unreachable' }
  | { readonly kind: 'failed'; readonly code: string };

/** One cheap authenticated call (a task query on a random id); implemented over the DashScope client. */
export type KeyCheck = (
  request: { baseUrl: string; apiKey: string; workspaceId: string },
  signal?: AbortSignal,
) => Promise<KeyCheckOutcome>;

/**
 * Tests a key against one endpoint. A rejected key just typed (`probeOtherRegions`) is tried in
 * the other built-in regions too, because keys are region-bound and "wrong region" is a far more
 * useful message than "invalid key" when the key itself is fine. Only the fixed official region
 * table is probed, never a custom URL, and never with a saved key: a saved key goes only to the
 * endpoint it was saved for.
 */
export async function testApiKey(input: {
  apiKey: string;
  dashscope: Settings['dashscope'];
  regionUrls: RegionUrls;
  check: KeyCheck;
  probeOtherRegions?: boolean;
  signal?: AbortSignal;
}): Promise<KeyTestResult> {
  const { apiKey, dashscope, regionUrls, check, signal, probeOtherRegions = true } = input;
  const baseUrl = settingsBaseUrl(dashscope, regionUrls);
  const endpoint = displayEndpoint(baseUrl);
  const outcome = await check({ baseUrl, apiKey, workspaceId: dashscope.workspaceId }, signal);
  switch (outcome.kind) {
    case 'valid':
      return { endpoint, region: dashscope.region };
    case 'unreachable':
      throw new AppFailure('secrets.keyNetwork', `Could not reach ${endpoint}.`, { endpoint });
    case 'failed':
      throw new AppFailure('secrets.keyCheckFailed', `${endpoint} answered ${outcome.code}.`, {
        endpoint,
        code: outcome.code,
      });
    case 'invalid':
      break;
  }
  if (probeOtherRegions && dashscope.region !== 'custom') {
    const others = (Object.keys(regionUrls) as KnownRegion[]).filter((r) => r !== dashscope.region);
    for (const region of others) {
      const elsewhere = await check({ baseUrl: regionUrls[region], apiKey, workspaceId: '' }, signal);
      if (elsewhere.kind === 'valid') {
        throw new AppFailure('secrets.keyWrongRegion', `This key belongs to the ${region} region.`, {
          region,
          endpoint,
        });
      }
    }
  }
  throw new AppFailure('secrets.keyInvalid', `${endpoint} rejected the API key.`, { endpoint });
}
