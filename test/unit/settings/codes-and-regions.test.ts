import { describe, expect, it } from 'vitest';
import { REGION_BASE_URLS as CLIENT_REGIONS } from '../../../src-main/dashscope/endpoints';
import { REGION_BASE_URLS } from '../../../src-preload/contract/settings';

describe('regions', () => {
  it('settings use the same regions and hosts as the DashScope client', () => {
    expect(REGION_BASE_URLS).toEqual(CLIENT_REGIONS);
  });
});
