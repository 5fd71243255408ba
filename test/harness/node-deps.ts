import { mkdirSync } from 'node:fs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Conf from 'conf';
import type { AppInfo } from '../../src-preload/contract/app';
import { systemClock, type Clock } from '../../src-main/common/clock';
import type { Emit } from '../../src-main/common/events';
import type { FetchLike } from '../../src-main/common/fetch';
import type { ServiceDeps } from '../../src-main/services';
import type { SettingsBackend } from '../../src-main/settings/backend';

const root = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { productName: string; version: string };
const electronVersion = (
  JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8')) as { version: string }
).version;

export interface NodeDepsOptions {
  dataDir: string;
  emit: Emit;
  locale?: string;
  fetch?: FetchLike;
  clock?: Clock;
}

/** What the harness records instead of touching the desktop (opening a browser, a file manager). */
export interface DesktopLog {
  opened: string[];
  revealed: string[];
}

/**
 * The same ServiceDeps the Electron shell builds, filled from Node: `conf` (electron-store's
 * own base class) for settings, global fetch, the system clock, a real data folder.
 */
export function createNodeDeps(options: NodeDepsOptions): { deps: ServiceDeps; desktop: DesktopLog } {
  mkdirSync(options.dataDir, { recursive: true });
  const desktop: DesktopLog = { opened: [], revealed: [] };
  const settingsBackend = new Conf<Record<string, unknown>>({
    cwd: options.dataDir,
    configName: 'settings',
    projectName: 'wanx-sketch-studio',
  }) as unknown as SettingsBackend;
  const info: AppInfo = {
    name: pkg.productName,
    version: pkg.version,
    versions: {
      electron: electronVersion,
      chrome: 'test harness',
      node: process.versions.node,
      v8: process.versions.v8,
    },
    platform: process.platform,
    arch: process.arch,
    locale: options.locale ?? 'en-US',
    dataDir: options.dataDir,
    packaged: false,
  };
  return {
    desktop,
    deps: {
      dataDir: options.dataDir,
      appInfo: () => info,
      fetch: options.fetch ?? ((input, init) => fetch(input, init)),
      clock: options.clock ?? systemClock,
      settingsBackend,
      emit: options.emit,
      openAllowlistedLink: async (url) => {
        desktop.opened.push(url);
      },
      revealPath: async (path) => {
        desktop.revealed.push(path);
      },
    },
  };
}
