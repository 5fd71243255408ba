import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import { initScriptFor } from '../harness/init-script';
import { startHarnessServer, type HarnessServer } from '../harness/server';
import { startHarnessSimulators, type HarnessSimulators } from '../harness/simulators';

export interface Harness {
  /** The running harness: real services, a temp data folder, the built renderer. */
  readonly server: HarnessServer;
  readonly dataDir: string;
  /** The DashScope simulators the services talk to; they outlive a restart, as the real service would. */
  readonly sims: HarnessSimulators;
  /** Stops the services and starts fresh ones on the same data folder and port, like an app restart. */
  restart(): Promise<HarnessServer>;
  /** Opens the app in `page` and waits for the shell to render. */
  open(page: Page, hash?: string): Promise<void>;
}

interface Fixtures {
  harness: Harness;
  /** Console errors and uncaught exceptions of the page; the test fails if any remain. */
  consoleErrors: string[];
  /** The OS locale the harness reports. */
  harnessLocale: string;
  /** What a first-run API-key import finds (DASHSCOPE_API_KEY…). */
  harnessEnv: Record<string, string>;
  /** Pretend the OS has no keychain. */
  harnessNoKeychain: boolean;
}

export const test = base.extend<Fixtures>({
  harnessLocale: ['en-US', { option: true }],
  harnessEnv: [{}, { option: true }],
  harnessNoKeychain: [false, { option: true }],
  harness: async ({ harnessLocale, harnessEnv, harnessNoKeychain }, use) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'wss-e2e-'));
    const sims = await startHarnessSimulators();
    const serverOptions = {
      dataDir,
      locale: harnessLocale,
      env: harnessEnv,
      noKeychain: harnessNoKeychain,
      regionUrls: sims.regionUrls,
    };
    let server = await startHarnessServer(serverOptions);
    const injected = new WeakSet<Page>();
    const opened = new Set<Page>();
    const harness: Harness = {
      get server() {
        return server;
      },
      dataDir,
      sims,
      async restart() {
        const port = Number(new URL(server.url).port);
        await server.close();
        server = await startHarnessServer({ ...serverOptions, port, token: server.token });
        return server;
      },
      async open(page, hash = '#/draw') {
        if (!injected.has(page)) {
          await page.addInitScript({ content: await initScriptFor(server.token, server.url) });
          injected.add(page);
        }
        opened.add(page);
        const target = `${server.url}/${hash}`;
        const sameDocument = page.url().split('#')[0] === target.split('#')[0];
        await page.goto(target);
        // A hash-only change is not a navigation; a "restarted app" needs a fresh document.
        if (sameDocument) await page.reload();
        await page.locator('.shell').waitFor();
      },
    };
    await use(harness);
    // Unload the app first (its beforeunload save goes out), then stop the services once their
    // calls are done: nothing the test started can fail, or log, after the test has ended.
    for (const page of opened) await page.goto('about:blank', { timeout: 5000 }).catch(() => undefined);
    await server.close();
    await sims.close();
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
