import { existsSync } from 'node:fs';
import type { LaunchOptions } from 'playwright';

/**
 * Debian's Chromium on our machines (or CHROMIUM_PATH); Playwright's own browser on a developer's
 * machine (`npx playwright install chromium` once). Used by the e2e tier and the benchmarks.
 */
export const systemChromium: string | undefined =
  process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

/** How the system Chromium is started: headless, no sandbox (containers), no background traffic. */
export const chromiumLaunchOptions: LaunchOptions = systemChromium
  ? {
      executablePath: systemChromium,
      args: [
        '--no-sandbox',
        '--headless',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    }
  : {};
