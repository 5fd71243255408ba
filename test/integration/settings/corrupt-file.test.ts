import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Conf from 'conf';
import { describe, expect, it, vi } from 'vitest';
import { openSettingsBackend } from '../../../src-main/settings/open-backend';
import { SettingsService } from '../../../src-main/settings/settings-service';
import { CURRENT_SCHEMA_VERSION } from '../../../src-main/settings/migrations';

/** The same construction the harness uses; the app passes electron-store, Conf's subclass. */
function confFactory(cwd: string) {
  return () => new Conf<Record<string, unknown>>({ cwd, configName: 'config', projectName: 'wanx-sketch-studio-test' });
}

describe('settings file on disk (real conf)', () => {
  it('backs up a corrupt file, starts fresh and says so', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'wss-settings-'));
    const file = join(cwd, 'config.json');
    const garbage = '{"ui": {"language": "en", '; // truncated write
    writeFileSync(file, garbage);

    const opened = openSettingsBackend({ create: confFactory(cwd), filePath: file, now: () => Date.UTC(2026, 4, 1) });
    expect(opened.notice).toEqual({
      code: 'settings.resetCorrupt',
      params: { backup: join(cwd, 'config.corrupt-2026-05-01T00-00-00-000Z.json') },
    });
    // The user's bytes are kept, not overwritten.
    expect(readFileSync(join(cwd, 'config.corrupt-2026-05-01T00-00-00-000Z.json'), 'utf8')).toBe(garbage);

    const service = new SettingsService(opened.backend, vi.fn(), [opened.notice]);
    expect(service.pendingNotices()).toEqual([opened.notice]);
    service.update({ ui: { language: 'zh-CN' } });
    const written = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    expect(written).toMatchObject({ schemaVersion: CURRENT_SCHEMA_VERSION, ui: { language: 'zh-CN' } });
    expect(readdirSync(cwd).sort()).toEqual(['config.corrupt-2026-05-01T00-00-00-000Z.json', 'config.json']);
  });

  it('opens a good file without a notice and migrates it in place', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'wss-settings-'));
    const file = join(cwd, 'config.json');
    writeFileSync(file, JSON.stringify({ ui: { language: 'en', theme: 'dark' } }));
    const opened = openSettingsBackend({ create: confFactory(cwd), filePath: file, now: Date.now });
    expect(opened.notice).toBeNull();
    const service = new SettingsService(opened.backend, vi.fn());
    expect(service.get().ui).toEqual({ language: 'en', theme: 'dark' });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ schemaVersion: CURRENT_SCHEMA_VERSION });
  });
});
