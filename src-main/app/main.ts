import { join } from 'node:path';
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  nativeTheme,
  net,
  Notification,
  powerMonitor,
  session,
  shell,
} from 'electron';
import ElectronStore from 'electron-store';
import { CHANNEL_NAMES, eventChannel, invokeChannel } from '../../src-preload/contract';
import { systemClock } from '../common/clock';
import type { Emit } from '../common/events';
import { createDispatcher } from '../ipc/dispatcher';
import { createHandlers } from '../ipc/handlers';
import { createOriginCheck, RENDERER_ORIGIN } from '../security/origins';
import { loadKeytarBackend } from '../secrets/load-keytar';
import { nodeApiKeyImportDeps } from '../secrets/node-import-deps';
import { createServices } from '../services';
import type { SettingsBackend } from '../settings/backend';
import { openSettingsBackend } from '../settings/open-backend';
import { denyAllPermissions, hardenApp, openAllowlistedLink } from './hardening';
import { registerRendererScheme, serveRenderer, type GalleryImageReader } from './protocol';
import { onRendererGone } from './renderer-gone';
import { readGalleryUrl } from '../gallery/serve';
import type { JobsSnapshot } from '../../src-preload/contract/domain/jobs';
import type { LanguagePreference } from '../../src-preload/contract/domain/locale';
import { endedNotification, jobFeedback } from '../jobs/feedback';
import type { OnlineSource } from '../jobs/network';

// electron-vite sets this only for `electron-vite dev`; packaged and preview builds use app://.
const devServerUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;
const rendererOrigin = devServerUrl ?? RENDERER_ORIGIN;

registerRendererScheme();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.enableSandbox();
  let mainWindow: BrowserWindow | null = null;

  // Jobs outside the window: a notification when one ends while the app is unfocused, and the
  // running task's progress on the taskbar/dock.
  let lastJobs: JobsSnapshot | null = null;
  /** The language setting, once the services exist. */
  let uiLanguage: () => LanguagePreference = () => 'system';
  const showJobFeedback = (snapshot: JobsSnapshot) => {
    const { ended, progress } = jobFeedback(lastJobs, snapshot, Date.now());
    lastJobs = snapshot;
    if (!BrowserWindow.getFocusedWindow() && Notification.isSupported()) {
      for (const job of ended) new Notification(endedNotification(job, uiLanguage(), app.getLocale())).show();
    }
    mainWindow?.setProgressBar(progress ?? -1);
  };
  const emit: Emit = (event, payload) => {
    for (const win of BrowserWindow.getAllWindows()) win.webContents.send(eventChannel(event), payload);
    if (event === 'jobs.changed') showJobFeedback(payload as JobsSnapshot);
  };
  // The OS online flag (Electron has no event for it: looked at every 5 s) and wake from sleep.
  const online: OnlineSource = {
    isOnline: () => net.isOnline(),
    onChange: (listener) => {
      let last = net.isOnline();
      const timer = setInterval(() => {
        if (net.isOnline() !== last) {
          last = !last;
          listener();
        }
      }, 5000);
      timer.unref();
      powerMonitor.on('resume', listener);
      return () => {
        clearInterval(timer);
        powerMonitor.off('resume', listener);
      };
    },
  };

  const createWindow = (): BrowserWindow => {
    const win = new BrowserWindow({
      // Sizes of the web page, not the frame: the layout is designed down to 1024×640 content
      // (base.css sets the same minimum; test/e2e/layout.spec.ts checks the views at that size).
      useContentSize: true,
      width: 1280,
      height: 860,
      minWidth: 1024,
      minHeight: 640,
      show: false,
      title: 'Wanx Sketch Studio',
      backgroundColor: nativeTheme.shouldUseDarkColors ? '#1b1d22' : '#f6f7f9',
      webPreferences: {
        preload: join(__dirname, '../preload/index.cjs'),
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        experimentalFeatures: false,
        disableBlinkFeatures: 'Auxclick',
        devTools: !app.isPackaged,
        spellcheck: false,
      },
    });
    win.once('ready-to-show', () => win.show());
    // A dead renderer (crash, OOM, killed) would leave a blank window: reload it, within limits.
    let reloads: readonly number[] = [];
    win.webContents.on('render-process-gone', (_event, details) => {
      const decision = onRendererGone(details.reason, reloads, Date.now());
      reloads = decision.reloads;
      console.error(`[shell] renderer gone (${details.reason}, exit ${details.exitCode}): ${decision.action}`);
      if (decision.action === 'reload' && !win.isDestroyed()) win.webContents.reload();
    });
    void win.loadURL(devServerUrl ?? `${RENDERER_ORIGIN}/index.html`);
    return win;
  };

  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });

  hardenApp(rendererOrigin);

  void app.whenReady().then(async () => {
    denyAllPermissions(session.defaultSession);
    // The gallery folder is known once the services exist; images asked for before are 404.
    let galleryImage: GalleryImageReader = async () => null;
    serveRenderer(join(__dirname, '../renderer'), (url) => galleryImage(url));

    const dataDir = app.getPath('userData');
    // A corrupt settings file is backed up and replaced, never a crash; the UI shows the notice.
    const settings = openSettingsBackend({
      create: () => new ElectronStore({ name: 'settings' }) as unknown as SettingsBackend,
      filePath: join(dataDir, 'settings.json'),
      now: Date.now,
    });
    const services = createServices({
      dataDir,
      appInfo: () => ({
        name: app.getName(),
        version: app.getVersion(),
        versions: {
          electron: process.versions.electron ?? '',
          chrome: process.versions.chrome ?? '',
          node: process.versions.node,
          v8: process.versions.v8,
        },
        platform: process.platform,
        arch: process.arch,
        locale: app.getLocale(),
        dataDir: app.getPath('userData'),
        packaged: app.isPackaged,
      }),
      fetch: (input, init) => net.fetch(input instanceof URL ? input.href : input, init),
      online,
      clock: systemClock,
      settingsBackend: settings.backend,
      settingsNotice: settings.notice,
      // Null when the OS has no usable keychain; Settings then explains the fix.
      secretBackend: await loadKeytarBackend(),
      apiKeyImport: nodeApiKeyImportDeps(),
      emit,
      openAllowlistedLink,
      revealPath: async (path) => {
        await shell.openPath(path);
      },
      showItemInFolder: async (path) => shell.showItemInFolder(path),
      trashItem: (path) => shell.trashItem(path),
      showSaveDialog: async ({ defaultName, filters }) => {
        const options = {
          defaultPath: defaultName,
          filters: filters.map((f) => ({ ...f, extensions: [...f.extensions] })),
        };
        const win = BrowserWindow.getFocusedWindow();
        const answer = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
        return answer.canceled || !answer.filePath ? null : answer.filePath;
      },
      chooseFolder: async () => {
        const options = { properties: ['openDirectory', 'createDirectory'] as ('openDirectory' | 'createDirectory')[] };
        const win = BrowserWindow.getFocusedWindow();
        const answer = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
        return answer.canceled ? null : (answer.filePaths[0] ?? null);
      },
      // "Don't send" is first, the default and what Esc or closing the box answers.
      confirm: async ({ title, message, detail, confirmLabel, cancelLabel }) => {
        const options = {
          type: 'warning' as const,
          title,
          message,
          detail,
          buttons: [cancelLabel, confirmLabel],
          defaultId: 0,
          cancelId: 0,
          noLink: true,
        };
        const win = BrowserWindow.getFocusedWindow();
        const answer = win ? await dialog.showMessageBox(win, options) : await dialog.showMessageBox(options);
        return answer.response === 1;
      },
    });

    galleryImage = (url) => readGalleryUrl(services.gallery, url);
    uiLanguage = () => services.settings.get().ui.language;

    const dispatch = createDispatcher(createHandlers(services), {
      isTrustedSender: createOriginCheck([rendererOrigin]),
      logError: (channel, error) => console.error(`[ipc] ${channel} failed:`, error),
    });
    for (const name of CHANNEL_NAMES) {
      ipcMain.handle(invokeChannel(name), (event, payload: unknown) => dispatch(name, payload, event.senderFrame?.url));
    }

    // Resumes durable work; the gallery only begins loading here and is never waited for (a slow
    // or hostile gallery folder must not keep the window from opening; its view shows loading).
    await services.start();
    // before-quit fires on every quit attempt; the first one waits for the services' shutdown
    // (in-flight writes land, jobs persist), then quits for real. Later ones just wait.
    let quitting: Promise<void> | 'done' | null = null;
    app.on('before-quit', (event) => {
      if (quitting === 'done') return;
      event.preventDefault();
      quitting ??= services.shutdown().finally(() => {
        quitting = 'done';
        app.quit();
      });
    });

    mainWindow = createWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) mainWindow = createWindow();
    });
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}
