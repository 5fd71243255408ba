// Child of bundle-check.mjs: loads the BUILT main bundle in Node under the recorded Electron
// stand-in (test/integration/shell/electron-stand-in.mjs), then attacks what the app registered
// the way a compromised renderer or hostile page would: IPC from foreign frames, permission
// requests, window.open, navigation, webviews, links to the OS browser, and reads the CSP the
// app:// handler serves. Prints one JSON line (the last line of stdout) with what happened.
//
//   node bundle-probe.mjs <path to out/main/index.js> <userData folder>
import { createRequire } from 'node:module';
import { EventEmitter } from 'node:events';
import {
  createElectronStandIn,
  installElectronStandIn,
  until as untilWithin,
} from '../integration/shell/electron-stand-in.mjs';

const [bundle, userData] = process.argv.slice(2);
const stand = createElectronStandIn({ userData });
installElectronStandIn(stand);

// Links the app hands to the OS browser, recorded instead of refused.
const opened = [];
stand.module.shell.openExternal = async (url) => {
  opened.push(url);
};

const report = { errors: [] };
process.on('unhandledRejection', (e) => report.errors.push(`unhandled rejection: ${e?.stack ?? e}`));
const until = (what, test) => untilWithin(what, test, 20_000);
const settle = () => new Promise((r) => setTimeout(r, 20));

/** An Electron-like event: records whether a listener cancelled it. */
const cancellable = (props = {}) => {
  const event = { ...props, prevented: false, preventDefault: () => (event.prevented = true) };
  return event;
};

/** What listeners on `contents` do to a navigation / redirect / webview attach to `url`. */
function navigationOutcome(contents, eventName, url) {
  const event = cancellable({ url });
  const listeners = contents.listeners(eventName);
  for (const l of listeners) l(event, url);
  return { listeners: listeners.length, prevented: event.prevented };
}

const HOSTILE_URLS = [
  'https://evil.example/',
  'http://127.0.0.1:8080/',
  'file:///etc/passwd',
  'app://other/index.html',
  'javascript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
];
const ALLOWLISTED_LINK = 'https://help.aliyun.com/zh/model-studio/';
const PERMISSIONS = [
  'media',
  'geolocation',
  'notifications',
  'clipboard-read',
  'clipboard-sanitized-write',
  'openExternal',
  'fullscreen',
  'hid',
  'serial',
  'usb',
];

/** Everything a web contents registered that the probes below attack. */
function contentsProbe(contents) {
  const handler = contents.windowOpenHandler;
  const openedBefore = opened.length;
  const windowOpen = handler
    ? [...HOSTILE_URLS, ALLOWLISTED_LINK].map((url) => ({
        url,
        answer: handler({ url, frameName: '', features: '', disposition: 'new-window' }),
      }))
    : null;
  return {
    windowOpen,
    openedBefore,
    navigate: HOSTILE_URLS.map((url) => ({ url, ...navigationOutcome(contents, 'will-navigate', url) })),
    redirect: HOSTILE_URLS.map((url) => ({ url, ...navigationOutcome(contents, 'will-redirect', url) })),
    sameOrigin: navigationOutcome(contents, 'will-navigate', 'app://renderer/index.html#/gallery'),
    webview: (() => {
      const event = cancellable();
      const listeners = contents.listeners('will-attach-webview');
      for (const l of listeners)
        l(event, { nodeIntegration: true, preload: '/tmp/evil.js' }, { src: 'https://evil.example/' });
      return { listeners: listeners.length, prevented: event.prevented };
    })(),
  };
}

try {
  createRequire(bundle)(bundle);
  stand.markReady();
  await until('the main window', () => stand.windows.length > 0);
  await until('the IPC handlers', () => stand.ipcHandlers.size > 0);
  const [win] = stand.windows;
  const loaded = stand.calls.find((c) => c.api === 'BrowserWindow.loadURL')?.url;
  report.loaded = loaded;
  report.windows = stand.calls.filter((c) => c.api === 'BrowserWindow').map((c) => c.options.webPreferences);
  report.sandboxEnabled = stand.calls.some((c) => c.api === 'app.enableSandbox');

  // IPC: every channel, called from frames that are not the app's, must be refused before it runs.
  const invoke = (channel, payload, frame) =>
    stand.ipcHandlers.get(channel)(frame === undefined ? {} : { senderFrame: frame }, payload);
  const foreignFrames = [
    { url: 'https://evil.example/' },
    { url: 'app://evil/index.html' },
    { url: 'file:///tmp/index.html' },
    { url: 'http://localhost:5173/' },
    { url: '' },
    null,
    undefined,
  ];
  report.ipcForeign = [];
  for (const channel of stand.ipcHandlers.keys()) {
    for (const frame of foreignFrames) {
      const answer = await invoke(channel, undefined, frame);
      report.ipcForeign.push({
        channel,
        frame: frame === undefined ? 'none' : frame === null ? 'null' : frame.url,
        ok: answer?.ok,
        code: answer?.error?.code,
      });
    }
  }
  report.ipcOwn = await invoke('wss:settings.get', undefined, { url: loaded });

  // Links to the OS browser through IPC: only the allowlist, and a refusal says so.
  const openedBeforeIpc = opened.length;
  report.openExternalIpc = [];
  for (const url of ['https://evil.example/', 'https://help.aliyun.com.evil.example/', ALLOWLISTED_LINK]) {
    const answer = await invoke('wss:app.openExternal', { url }, { url: loaded });
    report.openExternalIpc.push({ url, ok: answer?.ok, code: answer?.error?.code });
  }
  await settle();
  report.openedByIpc = opened.slice(openedBeforeIpc);

  // Permissions: every kind refused by all three handlers (no handler = Electron grants).
  const s = stand.module.session.defaultSession;
  report.permissions = {
    request: s.requestHandler
      ? await Promise.all(
          PERMISSIONS.map(
            (p) =>
              new Promise((resolve) =>
                s.requestHandler(win.webContents, p, resolve, { requestingUrl: 'https://evil.example/' }),
              ),
          ),
        )
      : 'no handler',
    check: s.checkHandler
      ? PERMISSIONS.map((p) => s.checkHandler(win.webContents, p, 'https://evil.example/', {}))
      : 'no handler',
    device: s.deviceHandler ? [s.deviceHandler({ deviceType: 'usb', origin: 'https://evil.example' })] : 'no handler',
  };

  // The main window's contents, and any other contents Electron creates later (a popup that
  // slipped through, a webview guest): each gets the same guards from web-contents-created.
  const mainProbe = contentsProbe(win.webContents);
  await settle();
  mainProbe.opened = opened.slice(mainProbe.openedBefore);
  report.mainContents = mainProbe;
  class LateContents extends EventEmitter {
    windowOpenHandler = null;
    setWindowOpenHandler(h) {
      this.windowOpenHandler = h;
    }
    send() {}
  }
  const late = new LateContents();
  stand.module.app.emit('web-contents-created', {}, late);
  const lateProbe = contentsProbe(late);
  await settle();
  lateProbe.opened = opened.slice(lateProbe.openedBefore);
  report.lateContents = lateProbe;

  // The CSP on what app:// serves, and the built page's meta copy.
  const serve = stand.protocolHandlers.get('app');
  const served = [];
  for (const url of [loaded, 'app://renderer/']) {
    const res = await serve(new Request(url));
    served.push({
      url,
      status: res.status,
      csp: res.headers.get('content-security-policy'),
      body: res.status === 200 ? await res.text() : '',
    });
  }
  const script = /<script[^>]+src="\.?\/?(assets\/[^"]+\.js)"/.exec(served[0]?.body ?? '')?.[1];
  if (script) {
    const res = await serve(new Request(`app://renderer/${script}`));
    served.push({
      url: `app://renderer/${script}`,
      status: res.status,
      csp: res.headers.get('content-security-policy'),
      body: '',
    });
  }
  report.served = served.map(({ body, ...rest }) => ({
    ...rest,
    meta: /<meta[^>]+http-equiv="Content-Security-Policy"[^>]+content="([^"]*)"/i.exec(body)?.[1] ?? null,
  }));

  // A dead renderer gets the window reloaded.
  const reloads = [];
  win.isDestroyed = () => false;
  win.webContents.reload = () => reloads.push('reload');
  win.webContents.isDestroyed = () => false;
  const goneListeners = win.webContents.listeners('render-process-gone');
  for (const l of goneListeners) l({}, { reason: 'crashed', exitCode: 139 });
  report.rendererGone = { listeners: goneListeners.length, reloads: reloads.length };
} catch (e) {
  report.errors.push(String(e?.stack ?? e));
}
report.missing = [...stand.missing];
process.stdout.write(`\n${JSON.stringify(report)}\n`);
process.exit(0);
