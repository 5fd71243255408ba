// `npm run harness` "for a look in a plain browser": the printed URL must open the working app
// in a browser nobody injected anything into — the page loads its bridge from the harness
// server — and only with the session token and the server's own loopback Host.
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHarnessServer, type HarnessServer } from '../harness/server';
import { expect, test } from './fixtures';

let server: HarnessServer;
let dataDir: string;

test.beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'wss-harness-bootstrap-'));
  server = await startHarnessServer({ dataDir, bootstrap: true });
});
test.afterAll(async () => {
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** GET with an explicit Host header (fetch would not let us set one). */
function get(path: string, host = new URL(server.url).host): Promise<{ status: number; body: string; csp?: string }> {
  const { hostname, port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    request({ hostname, port, path, headers: { host } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          body,
          csp: res.headers['content-security-policy'] as string | undefined,
        }),
      );
    })
      .on('error', reject)
      .end();
  });
}

test('the printed URL opens the working app in a plain browser', async ({ page }) => {
  expect(server.bootstrapUrl).toBe(`${server.url}/?harness=${server.token}#/draw`);
  expect(new URL(server.url).hostname).toBe('127.0.0.1');
  await page.goto(server.bootstrapUrl);
  await expect(page.locator('[data-view="draw"]')).toBeVisible();
  await expect(page.getByTestId('current-draft')).toHaveText('Untitled sketch');
  const info = await page.evaluate(async () => window.api.app.info());
  expect(info.ok).toBe(true);
  // The app's strict CSP still applies to the bootstrapped page.
  const { csp, body } = await get(`/?harness=${server.token}`);
  expect(csp).toContain("script-src 'self'");
  expect(body).toContain(`<script src="/__harness/bridge.js?token=${server.token}"></script>`);
});

test('without the token, or through another Host name, there is no bridge', async () => {
  expect((await get('/?harness=wrong')).status).toBe(404);
  expect((await get('/__harness/bridge.js?token=wrong')).status).toBe(404);
  expect((await get('/__harness/bridge.js')).status).toBe(404);
  const bridge = await get(`/__harness/bridge.js?token=${server.token}`);
  expect(bridge.status).toBe(200);
  expect(bridge.body).toContain('__HARNESS__');
  // A DNS-rebinding page reaches 127.0.0.1 under a foreign Host: it gets plain files only.
  expect((await get(`/__harness/bridge.js?token=${server.token}`, 'evil.example')).status).toBe(404);
  const plain = await get(`/?harness=${server.token}`, `evil.example:${new URL(server.url).port}`);
  expect(plain.status).toBe(200);
  expect(plain.body).not.toContain('bridge.js');
});
