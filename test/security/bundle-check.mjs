// The security gate's behavioural half: builds the app into a private folder, runs the BUILT main
// bundle under the recorded Electron stand-in (bundle-probe.mjs) and checks what a hostile page
// or a compromised renderer can get out of what the app registered. Static scanning alone let
// all of these through (test/security/mutations.json lists the edits that prove each check).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** CSP sources that would let injected or remote code run or talk to the network. */
const UNSAFE_SOURCES = [
  "'unsafe-eval'",
  "'unsafe-inline'",
  "'unsafe-hashes'",
  "'wasm-unsafe-eval'",
  '*',
  'http:',
  'https:',
  'data:',
  'blob:',
  'ws:',
  'wss:',
];

function parseCsp(text) {
  const map = new Map();
  for (const part of (text ?? '').split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) map.set(name.toLowerCase(), sources);
  }
  return map;
}

/** Problems with one CSP text; `header` adds the directives a meta tag cannot carry. */
function cspProblems(text, { header }) {
  if (!text) return ['no policy'];
  const csp = parseCsp(text);
  const problems = [];
  const exactly = (name, want) => {
    const got = csp.get(name);
    if (!got || got.join(' ') !== want) problems.push(`${name} is "${got?.join(' ') ?? '(missing)'}", must be ${want}`);
  };
  exactly('default-src', "'none'");
  exactly('object-src', "'none'");
  exactly('base-uri', "'none'");
  exactly('form-action', "'none'");
  exactly('worker-src', "'none'");
  if (header) exactly('frame-ancestors', "'none'");
  for (const name of ['script-src', 'connect-src']) {
    const got = csp.get(name);
    if (!got || got.some((s) => s !== "'self'" && s !== "'none'"))
      problems.push(`${name} is "${got?.join(' ') ?? '(missing)'}", must be 'self' or 'none' only`);
  }
  for (const [name, sources] of csp) {
    // img-src may show data:/blob: images (canvas exports); nothing else may widen.
    const allowed = name === 'img-src' ? ['data:', 'blob:'] : [];
    for (const s of sources)
      if (UNSAFE_SOURCES.includes(s) && !allowed.includes(s)) problems.push(`${name} allows ${s}`);
  }
  return problems;
}

/**
 * Runs the build and the probe; resolves to `{ passed: string[], failed: string[] }` (one line per
 * check). `root` is the checkout to test.
 */
export function bundleCheck(root) {
  const outDir = `out-security-${process.pid}`;
  const userData = mkdtempSync(join(tmpdir(), 'wss-security-'));
  const passed = [];
  const failed = [];
  const check = (name, problems) =>
    problems.length ? failed.push(`${name}: ${problems.join('; ')}`) : passed.push(name);
  try {
    const build = spawnSync(join(root, 'node_modules', '.bin', 'electron-vite'), ['build'], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, WSS_OUT: outDir },
    });
    if (build.status !== 0) {
      failed.push(`build failed:\n${build.stdout}\n${build.stderr}`);
      return { passed, failed };
    }
    const run = spawnSync(
      process.execPath,
      [join(import.meta.dirname, 'bundle-probe.mjs'), join(root, outDir, 'main', 'index.js'), userData],
      {
        cwd: root,
        encoding: 'utf8',
        timeout: 90_000,
        env: { ...process.env, ELECTRON_RENDERER_URL: '' },
      },
    );
    const last = run.stdout.trim().split('\n').pop() ?? '';
    if (run.status !== 0 || !last.startsWith('{')) {
      failed.push(`the bundle probe failed (${run.status}):\n${run.stdout}\n${run.stderr}`);
      return { passed, failed };
    }
    const r = JSON.parse(last);
    check('the bundle starts under the stand-in', [
      ...r.errors,
      ...r.missing.map((m) => `uses electron.${m}, unknown to the stand-in`),
    ]);

    check('every window is sandboxed and isolated', [
      ...(r.windows.length ? [] : ['no window was opened']),
      ...(r.sandboxEnabled ? [] : ['app.enableSandbox() not called']),
      ...r.windows.flatMap((p, i) => {
        const bad = [];
        if (p.contextIsolation !== true) bad.push('contextIsolation');
        if (p.sandbox !== true) bad.push('sandbox');
        if (p.nodeIntegration !== false) bad.push('nodeIntegration');
        if (p.webSecurity === false) bad.push('webSecurity');
        if (p.nodeIntegrationInSubFrames || p.nodeIntegrationInWorker) bad.push('node integration in frames/workers');
        if (p.allowRunningInsecureContent) bad.push('allowRunningInsecureContent');
        if (p.webviewTag) bad.push('webviewTag');
        if (p.experimentalFeatures) bad.push('experimentalFeatures');
        return bad.map((b) => `window ${i}: ${b}`);
      }),
    ]);

    check('IPC from a frame that is not the app is refused on every channel', [
      ...(r.ipcForeign.length ? [] : ['no IPC handler was registered']),
      ...r.ipcForeign
        .filter((a) => a.ok !== false || a.code !== 'ipc.forbiddenSender')
        .map((a) => `${a.channel} from ${a.frame} answered ${a.ok ? 'ok' : a.code}`),
      ...(r.ipcOwn?.ok === true ? [] : [`the app's own frame was refused (${r.ipcOwn?.error?.code})`]),
    ]);

    const perms = r.permissions;
    check('every permission request, check and device request is refused', [
      ...(Array.isArray(perms.request)
        ? perms.request.filter((g) => g !== false).map(() => 'a permission request was granted')
        : ['no permission request handler (Electron grants)']),
      ...(Array.isArray(perms.check)
        ? perms.check.filter((g) => g !== false).map(() => 'a permission check answered granted')
        : ['no permission check handler (Electron grants)']),
      ...(Array.isArray(perms.device)
        ? perms.device.filter((g) => g !== false).map(() => 'a device permission was granted')
        : ['no device permission handler']),
    ]);

    for (const [name, probe] of [
      ['the main window', r.mainContents],
      ['web contents created later', r.lateContents],
    ]) {
      check(`${name}: window.open never opens a window, and only allowlisted links reach the OS browser`, [
        ...(probe.windowOpen
          ? probe.windowOpen
              .filter((w) => w.answer?.action !== 'deny')
              .map((w) => `window.open(${w.url}) answered ${JSON.stringify(w.answer)}`)
          : ['no window-open handler (Electron opens windows)']),
        ...probe.opened
          .filter((u) => !u.startsWith('https://help.aliyun.com/'))
          .map((u) => `${u} was handed to the OS browser`),
      ]);
      check(`${name}: navigation and redirects away from the app are cancelled`, [
        ...[...probe.navigate, ...probe.redirect]
          .filter((n) => !n.prevented)
          .map((n) => `${n.listeners ? 'allowed' : 'no guard for'} ${n.url}`),
        ...(probe.sameOrigin.prevented ? ['navigation inside the app was cancelled too'] : []),
      ]);
      check(
        `${name}: webviews are never attached`,
        probe.webview.prevented
          ? []
          : [probe.webview.listeners ? 'a webview was allowed' : 'no will-attach-webview guard'],
      );
    }

    check('links through IPC reach the OS browser only when allowlisted, and a refusal says so', [
      ...r.openExternalIpc
        .filter((a) => a.url !== 'https://help.aliyun.com/zh/model-studio/' && a.code !== 'app.linkNotAllowed')
        .map((a) => `${a.url} answered ${a.ok ? 'ok' : a.code}`),
      ...r.openedByIpc
        .filter((u) => u !== 'https://help.aliyun.com/zh/model-studio/')
        .map((u) => `${u} was handed to the OS browser`),
      ...(r.openedByIpc.includes('https://help.aliyun.com/zh/model-studio/')
        ? []
        : ['the allowlisted link was not opened']),
    ]);

    const [page, ...others] = r.served;
    check('the renderer is served with a strict CSP header, and the page carries the same policy', [
      ...(page?.status === 200 ? [] : [`the page answered ${page?.status}`]),
      ...r.served
        .filter((s) => s.status === 200)
        .flatMap((s) => cspProblems(s.csp, { header: true }).map((p) => `header on ${s.url}: ${p}`)),
      ...(others.some((s) => s.url.endsWith('.js') && s.status === 200) ? [] : ['no script asset was served to check']),
      ...cspProblems(page?.meta, { header: false }).map((p) => `meta tag: ${p}`),
    ]);

    check(
      'a renderer that dies gets the window reloaded',
      r.rendererGone.reloads === 1
        ? []
        : [r.rendererGone.listeners ? 'not reloaded' : 'no render-process-gone handler'],
    );
    return { passed, failed };
  } finally {
    rmSync(join(root, outDir), { recursive: true, force: true });
    rmSync(userData, { recursive: true, force: true });
  }
}
