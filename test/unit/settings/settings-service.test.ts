import { describe, expect, it, vi } from 'vitest';
import { AppFailure } from '../../../src-preload/contract';
import { DEFAULT_SETTINGS } from '../../../src-main/settings/defaults';
import { CURRENT_SCHEMA_VERSION } from '../../../src-main/settings/migrations';
import { MemorySettingsBackend } from '../../../src-main/settings/open-backend';
import { sanitizeSettings } from '../../../src-main/settings/sanitize';
import { SettingsService } from '../../../src-main/settings/settings-service';

function backendWith(doc: Record<string, unknown>) {
  const b = new MemorySettingsBackend();
  b.store = doc;
  return b;
}

describe('sanitizeSettings', () => {
  it('keeps valid fields and replaces only the invalid ones with defaults', () => {
    const s = sanitizeSettings({
      ui: { language: 'zh-CN', theme: 'purple' },
      generation: { n: 9, sketchWeight: 3, style: '<anime>', sketchExtraction: 'yes' },
      storage: { adapter: 's3', s3: { bucket: 'mine', presignHours: 0 } },
    });
    expect(s.ui).toEqual({ language: 'zh-CN', theme: 'system' });
    expect(s.generation).toEqual({ n: 4, sketchWeight: 3, style: '<anime>', sketchExtraction: false });
    expect(s.storage.adapter).toBe('s3');
    expect(s.storage.s3.bucket).toBe('mine');
    expect(s.storage.s3.presignHours).toBe(24);
  });

  it('returns the defaults for garbage', () => {
    expect(sanitizeSettings(null)).toEqual(DEFAULT_SETTINGS);
    expect(sanitizeSettings([1, 2])).toEqual(DEFAULT_SETTINGS);
  });
});

describe('SettingsService', () => {
  it('migrates a version-1 file on open and writes it back with the schema version', () => {
    const backend = backendWith({ ui: { language: 'en', theme: 'dark' } });
    const service = new SettingsService(backend, vi.fn());
    expect(service.get().ui).toEqual({ language: 'en', theme: 'dark' });
    expect(service.get().dashscope.region).toBe('cn-beijing');
    expect(backend.store.schemaVersion).toBe(CURRENT_SCHEMA_VERSION);
    expect((backend.store.storage as { adapter: string }).adapter).toBe('dashscope-temp');
  });

  it('merges a nested patch, persists it and emits settings.changed', () => {
    const emit = vi.fn();
    const backend = backendWith({});
    const service = new SettingsService(backend, emit);
    const next = service.update({ storage: { s3: { bucket: 'drawings' } }, generation: { n: 2 } });
    expect(next.storage.s3.bucket).toBe('drawings');
    expect(next.storage.s3.presignHours).toBe(24);
    expect(next.storage.adapter).toBe('dashscope-temp');
    expect(next.generation).toEqual({ ...DEFAULT_SETTINGS.generation, n: 2 });
    expect(emit).toHaveBeenCalledWith('settings.changed', next);
    expect(new SettingsService(backend, vi.fn()).get()).toEqual(next);
  });

  it('refuses the custom region without an endpoint and keeps the old settings', () => {
    const backend = backendWith({});
    const service = new SettingsService(backend, vi.fn());
    expect(() => service.update({ dashscope: { region: 'custom' } })).toThrow(AppFailure);
    expect(service.get().dashscope.region).toBe('cn-beijing');
    const ok = service.update({ dashscope: { region: 'custom', customBaseUrl: 'http://127.0.0.1:9/api/v1' } });
    expect(ok.dashscope.region).toBe('custom');
  });

  it('keeps fields a newer app wrote and tells the user once', () => {
    const backend = backendWith({ schemaVersion: 99, ui: { language: 'en', theme: 'light' }, futureThing: { a: 1 } });
    const service = new SettingsService(backend, vi.fn());
    expect(service.pendingNotices()).toEqual([{ code: 'settings.newerVersion', params: { version: 99 } }]);
    expect(backend.store.futureThing).toEqual({ a: 1 }); // not rewritten on open
    service.update({ ui: { theme: 'dark' } });
    expect(backend.store).toMatchObject({ schemaVersion: 99, futureThing: { a: 1 }, ui: { theme: 'dark' } });
    service.dismissNotices();
    expect(service.pendingNotices()).toEqual([]);
  });

  it('reports a failed write with a code and leaves the in-memory settings unchanged', () => {
    const backend = backendWith({});
    const service = new SettingsService(backend, vi.fn());
    Object.defineProperty(backend, 'store', {
      get: () => ({}),
      set: () => {
        throw new Error('ENOSPC');
      },
    });
    expect(() => service.update({ ui: { theme: 'dark' } })).toThrow(
      expect.objectContaining({ code: 'settings.writeFailed' }),
    );
    expect(service.get().ui.theme).toBe('system');
  });
});
