import type { Settings } from '../../src-preload/contract/settings';

export const DEFAULT_SETTINGS: Settings = {
  ui: { language: 'system', theme: 'system' },
};
