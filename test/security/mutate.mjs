// Proves the security gate catches what it must: copies the repository (node_modules linked, not
// copied), checks that the unmutated copy passes `node test/security/gate.mjs`, then applies ONE
// mutation from mutations.json at a time, runs the gate again and expects it to fail. Exits
// non-zero when any mutation survives (the gate passed with it), when a mutation no longer
// applies (its `find` text is not in the file exactly once), or when the baseline fails.
// Slow (one build and scan per mutation): run it when the gate or the guarded code changes.
//
//   node test/security/mutate.mjs [--head] [--only id,id]
//     --head   test the last commit (git archive HEAD) instead of the working tree
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..', '..');
const args = process.argv.slice(2);
const fromHead = args.includes('--head');
const onlyAt = args.indexOf('--only');
const only = onlyAt >= 0 ? new Set(args[onlyAt + 1]?.split(',')) : null;

const mutations = JSON.parse(readFileSync(join(import.meta.dirname, 'mutations.json'), 'utf8')).filter(
  (m) => !only || only.has(m.id),
);
const copy = mkdtempSync(join(tmpdir(), 'wss-mutate-'));

function makeCopy() {
  if (fromHead) {
    const tar = execFileSync('git', ['archive', '--format=tar', 'HEAD'], { cwd: root, maxBuffer: 1 << 30 });
    execFileSync('tar', ['-x', '-C', copy], { input: tar });
  } else {
    // Tracked and untracked-but-not-ignored files, as they are on disk now.
    const files = execFileSync('git', ['ls-files', '-z', '-c', '-o', '--exclude-standard'], {
      cwd: root,
      encoding: 'utf8',
    })
      .split('\0')
      .filter(Boolean);
    for (const f of files) {
      if (!existsSync(join(root, f))) continue; // deleted in the working tree
      mkdirSync(dirname(join(copy, f)), { recursive: true });
      cpSync(join(root, f), join(copy, f));
    }
  }
  symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'), 'dir');
}

/** Runs the gate in the copy; returns whether it passed and the lines that say why not. */
function gate() {
  const run = spawnSync(process.execPath, [join(copy, 'test', 'security', 'gate.mjs')], {
    cwd: copy,
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  const why = `${run.stdout}\n${run.stderr}`
    .split('\n')
    .filter(
      (l) => /^(FAILED|HIGH|MEDIUM)\b|BLOCKING|self-check failed|build failed|Error/.test(l) && !/allowed \(/.test(l),
    )
    .map((l) => l.trim().slice(0, 240));
  return { passed: run.status === 0, why };
}

const results = [];
let baselineOk = false;
try {
  makeCopy();
  const baseline = gate();
  baselineOk = baseline.passed;
  console.log(
    `baseline (${fromHead ? 'HEAD' : 'working tree'}, no mutation): ${baseline.passed ? 'gate passes' : 'GATE FAILS'}`,
  );
  if (!baseline.passed) {
    for (const l of baseline.why) console.log(`  ${l}`);
  } else {
    for (const m of mutations) {
      const file = join(copy, m.file);
      const original = readFileSync(file, 'utf8');
      const count = original.split(m.find).length - 1;
      if (count !== 1) {
        results.push({ ...m, outcome: 'stale', why: [`find text occurs ${count} times in ${m.file}`] });
        console.log(`STALE    ${m.id}: find text occurs ${count} times in ${m.file}`);
        continue;
      }
      writeFileSync(
        file,
        original.replace(m.find, () => m.replace),
      );
      const g = gate();
      writeFileSync(file, original);
      results.push({ ...m, outcome: g.passed ? 'survived' : 'caught', why: g.why });
      console.log(
        `${g.passed ? 'SURVIVED' : 'caught  '} ${m.id}${g.passed ? `: ${m.breaks}` : ` — ${g.why[0] ?? '(gate failed)'}`}`,
      );
    }
  }
} finally {
  rmSync(copy, { recursive: true, force: true });
}

const caught = results.filter((r) => r.outcome === 'caught').length;
const bad = results.filter((r) => r.outcome !== 'caught');
console.log(
  `mutation check: ${caught}/${mutations.length} caught, ${bad.filter((r) => r.outcome === 'survived').length} survived, ${bad.filter((r) => r.outcome === 'stale').length} stale`,
);
process.exit(baselineOk && bad.length === 0 && results.length === mutations.length ? 0 : 1);
