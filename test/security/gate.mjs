// Security gate, two halves:
// 1. Electronegativity over src-main, src-preload and src-renderer: fails on any HIGH or MEDIUM
//    finding that is not in allowlist.json (each entry carries a one-line reason).
// 2. bundle-check.mjs: the BUILT main bundle under a recorded Electron stand-in, attacked the way
//    a hostile page would (IPC sender, permissions, window.open, navigation, webviews, links, CSP).
// mutate.mjs proves the gate catches each edit listed in mutations.json.
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { bundleCheck } from './bundle-check.mjs';

const root = resolve(import.meta.dirname, '..', '..');
const work = mkdtempSync(join(tmpdir(), 'wss-eneg-'));
const scanDir = join(work, 'src');
for (const dir of ['src-main', 'src-preload', 'src-renderer'])
  cpSync(join(root, dir), join(scanDir, dir), { recursive: true });
// The canary: a known-insecure window scanned in the same run. If it raises no HIGH finding,
// the scanner or this parser is broken and a green result would mean nothing.
const CANARY = 'canary-insecure';
cpSync(join(import.meta.dirname, 'fixtures', 'insecure'), join(scanDir, CANARY), { recursive: true });
// Electronegativity through its Node API, not its CLI: the CLI writes the CSV header and the rows
// with two racing async writes, so under load the report could lose its rows (the canary then
// "raised nothing" and the gate failed at random).
const runElectronegativity = createRequire(join(root, 'package.json'))('@doyensec/electronegativity');
// The Electron version the app is built against (its checks depend on it), never a copy of it.
const electronVersion = JSON.parse(
  readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8'),
).version;
const scan = await runElectronegativity(
  {
    input: scanDir,
    isRelative: true,
    customScan: [],
    excludeFromScan: [],
    isVerbose: false,
    electronVersionOverride: electronVersion,
    parserPlugins: [],
  },
  false,
);
const findings = scan.issues.map((i) => ({
  issue: i.id,
  severity: i.severity.name,
  confidence: i.confidence.name,
  filename: i.file,
  location: `${i.location?.line ?? 0}:${i.location?.column ?? 0}`,
  sample: i.sample ?? '',
  description: i.description,
}));

const canary = findings.filter((f) => f.filename.startsWith(CANARY));
const canaryChecks = new Set(
  canary.filter((f) => f.severity === 'HIGH' || f.severity === 'MEDIUM').map((f) => f.issue),
);
for (const required of ['CONTEXT_ISOLATION_JS_CHECK', 'SANDBOX_JS_CHECK', 'WEB_SECURITY_JS_CHECK']) {
  if (!canaryChecks.has(required)) {
    console.error(JSON.stringify(canary.map((f) => [f.issue, f.severity, f.location])));
    console.error(`security gate self-check failed: the insecure canary did not raise ${required}`);
    process.exit(1);
  }
}
findings.splice(0, findings.length, ...findings.filter((f) => !f.filename.startsWith(CANARY)));

const allowlist = JSON.parse(readFileSync(join(import.meta.dirname, 'allowlist.json'), 'utf8'));
const allowed = (f) =>
  allowlist.find(
    (a) => a.check === f.issue && f.filename.endsWith(a.file) && (!a.sample || f.sample.includes(a.sample)),
  );

const blocking = [];
for (const f of findings) {
  const entry = allowed(f);
  const tag = entry
    ? `allowed (${entry.reason})`
    : f.severity === 'HIGH' || f.severity === 'MEDIUM'
      ? 'BLOCKING'
      : 'note';
  console.log(`${f.severity.padEnd(8)} ${f.issue.padEnd(36)} ${f.filename}:${f.location}  ${tag}`);
  if (!entry && (f.severity === 'HIGH' || f.severity === 'MEDIUM')) blocking.push(f);
}
const unused = allowlist.filter((a) => !findings.some((f) => allowed(f) === a));
for (const a of unused) console.log(`allowlist entry no longer needed: ${a.check} ${a.file}`);
rmSync(work, { recursive: true, force: true });

console.log(`security gate: canary raised ${[...canaryChecks].join(', ')}`);
console.log(
  `security gate: ${findings.length} findings, ${blocking.length} blocking, ${unused.length} stale allowlist entries`,
);

const bundle = bundleCheck(root);
for (const p of bundle.passed) console.log(`ok       ${p}`);
for (const f of bundle.failed) console.log(`FAILED   ${f}`);
console.log(`security gate: built bundle ${bundle.passed.length} checks passed, ${bundle.failed.length} failed`);
if (blocking.length > 0 || unused.length > 0 || bundle.failed.length > 0) process.exit(1);
