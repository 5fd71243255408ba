import { mkdirSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rename } from 'node:fs/promises';
import { basename, join } from 'node:path';
import Conf from 'conf';
import * as keytar from 'keytar';
import type { AppInfo } from '../../src-preload/contract/app';
import { systemClock, type Clock } from '../../src-main/common/clock';
import type { Emit } from '../../src-main/common/events';
import type { FetchLike } from '../../src-main/common/fetch';
import type { ServiceDeps } from '../../src-main/services';
import type { ConfirmRequest, SaveDialogRequest } from '../../src-main/common/dialogs';
import { HARNESS_GALLERY_PREFIX } from '../../src-main/security/gallery-path';
import { keytarBackend, type SecretBackend } from '../../src-main/secrets/backend';
import type { SettingsBackend } from '../../src-main/settings/backend';
import { openSettingsBackend } from '../../src-main/settings/open-backend';

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
  /** What a first-run import would find (DASHSCOPE_API_KEY, ~/.dashscope/api_key); empty by default. */
  env?: Record<string, string>;
  /** Pretend the OS has no keychain. */
  noKeychain?: boolean;
}

/**
 * The real Secret Service when this process runs inside a D-Bus session (npm test sets one
 * up), under a service name of its own per data folder so tests never see each other's secrets
 * and a restart keeps them.
 */
function harnessSecretBackend(dataDir: string, noKeychain: boolean | undefined): SecretBackend | null {
  if (noKeychain || !process.env.DBUS_SESSION_BUS_ADDRESS) return null;
  return keytarBackend(keytar, `Wanx Sketch Studio (harness ${basename(dataDir)})`);
}

/** What the harness records instead of touching the desktop (opening a browser, a file manager). */
export interface DesktopLog {
  opened: string[];
  revealed: string[];
  /** Paths shown with showItemInFolder. */
  shownInFolder: string[];
  /** Where each trashed item went (under `<dataDir>/harness-trash/`), in order. */
  trashed: { from: string; to: string }[];
  /**
   * Answers of the next save dialogs, taken in order (a test pushes absolute paths); when empty,
   * the dialog counts as canceled. Every request is logged in `saveRequests`.
   */
  savePaths: string[];
  saveRequests: SaveDialogRequest[];
  /** Answers of the next folder dialogs, in order (absolute paths); when empty, the dialog counts as canceled. */
  folderPaths: string[];
  folderRequests: number;
  /**
   * Answers of main's next confirmations (a secret going somewhere new), in order; a promise is
   * a dialog the user has not answered yet. When empty, the dialog counts as declined. Every
   * request is logged in `confirmRequests`.
   */
  confirmAnswers: (boolean | Promise<boolean>)[];
  confirmRequests: ConfirmRequest[];
}

/**
 * The same ServiceDeps the Electron shell builds, filled from Node: `conf` (electron-store's
 * own base class) for settings, global fetch, the system clock, a real data folder.
 */
export function createNodeDeps(options: NodeDepsOptions): { deps: ServiceDeps; desktop: DesktopLog } {
  mkdirSync(options.dataDir, { recursive: true });
  const desktop: DesktopLog = {
    opened: [],
    revealed: [],
    shownInFolder: [],
    trashed: [],
    savePaths: [],
    saveRequests: [],
    folderPaths: [],
    folderRequests: 0,
    confirmAnswers: [],
    confirmRequests: [],
  };
  const trashDir = join(options.dataDir, 'harness-trash');
  const settings = openSettingsBackend({
    create: () =>
      new Conf<Record<string, unknown>>({
        cwd: options.dataDir,
        configName: 'settings',
        projectName: 'wanx-sketch-studio',
      }) as unknown as SettingsBackend,
    filePath: join(options.dataDir, 'settings.json'),
    now: Date.now,
  });
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
      settingsBackend: settings.backend,
      settingsNotice: settings.notice,
      secretBackend: harnessSecretBackend(options.dataDir, options.noKeychain),
      apiKeyImport: {
        env: options.env ?? {},
        homeDir: join(options.dataDir, 'home'),
        readTextFile: async (path) => readFile(path, 'utf8').catch(() => null),
      },
      emit: options.emit,
      openAllowlistedLink: async (url) => {
        desktop.opened.push(url);
      },
      revealPath: async (path) => {
        desktop.revealed.push(path);
      },
      showItemInFolder: async (path) => {
        desktop.shownInFolder.push(path);
      },
      // The OS trash, played by a folder: the item really leaves its place, as with shell.trashItem.
      trashItem: async (path) => {
        await mkdir(trashDir, { recursive: true });
        const to = join(trashDir, `${desktop.trashed.length + 1}-${basename(path)}`);
        await rename(path, to);
        desktop.trashed.push({ from: path, to });
      },
      showSaveDialog: async (request) => {
        desktop.saveRequests.push(request);
        return desktop.savePaths.shift() ?? null;
      },
      chooseFolder: async () => {
        desktop.folderRequests++;
        return desktop.folderPaths.shift() ?? null;
      },
      confirm: async (request) => {
        desktop.confirmRequests.push(request);
        return desktop.confirmAnswers.shift() ?? false;
      },
      galleryImageBase: HARNESS_GALLERY_PREFIX,
    },
  };
}
