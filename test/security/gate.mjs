// Security gate, two halves:
// 1. Electronegativity over src-main, src-preload and src-renderer. Its exit code is always 0, so
//    this script reads its CSV and fails on any HIGH or MEDIUM finding that is not in
//    allowlist.json (each entry carries a one-line reason).
// 2. bundle-check.mjs: the BUILT main bundle under a recorded Electron stand-in, attacked the way
//    a hostile page would (IPC sender, permissions, window.open, navigation, webviews, links, CSP).
// mutate.mjs proves the gate catches each edit listed in mutations.json.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { bundleCheck } from './bundle-check.mjs';

const root = resolve(import.meta.dirname, '..', '..');
const work = mkdtempSync(join(tmpdir(), 'wss-eneg-'));
const scanDir = join(work, 'src');
for (const dir of ['src-main', 'src-preload', 'src-renderer']) cpSync(join(root, dir), join(scanDir, dir), { recursive: true });
// The canary: a known-insecure window scanned in the same run. If it raises no HIGH finding,
// the scanner or this parser is broken and a green result would mean nothing.
const CANARY = 'canary-insecure';
cpSync(join(import.meta.dirname, 'fixtures', 'insecure'), join(scanDir, CANARY), { recursive: true });
const csv = join(work, 'report.csv');

const bin = join(root, 'node_modules', '.bin', 'electronegativity');
// The Electron version the app is built against (its checks depend on it), never a copy of it.
const electronVersion = JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version;
const run = spawnSync(bin, ['-i', scanDir, '-r', '-e', electronVersion, '-o', csv], { encoding: 'utf8' });
if (run.status !== 0) {
  console.error(run.stdout, run.stderr);
  throw new Error(`electronegativity exited with ${run.status}`);
}

/** Minimal RFC 4180 reader: the report quotes fields that contain commas. */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  const endField = () => {
    row.push(field.trim());
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') endField();
    else if (c === '\n') {
      endField();
      rows.push(row);
      row = [];
    } else if (c !== '\r') field += c;
  }
  if (field || row.length) {
    endField();
    rows.push(row);
  }
  return rows;
}

const [header, ...rows] = parseCsv(readFileSync(csv, 'utf8'));
if (!header || header[0] !== 'issue') throw new Error('unexpected electronegativity report format');
const findings = rows
  .filter((r) => r.length >= 7)
  .map(([issue, severity, confidence, filename, location, sample, description]) => ({
    issue,
    severity,
    confidence,
    filename,
    location,
    sample,
    description,
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
  allowlist.find((a) => a.check === f.issue && f.filename.endsWith(a.file) && (!a.sample || f.sample.includes(a.sample)));

const blocking = [];
for (const f of findings) {
  const entry = allowed(f);
  const tag = entry ? `allowed (${entry.reason})` : f.severity === 'HIGH' || f.severity === 'MEDIUM' ? 'BLOCKING' : 'note';
  console.log(`${f.severity.padEnd(8)} ${f.issue.padEnd(36)} ${f.filename}:${f.location}  ${tag}`);
  if (!entry && (f.severity === 'HIGH' || f.severity === 'MEDIUM')) blocking.push(f);
}
const unused = allowlist.filter((a) => !findings.some((f) => allowed(f) === a));
for (const a of unused) console.log(`allowlist entry no longer needed: ${a.check} ${a.file}`);
rmSync(work, { recursive: true, force: true });

console.log(`security gate: canary raised ${[...canaryChecks].join(', ')}`);
console.log(`security gate: ${findings.length} findings, ${blocking.length} blocking, ${unused.length} stale allowlist entries`);

const bundle = bundleCheck(root);
for (const p of bundle.passed) console.log(`ok       ${p}`);
for (const f of bundle.failed) console.log(`FAILED   ${f}`);
console.log(`security gate: built bundle ${bundle.passed.length} checks passed, ${bundle.failed.length} failed`);
if (blocking.length > 0 || unused.length > 0 || bundle.failed.length > 0) process.exit(1);
