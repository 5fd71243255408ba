import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

describe('npm run harness', () => {
  it('without a build it stops and says to run npm run build (no URL that answers 404)', () => {
    const empty = mkdtempSync(join(tmpdir(), 'wss-no-build-'));
    try {
      const root = resolve(__dirname, '..', '..', '..');
      const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'test/harness/cli.ts')], {
        cwd: root,
        env: { ...process.env, WSS_OUT: empty, PORT: '0' },
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(r.status).toBe(1);
      expect(r.stderr).toContain('npm run build');
      expect(r.stdout).not.toContain('open in a browser');
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
