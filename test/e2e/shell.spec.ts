import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from './fixtures';

test('the About panel shows what api.app.info() returns', async ({ page, harness }) => {
  await harness.open(page, '#/settings');
  const info = await page.evaluate(async () => window.api.app.info());
  expect(info.ok).toBe(true);
  if (!info.ok) return;
  const about = page.locator('[data-section="about"]');
  await expect(about.locator('[data-field="version"]')).toHaveText(`${info.value.name} ${info.value.version}`);
  await expect(about.locator('[data-field="electron"]')).toHaveText(info.value.versions.electron);
  await expect(about.locator('[data-field="node"]')).toHaveText(info.value.versions.node);
  await expect(about.locator('[data-field="dataDir"]')).toHaveText(harness.dataDir);
  expect(info.value.versions.electron).toMatch(/^\d+\.\d+\.\d+/);

  await about.getByRole('button', { name: 'Show in folder' }).click();
  await expect.poll(() => harness.server.desktop.revealed).toEqual([harness.dataDir]);
});

test('the sidebar reaches all four views', async ({ page, harness }) => {
  await harness.open(page);
  for (const [nav, view] of [
    ['queue', 'queue'],
    ['gallery', 'gallery'],
    ['settings', 'settings'],
    ['draw', 'draw'],
  ] as const) {
    await page.locator(`[data-nav="${nav}"]`).click();
    await expect(page.locator(`[data-view="${view}"]`)).toBeVisible();
  }
});

test('language switches, is remembered across a restart, and defaults from the OS locale', async ({
  page,
  harness,
}) => {
  await harness.open(page, '#/settings');
  await expect(page.locator('[data-nav="settings"]')).toHaveText('Settings');
  await page.getByTestId('language-select').selectOption('zh-CN');
  await expect(page.locator('[data-nav="settings"]')).toHaveText('设置');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.locator('[data-section="about"] h2')).toHaveText('关于');

  await harness.restart();
  await harness.open(page, '#/settings');
  await expect(page.locator('[data-nav="settings"]')).toHaveText('设置');
  await expect(page.getByTestId('language-select')).toHaveValue('zh-CN');

  await page.getByTestId('language-select').selectOption('system');
  await expect(page.locator('[data-nav="settings"]')).toHaveText('Settings');
});

test.describe('with a Chinese OS', () => {
  test.use({ harnessLocale: 'zh-CN' });
  test('the system language default is Chinese', async ({ page, harness }) => {
    await harness.open(page, '#/settings');
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
    await expect(page.locator('[data-nav="draw"]')).toHaveText('绘制');
  });
});

test('theme follows the OS and can be overridden', async ({ page, harness }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await harness.open(page, '#/settings');
  const html = page.locator('html');
  await expect(html).toHaveAttribute('data-theme', 'dark');
  await page.emulateMedia({ colorScheme: 'light' });
  await expect(html).toHaveAttribute('data-theme', 'light');

  await page.locator('[data-theme-option="dark"]').click();
  await expect(html).toHaveAttribute('data-theme', 'dark');
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(bg).toBe('rgb(27, 29, 34)');
  await page.locator('[data-theme-option="light"]').click();
  await expect(html).toHaveAttribute('data-theme', 'light');
  await page.locator('[data-theme-option="system"]').click();
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect(html).toHaveAttribute('data-theme', 'dark');
});

test('a malformed IPC payload is refused with a clear error and nothing changes', async ({ page, harness }) => {
  await harness.open(page, '#/settings');
  const before = harness.server.services.settings.get();
  const results = await page.evaluate(async () => {
    const api = window.api as unknown as Record<string, Record<string, (p: unknown) => Promise<unknown>>>;
    return Promise.all([
      api.settings!.update!({ ui: { theme: 'purple' } }),
      api.settings!.update!({ ui: { language: 'en' }, apiKey: 'sk-smuggled' }),
      api.settings!.update!('not an object'),
      api.app!.openExternal!({ url: 'file:///etc/passwd' }),
    ]);
  });
  for (const r of results) {
    expect(r).toMatchObject({ ok: false, error: { code: 'ipc.invalidPayload' } });
  }
  expect((results[0] as { error: { message: string } }).error.message).toContain('ui.theme');
  expect(harness.server.services.settings.get()).toEqual(before);
  // The app is still alive and answering.
  const info = await page.evaluate(() => window.api.app.info());
  expect(info.ok).toBe(true);
});

test('an external link outside the allowlist is refused in main', async ({ page, harness }) => {
  await harness.open(page, '#/settings');
  const refused = await page.evaluate(() => window.api.app.openExternal({ url: 'https://evil.example.com/x' }));
  expect(refused).toMatchObject({ ok: false, error: { code: 'app.linkNotAllowed' } });
  const allowed = await page.evaluate(() =>
    window.api.app.openExternal({ url: 'https://help.aliyun.com/zh/model-studio/get-temporary-file-url' }),
  );
  expect(allowed).toEqual({ ok: true, value: null });
  expect(harness.server.desktop.opened).toEqual(['https://help.aliyun.com/zh/model-studio/get-temporary-file-url']);
});

test('a call from a foreign origin is refused, even with the right token', async ({ page, harness, consoleErrors }) => {
  // A page on another origin that knows the token still cannot use the bridge.
  const foreign = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html' }).end('<!doctype html><title>foreign</title>');
  });
  await new Promise<void>((r) => foreign.listen(0, '127.0.0.1', r));
  const foreignUrl = `http://127.0.0.1:${(foreign.address() as AddressInfo).port}/`;
  try {
    await page.goto(foreignUrl);
    const target = new URL(harness.server.url);
    const answer = await page.evaluate(
      async ({ host, token }) => {
        const ws = new WebSocket(`ws://${host}/__harness?token=${token}`);
        await new Promise((resolve, reject) => {
          ws.onopen = resolve;
          ws.onerror = reject;
        });
        const reply = new Promise<string>((resolve) => (ws.onmessage = (e) => resolve(String(e.data))));
        // The harness wire format: 'J' + JSON (see test/harness/wire.ts).
        ws.send('J' + JSON.stringify({ id: 1, channel: 'settings.get', payload: undefined }));
        return JSON.parse((await reply).slice(1));
      },
      { host: target.host, token: harness.server.token },
    );
    expect(answer).toMatchObject({
      kind: 'result',
      id: 1,
      result: { ok: false, error: { code: 'ipc.forbiddenSender' } },
    });

    // Without the token the socket is not even opened.
    const refusedBefore = harness.server.refusedConnections();
    const opened = await page.evaluate(async (host) => {
      const ws = new WebSocket(`ws://${host}/__harness?token=wrong`);
      return new Promise<boolean>((resolve) => {
        ws.onopen = () => resolve(true);
        ws.onerror = () => resolve(false);
      });
    }, target.host);
    expect(opened).toBe(false);
    expect(harness.server.refusedConnections()).toBe(refusedBefore + 1);
    // Chromium reports the refused handshake on the console; here it is the expected outcome.
    expect(consoleErrors).toEqual([expect.stringContaining('token=wrong')]);
    consoleErrors.length = 0;
  } finally {
    await new Promise<void>((r) => foreign.close(() => r()));
  }
});

test('the strict CSP is in force: inline script does not run', async ({ page, harness, consoleErrors }) => {
  await harness.open(page, '#/settings');
  const csp = await page.evaluate(async () => (await fetch(location.href)).headers.get('content-security-policy'));
  expect(csp).toContain("script-src 'self'");
  const ran = await page.evaluate(() => {
    const w = window as unknown as { __inlineRan?: boolean };
    const s = document.createElement('script');
    s.textContent = 'window.__inlineRan = true';
    document.body.appendChild(s);
    return w.__inlineRan === true;
  });
  expect(ran).toBe(false);
  // The browser reports the blocked script; that report is the expected outcome here.
  await expect
    .poll(() => consoleErrors.some((e) => e.includes('violates the following Content Security Policy')))
    .toBe(true);
  consoleErrors.splice(0, consoleErrors.length, ...consoleErrors.filter((e) => !e.includes('Content Security Policy')));
});

test('push events from main reach the renderer, and unsubscribing stops them', async ({ page, harness }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await harness.open(page, '#/settings');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await page.evaluate(() => {
    const w = window as unknown as { seen: string[]; off: () => void };
    w.seen = [];
    w.off = window.api.on('settings.changed', (s) => w.seen.push(s.ui.theme));
  });

  // A change made in main (as another window or a migration would) arrives as settings.changed.
  harness.server.services.settings.update({ ui: { theme: 'dark', language: 'zh-CN' } });
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(page.locator('[data-nav="gallery"]')).toHaveText('画廊');
  await expect.poll(() => page.evaluate(() => (window as unknown as { seen: string[] }).seen)).toEqual(['dark']);

  await page.evaluate(() => (window as unknown as { off: () => void }).off());
  harness.server.services.settings.update({ ui: { theme: 'light' } });
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  expect(await page.evaluate(() => (window as unknown as { seen: string[] }).seen)).toEqual(['dark']);
  // Unknown events are refused by the api itself.
  const refused = await page.evaluate(() => {
    try {
      (window.api.on as (e: string, l: () => void) => void)('fs.changed', () => {});
      return false;
    } catch {
      return true;
    }
  });
  expect(refused).toBe(true);
});
