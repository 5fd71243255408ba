import { describe, expect, it } from 'vitest';
import { GALLERY_ERROR_CODES } from '../../../src-preload/contract/gallery';
import gallery from '../../../src-renderer/src/features/errors/gallery.i18n';

describe('gallery error codes', () => {
  it.each(GALLERY_ERROR_CODES)('%s is translated in both languages', (code) => {
    expect(gallery.en[code]).toBeTruthy();
    expect(gallery['zh-CN'][code]).toBeTruthy();
  });
  it('the catalog has no codes the contract does not list', () => {
    expect(Object.keys(gallery.en).sort()).toEqual([...GALLERY_ERROR_CODES].sort());
  });
});

describe('the gallery folder', () => {
  it('cannot be set by the renderer through settings.update', async () => {
    const { SettingsPatchSchema } = await import('../../../src-preload/contract/settings');
    expect(SettingsPatchSchema.safeParse({ gallery: { folder: '/etc' } }).success).toBe(false);
    expect(SettingsPatchSchema.safeParse({ ui: {} }).success).toBe(true);
  });
});
