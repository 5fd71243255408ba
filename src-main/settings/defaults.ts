import { IMAGE_COUNT, SKETCH_WEIGHT } from '../../src-preload/contract/domain/generation';
import { DEFAULT_REGION } from '../../src-preload/contract/domain/regions';
import type { Settings } from '../../src-preload/contract/settings';

/**
 * What a fresh install starts with. Beijing, because `wanx-sketch-to-image-lite` and the
 * temporary upload exist only there; DashScope temporary storage, because it needs nothing
 * but the API key. The image count and sketch weight start at the API's own defaults.
 */
export const DEFAULT_SETTINGS: Settings = {
  ui: { language: 'system', theme: 'system' },
  dashscope: { region: DEFAULT_REGION, customBaseUrl: '', workspaceId: '' },
  generation: { style: '<auto>', n: IMAGE_COUNT.default, sketchWeight: SKETCH_WEIGHT.default, sketchExtraction: false },
  storage: {
    adapter: 'dashscope-temp',
    s3: {
      endpoint: '',
      region: 'us-east-1',
      bucket: '',
      prefix: 'wanx-sketches/',
      pathStyle: false,
      presignHours: 24,
      deleteAfterTask: false,
    },
    http: {
      url: '',
      method: 'PUT',
      fileField: 'file',
      headers: [],
      urlSource: 'json',
      jsonPath: 'url',
      urlLifetimeHours: 0,
    },
  },
  gallery: { folder: '' },
  notifications: { onFinish: true, onFailure: true },
  onboarding: { apiKeyImportDismissed: false },
};
