// Child process of main-bundle.test.ts: loads the BUILT main bundle (out/main/index.js) in Node
// with the recorded electron stand-in, drives it through ready → one window → IPC → quit the
// way Electron would, and prints what happened as one JSON line (the last line of stdout).
//
//   node run-main-bundle.mjs <path to out/main/index.js> <userData folder>
import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createElectronStandIn, installElectronStandIn, until as untilWithin } from './electron-stand-in.mjs';

const [bundle, userData] = process.argv.slice(2);
const stand = createElectronStandIn({ userData });
installElectronStandIn(stand);

const until = (what, test) => untilWithin(what, test, 15_000);
const report = { errors: [] };
process.on('unhandledRejection', (e) => report.errors.push(`unhandled rejection: ${e?.stack ?? e}`));

try {
  createRequire(bundle)(bundle);
  report.beforeReady = stand.calls.map((c) => c.api);
  stand.markReady();
  await until('the main window', () => stand.windows.length > 0);

  // The renderer as the app:// handler serves it, plus a path that must not leave the folder.
  const serve = stand.protocolHandlers.get('app');
  const answer = async (url) => {
    const res = await serve(new Request(url));
    return {
      url,
      status: res.status,
      headers: Object.fromEntries(res.headers),
      body: res.status === 200 ? await res.text() : '',
    };
  };
  const loaded = stand.calls.find((c) => c.api === 'BrowserWindow.loadURL')?.url;
  report.served = serve
    ? [
        await answer(loaded),
        await answer('app://renderer/%2e%2e/main/index.js'),
        await answer('app://renderer/../preload/index.cjs'),
      ]
    : [];

  // IPC as the window would call it, and once from a frame that is not ours.
  const invoke = (name, payload, senderUrl = loaded) =>
    stand.ipcHandlers.get(`wss:${name}`)({ senderFrame: { url: senderUrl } }, payload);
  const settingsFile = join(userData, 'settings.json');
  report.settingsAfterStart = existsSync(settingsFile) ? JSON.parse(readFileSync(settingsFile, 'utf8')) : null;
  report.settingsUpdate = await invoke('settings.update', { ui: { language: 'en' } });
  report.settingsAfterUpdate = existsSync(settingsFile) ? JSON.parse(readFileSync(settingsFile, 'utf8')) : null;
  report.foreignSender = await invoke('settings.get', undefined, 'https://evil.example/');
  report.secretsStatus = await invoke('secrets.status', undefined);

  // Quit while a large draft save is in flight: before-quit must hold the quit until the
  // services' shutdown has let the write land, then quit exactly once.
  const created = await invoke('drafts.create', { name: 'quit test' });
  const id = created.value.draft?.id ?? created.value.meta?.id ?? created.value.id;
  const scene = JSON.stringify({ objects: [], padding: 'x'.repeat(8 * 1024 * 1024) });
  const sceneFile = join(userData, 'drafts', id, 'scene.json');
  const landed = () => existsSync(sceneFile) && readFileSync(sceneFile, 'utf8').length === scene.length;
  const saving = invoke('drafts.save', { id, scene });
  await new Promise((r) => setImmediate(r));
  const first = stand.beforeQuitEvent();
  stand.module.app.emit('before-quit', first);
  const second = stand.beforeQuitEvent();
  stand.module.app.emit('before-quit', second);
  report.quit = {
    landedAtBeforeQuit: landed(),
    firstPrevented: first.defaultPrevented,
    secondPrevented: second.defaultPrevented,
    quitCallsRightAway: stand.quitCount(),
  };
  const quitAt = { landed: null };
  const quitCall = stand.module.app.quit;
  stand.module.app.quit = () => {
    quitAt.landed = landed();
    quitCall();
  };
  await until('app.quit()', () => stand.quitCount() > 0);
  report.quit.landedAtQuit = quitAt.landed;
  report.quit.saveResult = await saving;
  await new Promise((r) => setTimeout(r, 100));
  report.quit.quitCalls = stand.quitCount();
  report.quit.quitted = stand.calls.filter((c) => c.api === 'app.quitted').length;
} catch (e) {
  report.errors.push(String(e?.stack ?? e));
}

report.calls = stand.calls;
report.missing = [...stand.missing];
report.permission = await new Promise((resolve) => {
  const h = stand.module.session.defaultSession.requestHandler;
  return h ? h(null, 'media', (granted) => resolve(granted)) : resolve('no handler');
});
report.windowOpen = stand.windows.map(
  (w) => w.webContents.windowOpenHandler?.({ url: 'https://evil.example/' }) ?? null,
);
report.navigationGuards = stand.windows.map((w) => w.webContents.listenerCount('will-navigate'));
process.stdout.write(`\n${JSON.stringify(report)}\n`);
process.exit(0);
