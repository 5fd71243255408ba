import { z } from 'zod';

/**
 * DashScope regions (Beijing, Singapore, US Virginia) and where each one's API lives. Keys are
 * region-bound (a Beijing key gets 401 in Singapore), and `wanx-sketch-to-image-lite` plus the
 * temporary upload exist only in Beijing, which is why it is the default (test/sim/CONTRACT.md §5.3).
 * The one table of these URLs: the client, settings and the key store all read it here.
 */
export const REGION_BASE_URLS = {
  'cn-beijing': 'https://dashscope.aliyuncs.com/api/v1',
  'ap-southeast-1': 'https://dashscope-intl.aliyuncs.com/api/v1',
  'us-east-1': 'https://dashscope-us.aliyuncs.com/api/v1',
} as const;

export type KnownRegion = keyof typeof REGION_BASE_URLS;
export const KNOWN_REGIONS = Object.keys(REGION_BASE_URLS) as KnownRegion[];

export const RegionSchema = z.enum([...KNOWN_REGIONS, 'custom']);
export type Region = z.infer<typeof RegionSchema>;

export const DEFAULT_REGION: KnownRegion = 'cn-beijing';

export const SKETCH_MODEL = 'wanx-sketch-to-image-lite';
