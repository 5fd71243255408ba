// Shell smoke test: the Electron binary cannot run here, so this is what executes the BUILT main
// bundle. It builds into a private folder, loads out/main/index.js in a child Node process with a
// recorded stand-in for `electron` (run-main-bundle.mjs), and checks what the shell asked for.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNEL_NAMES, invokeChannel } from '../../../src-preload/contract/names';
import { RENDERER_CSP } from '../../../src-main/security/csp';

const root = resolve(import.meta.dirname, '..', '..', '..');
// Inside the checkout (gitignored out-*/), so the bundle's bare requires find node_modules.
const outDir = `out-shell-test-${process.pid}`;
const userData = mkdtempSync(join(tmpdir(), 'wss-shell-'));

interface Call {
  seq: number;
  api: string;
  [key: string]: unknown;
}
interface Served {
  url: string;
  status: number;
  headers: Record<string, string>;
  body: string;
}
interface Report {
  errors: string[];
  beforeReady: string[];
  served: Served[];
  calls: Call[];
  missing: string[];
  settingsAfterStart: Record<string, unknown> | null;
  settingsAfterUpdate: Record<string, unknown> | null;
  settingsUpdate: { ok: boolean };
  foreignSender: { ok: boolean; error?: { code: string } };
  secretsStatus: { ok: boolean };
  quit: {
    landedAtBeforeQuit: boolean;
    firstPrevented: boolean;
    secondPrevented: boolean;
    quitCallsRightAway: number;
    landedAtQuit: boolean | null;
    saveResult: { ok: boolean };
    quitCalls: number;
    quitted: number;
  };
  permission: unknown;
  windowOpen: unknown[];
  navigationGuards: number[];
}
let report: Report;

beforeAll(() => {
  const build = spawnSync(join(root, 'node_modules/.bin/electron-vite'), ['build'], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, WSS_OUT: outDir },
  });
  if (build.status !== 0) throw new Error(`build failed:\n${build.stdout}\n${build.stderr}`);
  // A settings file from before versioning (schema 1: only `ui`), to be migrated on open.
  writeFileSync(join(userData, 'settings.json'), JSON.stringify({ ui: { theme: 'dark' } }));
  // Without a keychain on purpose when run outside the D-Bus session: keytar may then fail to
  // load, and the shell must carry on with the keychain reported unavailable.
  const run = spawnSync(
    process.execPath,
    [join(import.meta.dirname, 'run-main-bundle.mjs'), join(root, outDir, 'main', 'index.js'), userData],
    { cwd: root, encoding: 'utf8', timeout: 60_000, env: { ...process.env, ELECTRON_RENDERER_URL: '' } },
  );
  const last = run.stdout.trim().split('\n').pop() ?? '';
  if (run.status !== 0 || !last.startsWith('{'))
    throw new Error(`the bundle run failed (${run.status}):\n${run.stdout}\n${run.stderr}`);
  report = JSON.parse(last) as Report;
}, 180_000);

afterAll(() => {
  rmSync(join(root, outDir), { recursive: true, force: true });
  rmSync(userData, { recursive: true, force: true });
});

const callsOf = (api: string) => report.calls.filter((c) => c.api === api);

describe('the built main bundle under a recorded electron', () => {
  it('starts without errors and uses only Electron APIs the stand-in knows', () => {
    expect(report.errors).toEqual([]);
    expect(report.missing).toEqual([]);
  });

  it('registers a handler for every contract channel, once, and nothing else', () => {
    const handled = callsOf('ipcMain.handle').map((c) => c.channel);
    expect([...handled].sort()).toEqual(CHANNEL_NAMES.map((n) => invokeChannel(n)).sort());
    expect(new Set(handled).size).toBe(handled.length);
  });

  it('registers app:// as a privileged standard, secure scheme before ready', () => {
    expect(report.beforeReady).toContain('protocol.registerSchemesAsPrivileged');
    const [registered] = callsOf('protocol.registerSchemesAsPrivileged');
    expect(registered?.schemes).toEqual([
      { scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) },
    ]);
    expect(callsOf('protocol.handle').map((c) => c.scheme)).toEqual(['app']);
  });

  it('serves the renderer over app:// with the CSP header, and nothing outside its folder', () => {
    const [page, encodedEscape, dotEscape] = report.served;
    expect(page?.url).toBe('app://renderer/index.html');
    expect(page?.status).toBe(200);
    expect(page?.headers['content-security-policy']).toBe(RENDERER_CSP);
    expect(page?.headers['content-type']).toMatch(/^text\/html/);
    expect(page?.body).toContain('<div id="app">');
    expect(page?.body).toMatch(/<script type="module"[^>]+src="\.\/assets\/index-[\w-]+\.js"/);
    expect(encodedEscape?.status).toBe(404);
    expect(dotEscape?.status).toBe(404);
  });

  it('never lets the page get smaller than the 1024×640 the layout is designed for', () => {
    for (const w of callsOf('BrowserWindow')) {
      expect(w.options).toMatchObject({ useContentSize: true, minWidth: 1024, minHeight: 640 });
      const o = w.options as { width: number; height: number };
      expect(o.width).toBeGreaterThanOrEqual(1024);
      expect(o.height).toBeGreaterThanOrEqual(640);
    }
  });

  it('opens every window with the secure webPreferences and the bundled preload', () => {
    const windows = callsOf('BrowserWindow');
    expect(windows.length).toBeGreaterThan(0);
    for (const w of windows) {
      const prefs = (w.options as { webPreferences: Record<string, unknown> }).webPreferences;
      expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
      expect(prefs.nodeIntegrationInWorker ?? false).toBe(false);
      expect(prefs.allowRunningInsecureContent ?? false).toBe(false);
      expect(prefs.devTools).toBe(false); // the stand-in reports a packaged app
      expect(String(prefs.preload)).toBe(join(root, outDir, 'preload', 'index.cjs'));
    }
    expect(callsOf('app.enableSandbox')).toHaveLength(1);
    expect(report.navigationGuards.every((n) => n > 0)).toBe(true);
    expect(report.windowOpen).toEqual(report.navigationGuards.map(() => ({ action: 'deny' })));
    expect(report.permission).toBe(false);
  });

  it('opens, migrates and writes the settings file through the real electron-store', () => {
    // Migrated on open: version stamped, the stored choice kept, the new sections filled in.
    expect(report.settingsAfterStart).toMatchObject({
      schemaVersion: 2,
      ui: { theme: 'dark' },
      dashscope: expect.any(Object),
    });
    expect(report.settingsUpdate.ok).toBe(true);
    expect(report.settingsAfterUpdate).toMatchObject({ schemaVersion: 2, ui: { theme: 'dark', language: 'en' } });
    expect(readFileSync(join(userData, 'settings.json'), 'utf8')).toContain('"language": "en"');
  });

  it('checks who calls, and carries on when the keychain cannot be loaded', () => {
    expect(report.foreignSender).toMatchObject({ ok: false, error: { code: 'ipc.forbiddenSender' } });
    expect(report.secretsStatus.ok).toBe(true);
  });

  it('holds before-quit until the services have shut down, then quits once', () => {
    const q = report.quit;
    // The write was still in flight when quit was asked for, and had landed when quit happened.
    expect(q.landedAtBeforeQuit).toBe(false);
    expect(q.firstPrevented).toBe(true);
    expect(q.secondPrevented).toBe(true);
    expect(q.quitCallsRightAway).toBe(0);
    expect(q.landedAtQuit).toBe(true);
    expect(q.saveResult.ok).toBe(true);
    expect(q.quitCalls).toBe(1);
    // The shell's own app.quit() is let through: the before-quit it causes is not prevented.
    expect(q.quitted).toBe(1);
    expect(callsOf('net.fetch')).toEqual([]);
  });
});
