// Packaging check: electron-builder --linux dir with a stub electronDist (the real Electron
// binary cannot be downloaded on our machines), then asserts what the asar holds: the three
// build outputs and production dependencies only, with native modules unpacked.
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { listPackage } from '@electron/asar';
import { nativeArchOf, nativeArchProblems } from '../../build/native-arch.mjs';

const root = resolve(import.meta.dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const electronVersion = JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')).version;

// WSS_OUT: the build folder (side-by-side builds); it is packed as out/, where package.json's main points.
const outDir = process.env.WSS_OUT ?? 'out';
for (const f of ['main/index.js', 'preload/index.cjs', 'renderer/index.html']) {
  if (!existsSync(join(root, outDir, f))) throw new Error(`${outDir}/${f} is missing: run "npm run build" first`);
}

// A sandboxed preload can require only a few Electron modules, and it runs before every page
// load: it must be the small names-only bundle, never the schema table with zod.
const preload = readFileSync(join(root, outDir, 'preload/index.cjs'), 'utf8');
const requires = [...preload.matchAll(/require\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]);
if (requires.some((r) => r !== 'electron'))
  throw new Error(`the preload requires ${requires.join(', ')}; only electron is allowed`);
if (/\bZodError\b|\bsafeParse\b/.test(preload) || preload.length > 16 * 1024) {
  throw new Error(
    `the preload bundles the schema table (${(preload.length / 1024).toFixed(1)} KB); import names from src-preload/contract/names`,
  );
}

// Everything the main bundle loads at run time that is not Node's or Electron's must be a
// production dependency, or the packed app fails on first use of it (dev dependencies are not packed).
const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
const packageOf = (spec) =>
  spec
    .split('/')
    .slice(0, spec.startsWith('@') ? 2 : 1)
    .join('/');
const mainFiles = readdirSync(join(root, outDir, 'main'), { recursive: true }).filter((f) => /\.[cm]?js$/.test(f));
const mainRequires = new Set();
for (const f of mainFiles) {
  const code = readFileSync(join(root, outDir, 'main', f), 'utf8');
  for (const m of code.matchAll(
    /\b(?:require|import)\(\s*["']([^"'./][^"']*)["']\s*\)|\bfrom\s*["']([^"'./][^"']*)["']/g,
  )) {
    const spec = m[1] ?? m[2];
    if (!builtins.has(spec) && !spec.startsWith('node:')) mainRequires.add(packageOf(spec));
  }
}
const failures = [];
const expect = (ok, message) => ok || failures.push(message);
expect(
  mainRequires.has('electron-store') && mainRequires.has('keytar'),
  `could not read the main bundle's requires: ${[...mainRequires]}`,
);
for (const dep of mainRequires) {
  expect(
    dep === 'electron' || dep in pkg.dependencies,
    `out/main requires ${dep}, which is not in package.json dependencies`,
  );
}

// The native-arch reader must tell the formats and CPUs apart, or the check below proves nothing.
const header = (bytes) => Buffer.from(bytes);
const u32 = (n, le = true) => {
  const b = Buffer.alloc(4);
  if (le) b.writeUInt32LE(n);
  else b.writeUInt32BE(n);
  return [...b];
};
const peHeader = Buffer.alloc(0x48);
peHeader.write('MZ', 0, 'latin1');
peHeader.writeUInt32LE(0x40, 0x3c);
peHeader.writeUInt32LE(0x00004550, 0x40);
peHeader.writeUInt16LE(0xaa64, 0x44);
const samples = [
  [header([...u32(0xfeedfacf), ...u32(0x01000007)]), 'macho x64'],
  [header([...u32(0xfeedfacf), ...u32(0x0100000c)]), 'macho arm64'],
  [
    header([
      ...u32(0xcafebabe, false),
      ...u32(2, false),
      ...u32(0x01000007, false),
      ...Array(16).fill(0),
      ...u32(0x0100000c, false),
      ...Array(16).fill(0),
    ]),
    'macho x64+arm64',
  ],
  [peHeader, 'pe arm64'],
];
for (const [bytes, wanted] of samples) {
  const got = nativeArchOf(bytes);
  expect(
    got && `${got.format} ${got.archs.join('+')}` === wanted,
    `native-arch reads ${wanted} as ${JSON.stringify(got)}`,
  );
}

// Each architecture is packed from a node_modules installed for it; the afterPack hook enforces it.
const builderConfig = readFileSync(join(root, 'electron-builder.yml'), 'utf8');
expect(
  /^afterPack: \.\/build\/native-arch\.mjs$/m.test(builderConfig),
  'electron-builder.yml lacks the native-arch afterPack hook',
);

const work = mkdtempSync(join(tmpdir(), 'wss-pack-'));
// Another build folder is packed as out/: the same config with that one file set swapped.
let configArgs = [];
if (outDir !== 'out') {
  const filesLine = '\n  - out/**\n';
  if (!builderConfig.includes(filesLine)) throw new Error('electron-builder.yml no longer lists "out/**" in files');
  const config = join(work, 'electron-builder.yml');
  writeFileSync(
    config,
    builderConfig.replace(filesLine, `\n  - from: ${outDir}\n    to: out\n    filter: ['**/*', '!**/*.map']\n`),
  );
  configArgs = ['--config', config];
}
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
const builder = (args, out) =>
  spawnSync(
    join(root, 'node_modules/.bin/electron-builder'),
    ['--linux', 'dir', ...args, ...configArgs, `-c.electronDist=${stub}`, `-c.directories.output=${out}`],
    { cwd: root, encoding: 'utf8', env: { ...process.env, CSC_IDENTITY_AUTO_DISCOVERY: 'false' } },
  );
const run = builder([], output);
if (run.status !== 0) {
  console.error(run.stdout, run.stderr);
  throw new Error(`electron-builder failed with ${run.status}`);
}

const resources = join(output, 'linux-unpacked', 'resources');
const entries = listPackage(join(resources, 'app.asar'), { isPack: false }).map((p) => p.replaceAll('\\', '/'));
for (const f of ['/out/main/index.js', '/out/preload/index.cjs', '/out/renderer/index.html', '/package.json']) {
  expect(entries.includes(f), `asar lacks ${f}`);
}
const topLevel = new Set(entries.map((e) => e.split('/')[1]));
for (const t of topLevel)
  expect(['out', 'node_modules', 'package.json'].includes(t), `unexpected top-level entry /${t}`);
for (const forbidden of ['/src-main', '/src-renderer', '/src-preload', '/test', '/build', '/.ci']) {
  expect(!entries.some((e) => e === forbidden || e.startsWith(`${forbidden}/`)), `asar contains ${forbidden}`);
}
const modules = new Set(
  entries
    .filter((e) => e.startsWith('/node_modules/'))
    .map((e) =>
      e
        .split('/')
        .slice(2, e.split('/')[2]?.startsWith('@') ? 4 : 3)
        .join('/'),
    )
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

// Every native module in the app is a Linux binary for this machine's CPU (what --linux dir
// packs), and the same files would be refused for another CPU: the hook's check can fail.
const hostArch = { arm: 'armv7l' }[process.arch] ?? process.arch;
const appDir = join(output, 'linux-unpacked');
const nativeCount = readdirSync(appDir, { recursive: true }).filter((f) => f.endsWith('.node')).length;
for (const p of nativeArchProblems(appDir, 'linux', hostArch))
  expect(false, `${p.file} is ${p.found}, needs ${p.wanted}`);
const otherArch = hostArch === 'arm64' ? 'x64' : 'arm64';
expect(
  nativeCount > 0 && nativeArchProblems(appDir, 'linux', otherArch).length === nativeCount,
  `the native-arch check passes ${otherArch}`,
);
expect(
  nativeArchProblems(appDir, 'darwin', hostArch).length === nativeCount,
  'the native-arch check passes Linux binaries for macOS',
);
// What a macOS x64 + arm64 build from one node_modules did before: pack another CPU's app from
// this machine's binaries. The afterPack hook must refuse it.
const crossArch = builder([`--${otherArch}`], join(work, 'dist-cross'));
expect(
  crossArch.status !== 0 &&
    `${crossArch.stdout}${crossArch.stderr}`.includes(`native modules do not match linux ${otherArch}`),
  `an ${otherArch} package built from ${hostArch} native modules was not refused (exit ${crossArch.status})`,
);

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
    `${modules.size} packaged modules, keytar.node unpacked, ${nativeCount} native modules all linux ${hostArch} (${otherArch} refused), ` +
    `main requires ${mainRequires.size} packages (all dependencies), fuses ${wire}, preload ${(preload.length / 1024).toFixed(1)} KB (electron only)`,
);
