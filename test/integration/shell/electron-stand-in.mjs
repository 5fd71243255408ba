// A small recorded stand-in for the `electron` module, for loading the built main bundle in
// plain Node (the Electron binary cannot run here). It does only what the shell needs to get
// through startup and quit, and records every call so the test can check what the shell asked
// Electron for. Anything the bundle touches that is not here is recorded as `missing`, so a new
// Electron API used by main fails the smoke test loudly instead of being silently undefined.
import { EventEmitter } from 'node:events';

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
    setPermissionRequestHandler: (h) => (record('session.setPermissionRequestHandler'), (defaultSession.requestHandler = h)),
    setPermissionCheckHandler: (h) => (record('session.setPermissionCheckHandler'), (defaultSession.checkHandler = h)),
    setDevicePermissionHandler: (h) => (record('session.setDevicePermissionHandler'), (defaultSession.deviceHandler = h)),
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
