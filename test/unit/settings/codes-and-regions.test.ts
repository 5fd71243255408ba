import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REGION_BASE_URLS as CLIENT_REGIONS } from '../../../src-main/dashscope/endpoints';
import { DEFAULT_REGION, KNOWN_REGIONS, RegionSchema } from '../../../src-preload/contract/domain/regions';
import { REGION_BASE_URLS } from '../../../src-preload/contract/settings';

describe('regions', () => {
  it('settings use the same regions and hosts as the DashScope client', () => {
    expect(REGION_BASE_URLS).toEqual(CLIENT_REGIONS);
  });

  it('the region choices are the table plus custom', () => {
    expect(RegionSchema.options).toEqual([...KNOWN_REGIONS, 'custom']);
  });

  it(`the default region is written once: no '${DEFAULT_REGION}' outside contract/domain/regions.ts`, () => {
    const root = join(import.meta.dirname, '../../..');
    const offenders = ['src-main', 'src-preload', 'src-renderer/src']
      .flatMap((dir) => readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' }).map((f) => `${dir}/${f}`))
      // Catalogs name each region as a key (`'cn-beijing': '北京'`), which is a label, not a default.
      .filter((f) => /\.(ts|vue)$/.test(f) && !/i18n\.ts$/.test(f) && f !== 'src-preload/contract/domain/regions.ts')
      .filter((f) => readFileSync(join(root, f), 'utf8').includes(`'${DEFAULT_REGION}'`));
    expect(offenders).toEqual([]);
  });
});
