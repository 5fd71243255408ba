import { describe, expect, it } from 'vitest';
import { REGION_BASE_URLS as CLIENT_REGIONS } from '../../../src-main/dashscope/endpoints';
import { SECRETS_ERROR_CODES } from '../../../src-preload/contract/secrets';
import { REGION_BASE_URLS, SettingsNoticeSchema } from '../../../src-preload/contract/settings';
import { STORAGE_ERROR_CODES } from '../../../src-preload/contract/storage';
import secrets from '../../../src-renderer/src/features/errors/secrets.i18n';
import settings from '../../../src-renderer/src/features/errors/settings.i18n';
import storage from '../../../src-renderer/src/features/errors/storage.i18n';

describe('regions', () => {
  it('settings use the same regions and hosts as the DashScope client', () => {
    expect(REGION_BASE_URLS).toEqual(CLIENT_REGIONS);
  });
});

describe('error and notice codes of secrets, storage and settings', () => {
  const codes = [
    ...SECRETS_ERROR_CODES,
    ...STORAGE_ERROR_CODES,
    ...SettingsNoticeSchema.shape.code.options,
    'settings.invalid',
    'settings.customUrlRequired',
    'settings.writeFailed',
  ];
  it.each(codes)('%s is translated in both languages', (code) => {
    const found = [secrets, storage, settings].filter((c) => code in c.en && code in c['zh-CN']);
    expect(found).toHaveLength(1);
  });
});
