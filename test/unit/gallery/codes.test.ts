import { describe, expect, it } from 'vitest';
describe('the gallery folder', () => {
  it('cannot be set by the renderer through settings.update', async () => {
    const { SettingsPatchSchema } = await import('../../../src-preload/contract/settings');
    expect(SettingsPatchSchema.safeParse({ gallery: { folder: '/etc' } }).success).toBe(false);
    expect(SettingsPatchSchema.safeParse({ ui: {} }).success).toBe(true);
  });
});
