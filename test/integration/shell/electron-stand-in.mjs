// A small recorded stand-in for the `electron` module, for loading the built main bundle in
// plain Node (the Electron binary cannot run here). It does only what the shell needs to get
// through startup and quit, and records every call so the test can check what the shell asked
// Electron for. Anything the bundle touches that is not here is recorded as `missing`, so a new
// Electron API used by main fails the smoke test loudly instead of being silently undefined.
import Module, { createRequire } from 'node:module';
import { EventEmitter } from 'node:events';
import { join } from 'node:path';

/**
 * Puts the stand-in where the built bundle will look for `electron`; call before loading it. Two
 * doors, both before the bundle runs:
 * 1. the bundle's own `require("electron")` goes through Module._resolveFilename;
 * 2. electron-store is ESM (required from the CJS bundle) and does `import electron from
 *    'electron'`. The ESM resolver finds node_modules/electron/index.js (the npm launcher, which
 *    would try to download the binary) and loads it as CommonJS through Module._cache, so the
 *    stand-in sits in the cache under that file name.
 */
export function installElectronStandIn(stand) {
  const root = join(import.meta.dirname, '..', '..', '..');
  const STAND_IN_ID = join(import.meta.dirname, 'electron-stand-in.mjs#electron');
  const realElectron = createRequire(join(root, 'package.json')).resolve('electron');
  for (const id of [STAND_IN_ID, realElectron]) {
    const m = new Module(id);
    m.filename = id;
    m.loaded = true;
    m.exports = stand.module;
    Module._cache[id] = m;
  }
  const resolveFilename = Module._resolveFilename;
  Module._resolveFilename = function (request, ...rest) {
    return request === 'electron' ? STAND_IN_ID : resolveFilename.call(this, request, ...rest);
  };
}

/** Resolves once `test` holds (looked at every 10 ms); throws after `ms`. */
export async function until(what, test, ms) {
  const end = Date.now() + ms;
  while (!test()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export function createElectronStandIn({ userData }) {
  const calls = [];
  let seq = 0;
  const record = (api, args = {}) => {
    calls.push({ seq: ++seq, api, ...args });
  };

  let markReady;
  const ready = new Promise((resolve) => (markReady = resolve));

  const app = new EventEmitter();
  let quitCount = 0;
  Object.assign(app, {
    isPackaged: true,
    requestSingleInstanceLock: () => (record('app.requestSingleInstanceLock'), true),
    enableSandbox: () => record('app.enableSandbox'),
    whenReady: () => (record('app.whenReady'), ready),
    getPath: (name) => (record('app.getPath', { name }), userData),
    getName: () => 'Wanx Sketch Studio',
    getVersion: () => '0.0.0-shell-test',
    getLocale: () => 'en-US',
    quit: () => {
      quitCount += 1;
      record('app.quit', { count: quitCount });
      // Like Electron: every quit attempt emits before-quit; only an unprevented one quits.
      const event = beforeQuitEvent();
      app.emit('before-quit', event);
      if (!event.defaultPrevented) record('app.quitted');
    },
  });
  const beforeQuitEvent = () => {
    const event = { defaultPrevented: false, preventDefault: () => (event.defaultPrevented = true) };
    return event;
  };

  const windows = [];
  class WebContents extends EventEmitter {
    sent = [];
    windowOpenHandler = null;
    send(channel, payload) {
      this.sent.push({ channel, payload });
    }
    setWindowOpenHandler(handler) {
      this.windowOpenHandler = handler;
    }
  }
  class BrowserWindow extends EventEmitter {
    constructor(options) {
      super();
      record('BrowserWindow', { options: JSON.parse(JSON.stringify(options)) });
      this.webContents = new WebContents();
      this.loaded = [];
      windows.push(this);
      app.emit('web-contents-created', {}, this.webContents);
    }
    static getAllWindows = () => [...windows];
    static getFocusedWindow = () => windows[0] ?? null;
    loadURL(url) {
      record('BrowserWindow.loadURL', { url });
      return Promise.resolve();
    }
    show() {}
    focus() {}
    restore() {}
    isMinimized() {
      return false;
    }
    setProgressBar(progress) {
      record('BrowserWindow.setProgressBar', { progress });
    }
  }

  const protocolHandlers = new Map();
  const protocol = {
    registerSchemesAsPrivileged: (schemes) => record('protocol.registerSchemesAsPrivileged', { schemes }),
    handle: (scheme, handler) => {
      record('protocol.handle', { scheme });
      protocolHandlers.set(scheme, handler);
    },
  };

  const ipcHandlers = new Map();
  const ipcMain = {
    handle: (channel, handler) => {
      record('ipcMain.handle', { channel });
      ipcHandlers.set(channel, handler);
    },
    // electron-store listens here for renderer-side stores; the app uses none.
    on: (channel) => record('ipcMain.on', { channel }),
  };

  const defaultSession = {
    setPermissionRequestHandler: (h) => (
      record('session.setPermissionRequestHandler'),
      (defaultSession.requestHandler = h)
    ),
    setPermissionCheckHandler: (h) => (record('session.setPermissionCheckHandler'), (defaultSession.checkHandler = h)),
    setDevicePermissionHandler: (h) => (
      record('session.setDevicePermissionHandler'),
      (defaultSession.deviceHandler = h)
    ),
  };

  const refuse = (api) => async () => {
    record(api);
    throw new Error(`${api} is not available in the shell smoke test`);
  };
  const electron = {
    app,
    BrowserWindow,
    protocol,
    ipcMain,
    session: { defaultSession },
    shell: {
      openExternal: refuse('shell.openExternal'),
      openPath: async (path) => (record('shell.openPath', { path }), ''),
      showItemInFolder: (path) => record('shell.showItemInFolder', { path }),
      trashItem: refuse('shell.trashItem'),
    },
    // No network in the smoke test: any request main makes at startup is recorded and refused.
    net: { fetch: refuse('net.fetch'), isOnline: () => (record('net.isOnline'), true) },
    powerMonitor: new EventEmitter(),
    dialog: { showSaveDialog: async () => (record('dialog.showSaveDialog'), { canceled: true }) },
    Notification: class {
      static isSupported = () => false;
      constructor(options) {
        record('Notification', { options });
      }
      show() {}
    },
    nativeTheme: Object.assign(new EventEmitter(), { shouldUseDarkColors: false, themeSource: 'system' }),
    Menu: {
      setApplicationMenu: () => record('Menu.setApplicationMenu'),
      buildFromTemplate: (template) => ({ template }),
    },
  };

  const missing = new Set();
  const module = new Proxy(electron, {
    get(target, key) {
      if (key in target || typeof key === 'symbol' || key === '__esModule' || key === 'then' || key === 'default') {
        return key === 'default' ? module : target[key];
      }
      missing.add(String(key));
      return undefined;
    },
  });

  return {
    module,
    calls,
    record,
    markReady,
    beforeQuitEvent,
    windows,
    protocolHandlers,
    ipcHandlers,
    missing,
    quitCount: () => quitCount,
  };
}
