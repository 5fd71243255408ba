import { describe, expect, it } from 'vitest';
import { backupPathFor, openSettingsBackend, MemorySettingsBackend } from '../../../src-main/settings/open-backend';
import type { SettingsBackend } from '../../../src-main/settings/backend';

const NOW = Date.UTC(2026, 0, 2, 3, 4, 5, 678);

describe('backupPathFor', () => {
  it('puts a timestamp before the extension', () => {
    expect(backupPathFor('/d/config.json', NOW)).toBe('/d/config.corrupt-2026-01-02T03-04-05-678Z.json');
    expect(backupPathFor('/d.x/config', NOW)).toBe('/d.x/config.corrupt-2026-01-02T03-04-05-678Z');
  });
});

describe('openSettingsBackend', () => {
  it('falls back to memory with a notice when the bad file cannot even be moved', () => {
    const opened = openSettingsBackend({
      create: (): SettingsBackend => {
        throw new SyntaxError('Unexpected token');
      },
      filePath: '/nowhere/config.json',
      now: () => NOW,
      fs: {
        exists: () => true,
        rename: () => {
          throw new Error('EACCES');
        },
      },
    });
    expect(opened.backend).toBeInstanceOf(MemorySettingsBackend);
    expect(opened.notice).toEqual({ code: 'settings.resetUnreadable', params: { path: '/nowhere/config.json' } });
  });

  it('treats a file holding a JSON array as corrupt', () => {
    const renamed: string[] = [];
    let calls = 0;
    const opened = openSettingsBackend({
      create: () => {
        calls++;
        const b = new MemorySettingsBackend();
        if (calls === 1) Object.defineProperty(b, 'store', { get: () => [] });
        return b;
      },
      filePath: '/d/config.json',
      now: () => NOW,
      fs: { exists: () => true, rename: (_from, to) => renamed.push(to) },
    });
    expect(renamed).toEqual([backupPathFor('/d/config.json', NOW)]);
    expect(opened.notice?.code).toBe('settings.resetCorrupt');
  });
});
