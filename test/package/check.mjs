// Packaging check: electron-builder --linux dir with a stub electronDist (the real Electron
// binary cannot be downloaded on our machines), then asserts what the asar holds: the three
// build outputs and production dependencies only, with native modules unpacked.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { listPackage } from '@electron/asar';

const root = resolve(import.meta.dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const electronVersion = JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')).version;

for (const f of ['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html']) {
  if (!existsSync(join(root, f))) throw new Error(`${f} is missing: run "npm run build" first`);
}

// A sandboxed preload can require only a few Electron modules, and it runs before every page
// load: it must be the small names-only bundle, never the schema table with zod.
const preload = readFileSync(join(root, 'out/preload/index.cjs'), 'utf8');
const requires = [...preload.matchAll(/require\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]);
if (requires.some((r) => r !== 'electron')) throw new Error(`the preload requires ${requires.join(', ')}; only electron is allowed`);
if (/\bZodError\b|\bsafeParse\b/.test(preload) || preload.length > 16 * 1024) {
  throw new Error(`the preload bundles the schema table (${(preload.length / 1024).toFixed(1)} KB); import names from src-preload/contract/names`);
}

const work = mkdtempSync(join(tmpdir(), 'wss-pack-'));
const stub = join(work, 'electron-stub');
mkdirSync(stub);
// The stub carries a real fuse wire (sentinel, version 1, eight fuses at Electron's defaults),
// so electron-builder's electronFuses step runs for real and the result can be read back.
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const DEFAULT_WIRE = '10110001'; // RunAsNode, cookie encryption, NODE_OPTIONS, --inspect, asar integrity, only asar, V8 snapshot, file:// privileges
writeFileSync(
  join(stub, 'electron'),
  Buffer.concat([
    Buffer.from('#!/bin/sh\necho "stub electron: the real binary is not available on this machine"\nexit 0\n'),
    Buffer.from(SENTINEL),
    Buffer.from([1, DEFAULT_WIRE.length]),
    Buffer.from(DEFAULT_WIRE),
  ]),
);
chmodSync(join(stub, 'electron'), 0o755);
writeFileSync(join(stub, 'version'), `v${electronVersion}`);
const output = join(work, 'dist');

const started = Date.now();
const run = spawnSync(
  join(root, 'node_modules/.bin/electron-builder'),
  ['--linux', 'dir', `-c.electronDist=${stub}`, `-c.directories.output=${output}`],
  { cwd: root, encoding: 'utf8', env: { ...process.env, CSC_IDENTITY_AUTO_DISCOVERY: 'false' } },
);
if (run.status !== 0) {
  console.error(run.stdout, run.stderr);
  throw new Error(`electron-builder failed with ${run.status}`);
}

const resources = join(output, 'linux-unpacked', 'resources');
const entries = listPackage(join(resources, 'app.asar'), { isPack: false }).map((p) => p.replaceAll('\\', '/'));
const failures = [];
const expect = (ok, message) => ok || failures.push(message);

for (const f of ['/out/main/index.js', '/out/preload/index.cjs', '/out/renderer/index.html', '/package.json']) {
  expect(entries.includes(f), `asar lacks ${f}`);
}
const topLevel = new Set(entries.map((e) => e.split('/')[1]));
for (const t of topLevel) expect(['out', 'node_modules', 'package.json'].includes(t), `unexpected top-level entry /${t}`);
for (const forbidden of ['/src-main', '/src-renderer', '/src-preload', '/test', '/build', '/.ci']) {
  expect(!entries.some((e) => e === forbidden || e.startsWith(`${forbidden}/`)), `asar contains ${forbidden}`);
}
const modules = new Set(
  entries
    .filter((e) => e.startsWith('/node_modules/'))
    .map((e) => e.split('/').slice(2, e.split('/')[2]?.startsWith('@') ? 4 : 3).join('/'))
    // A bare scope folder ("/node_modules/@aws-sdk") is not a package.
    .filter((m) => m && (!m.startsWith('@') || m.includes('/'))),
);
for (const dep of Object.keys(pkg.dependencies)) expect(modules.has(dep), `production dependency ${dep} is missing`);
// What npm itself considers production: the closure of `dependencies`. A dev dependency may
// legitimately be in it (conf is also electron-store's own dependency); anything else is not.
const prodList = spawnSync('npm', ['ls', '--omit=dev', '--all', '--parseable'], { cwd: root, encoding: 'utf8' });
const prodClosure = new Set(
  prodList.stdout
    .split('\n')
    .map((line) => line.split('/node_modules/').pop())
    .filter((name) => name && !name.startsWith('/')),
);
expect(prodClosure.has('keytar'), 'could not read the production dependency tree');
for (const dev of Object.keys(pkg.devDependencies)) {
  expect(!modules.has(dev) || prodClosure.has(dev), `dev dependency ${dev} was packaged`);
}
for (const m of modules) expect(prodClosure.has(m), `${m} is packaged but is not a production dependency`);
expect(!entries.some((e) => e.endsWith('.map')), 'source maps were packaged');

const keytarNode = join(resources, 'app.asar.unpacked', 'node_modules', 'keytar', 'build', 'Release', 'keytar.node');
expect(existsSync(keytarNode), 'keytar.node is not unpacked from the asar');

const binary = readFileSync(join(output, 'linux-unpacked', pkg.name));
const at = binary.indexOf(SENTINEL) + SENTINEL.length;
const wire = binary.subarray(at + 2, at + 2 + DEFAULT_WIRE.length).toString('latin1');
// Expected from electron-builder.yml: everything off but cookie encryption, asar integrity and
// asar-only loading; the V8 snapshot fuse is not configured and keeps Electron's default.
expect(wire === '01001100', `fuses were not flipped as configured: ${wire}`);

rmSync(work, { recursive: true, force: true });
if (failures.length) {
  for (const f of failures) console.error(`packaging check: ${f}`);
  process.exit(1);
}
console.log(
  `packaging check: ok in ${((Date.now() - started) / 1000).toFixed(1)} s — ${entries.length} asar entries, ` +
    `${modules.size} packaged modules, keytar.node unpacked, fuses ${wire}, preload ${(preload.length / 1024).toFixed(1)} KB (electron only)`,
);
