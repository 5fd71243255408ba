import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import { initScriptFor } from '../harness/init-script';
import { startHarnessServer, type HarnessServer } from '../harness/server';

export interface Harness {
  /** The running harness: real services, a temp data folder, the built renderer. */
  readonly server: HarnessServer;
  readonly dataDir: string;
  /** Stops the services and starts fresh ones on the same data folder and port, like an app restart. */
  restart(): Promise<HarnessServer>;
  /** Opens the app in `page` and waits for the shell to render. */
  open(page: Page, hash?: string): Promise<void>;
}

interface Fixtures {
  harness: Harness;
  /** Console errors and uncaught exceptions of the page; the test fails if any remain. */
  consoleErrors: string[];
  /** Set by tests that provoke errors on purpose. */
  harnessLocale: string;
}

export const test = base.extend<Fixtures>({
  harnessLocale: ['en-US', { option: true }],
  harness: async ({ harnessLocale }, use) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'wss-e2e-'));
    let server = await startHarnessServer({ dataDir, locale: harnessLocale });
    const injected = new WeakSet<Page>();
    const harness: Harness = {
      get server() {
        return server;
      },
      dataDir,
      async restart() {
        const port = Number(new URL(server.url).port);
        await server.close();
        server = await startHarnessServer({ dataDir, locale: harnessLocale, port, token: server.token });
        return server;
      },
      async open(page, hash = '#/draw') {
        if (!injected.has(page)) {
          await page.addInitScript({ content: await initScriptFor(server.token) });
          injected.add(page);
        }
        const target = `${server.url}/${hash}`;
        const sameDocument = page.url().split('#')[0] === target.split('#')[0];
        await page.goto(target);
        // A hash-only change is not a navigation; a "restarted app" needs a fresh document.
        if (sameDocument) await page.reload();
        await page.locator('.shell').waitFor();
      },
    };
    await use(harness);
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  },
  consoleErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      page.on('pageerror', (e) => errors.push(String(e)));
      await use(errors);
      expect(errors, 'the page logged errors').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
