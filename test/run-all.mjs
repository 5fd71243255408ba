// `npm test`: every tier in order — typecheck, format check (prettier), lint, build, vitest (unit + integration), Playwright
// e2e, the security gate and the packaging check — then one summary line.
//
// The integration tier needs a Secret Service. When dbus-run-session and gnome-keyring are present
// this script re-runs itself inside a fresh D-Bus session with an unlocked, throw-away keyring.
// Without them the keychain tests are skipped with a loud warning, except under CI=true, where
// that is a failure.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const ci = process.env.CI === 'true';
const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;

if (!process.env.WSS_IN_KEYRING_SESSION) {
  if (has('dbus-run-session') && has('gnome-keyring-daemon')) {
    const keyringHome = mkdtempSync(join(tmpdir(), 'wss-keyring-'));
    const inner = `echo -n wss-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null && exec node "${import.meta.filename}"`;
    const r = spawnSync('dbus-run-session', ['--', 'sh', '-c', inner], {
      stdio: 'inherit',
      env: { ...process.env, WSS_IN_KEYRING_SESSION: '1', XDG_DATA_HOME: keyringHome },
    });
    rmSync(keyringHome, { recursive: true, force: true });
    process.exit(r.status ?? 1);
  }
  const warning = 'No D-Bus session / gnome-keyring: the keychain integration tests will be SKIPPED.';
  if (ci) {
    console.error(`${warning} Under CI=true that is a failure: install dbus and gnome-keyring.`);
    process.exit(1);
  }
  console.warn(
    `\n${'!'.repeat(80)}\n${warning}\nInstall dbus + gnome-keyring (Linux) to run them.\n${'!'.repeat(80)}\n`,
  );
}

const reports = mkdtempSync(join(tmpdir(), 'wss-reports-'));
const bin = (name) => join(root, 'node_modules', '.bin', name);
const steps = [
  { name: 'typecheck', cmd: 'npm', args: ['run', '-s', 'typecheck'] },
  { name: 'format', cmd: bin('prettier'), args: ['--check', '.'] },
  { name: 'lint', cmd: 'npm', args: ['run', '-s', 'lint'] },
  { name: 'build', cmd: bin('electron-vite'), args: ['build'] },
  {
    name: 'vitest',
    cmd: bin('vitest'),
    args: ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${join(reports, 'vitest.json')}`],
  },
  {
    name: 'e2e',
    cmd: bin('playwright'),
    args: ['test', '--reporter=list,json'],
    env: { PLAYWRIGHT_JSON_OUTPUT_NAME: join(reports, 'playwright.json') },
  },
  { name: 'security', cmd: 'node', args: [join(root, 'test/security/gate.mjs')] },
  { name: 'package', cmd: 'node', args: [join(root, 'test/package/check.mjs')] },
];

const results = [];
for (const step of steps) {
  console.log(`\n━━ ${step.name} ━━`);
  const started = Date.now();
  const r = spawnSync(step.cmd, step.args, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...step.env },
  });
  results.push({ name: step.name, ok: r.status === 0, seconds: (Date.now() - started) / 1000 });
}

function readJson(file) {
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null;
}
let passed = 0;
let failed = 0;
let skipped = 0;
const vitest = readJson(join(reports, 'vitest.json'));
if (vitest) {
  passed += vitest.numPassedTests;
  failed += vitest.numFailedTests;
  skipped += vitest.numPendingTests + vitest.numTodoTests;
}
const pw = readJson(join(reports, 'playwright.json'));
if (pw) {
  passed += pw.stats.expected + pw.stats.flaky;
  failed += pw.stats.unexpected;
  skipped += pw.stats.skipped;
}
rmSync(reports, { recursive: true, force: true });

// CI keeps only the tail of the log, so each failure's name and first lines are repeated here.
const failures = [];
const flaky = [];
const firstLines = (text) =>
  String(text ?? '')
    .replace(/\u001b\[[0-9;]*m/g, '')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('at '))
    .slice(0, 6)
    .join('\n      ');
for (const file of vitest?.testResults ?? []) {
  for (const t of file.assertionResults ?? []) {
    if (t.status === 'failed')
      failures.push(`vitest ${t.fullName}\n      ${firstLines(t.failureMessages?.join('\n'))}`);
  }
}
function walk(suite, path) {
  for (const spec of suite.specs ?? []) {
    for (const t of spec.tests ?? []) {
      if (t.status === 'flaky') flaky.push(`${spec.file}:${spec.line} › ${[...path, spec.title].join(' › ')}`);
      if (t.status !== 'unexpected') continue;
      const errors = (t.results ?? []).flatMap((r) => r.errors ?? (r.error ? [r.error] : []));
      const where = `${spec.file}:${spec.line}`;
      failures.push(
        `e2e ${where} › ${[...path, spec.title].join(' › ')}\n      ${firstLines(errors.map((e) => e.message).join('\n'))}`,
      );
    }
  }
  for (const child of suite.suites ?? []) walk(child, [...path, child.title]);
}
// The top-level suites are the files; nested ones are describe() blocks.
for (const suite of pw?.suites ?? []) walk(suite, []);
if (failures.length) {
  console.log('\n━━ failures ━━');
  for (const f of failures) console.log(`✘ ${f}`);
}
if (flaky.length) {
  console.log('\n━━ flaky (passed only on retry) ━━');
  for (const f of flaky) console.log(`~ ${f}`);
}

console.log('\n━━ summary ━━');
for (const r of results) console.log(`${r.ok ? 'ok  ' : 'FAIL'} ${r.name.padEnd(10)} ${r.seconds.toFixed(1)} s`);
const failedSteps = results.filter((r) => !r.ok).map((r) => r.name);
if (failedSteps.length) console.log(`failed steps: ${failedSteps.join(', ')}`);
// A step that failed without a failing test (typecheck, lint, a crash) still fails the run.
if (failedSteps.length && failed === 0) failed = failedSteps.length;
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failedSteps.length ? 1 : 0);
