import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './test/harness/chromium';

export default defineConfig({
  testDir: 'test/e2e',
  timeout: 30_000,
  expect: { timeout: 7_000 },
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  // One retry in CI, where a shared machine can stall for seconds; a test that needed it is
  // still named in npm test's summary as flaky, so it gets looked at rather than hidden.
  retries: process.env.CI ? 1 : 0,
  reporter: [['list']],
  outputDir: 'test-results',
  use: {
    browserName: 'chromium',
    headless: true,
    viewport: { width: 1280, height: 800 },
    trace: 'retain-on-failure',
    launchOptions: chromiumLaunchOptions,
  },
});
