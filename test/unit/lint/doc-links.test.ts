// A clone of the repository must be readable on its own: no file may point at documents that
// live outside it (the team's shared folder), and every "CONTRACT.md §n" a comment cites must
// be a section of test/sim/CONTRACT.md, the project's own account of the DashScope API.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..', '..', '..');
const SKIP = /^(node_modules|out.*|dist|test-results.*|\.git|coverage)$/;
const TEXT = /\.(ts|mts|mjs|js|vue|md|json|yml|yaml|sh|css|html)$|^run$/;

function files(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (SKIP.test(e.name) || e.name === 'package-lock.json') continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) files(p, out);
    else if (TEXT.test(e.name)) out.push(p);
  }
  return out;
}

const all = files(root).filter((f) => !f.endsWith('doc-links.test.ts'));

describe('documentation links stay inside the repository', () => {
  it('nothing points at shared/dashscope or an absolute /work path', () => {
    const offenders = all.filter((f) => /shared\/dashscope|\/work\/(shared|notes|main)/.test(readFileSync(f, 'utf8')));
    expect(offenders.map((f) => relative(root, f))).toEqual([]);
  });

  it('every cited CONTRACT.md section exists', () => {
    const doc = readFileSync(join(root, 'test/sim/CONTRACT.md'), 'utf8');
    const sections = new Set([...doc.matchAll(/^#{2,3} (\d+(?:\.\d+)?)[. ]/gm)].map((m) => m[1]));
    expect(sections.size).toBeGreaterThan(10);
    const cited: string[] = [];
    for (const f of all) {
      const text = readFileSync(f, 'utf8');
      // "CONTRACT.md §1.1, §2, §6" cites three sections.
      for (const m of text.matchAll(/CONTRACT\.md((?:[ ,;and]*§\d+(?:\.\d+)?)+)/g))
        for (const s of m[1]!.matchAll(/§(\d+(?:\.\d+)?)/g)) cited.push(`${relative(root, f)} §${s[1]}`);
    }
    expect(cited.length).toBeGreaterThan(10);
    expect(cited.filter((c) => !sections.has(c.split('§')[1]!))).toEqual([]);
  });

  it('the README and the simulator README link the in-repo contract', () => {
    expect(readFileSync(join(root, 'README.md'), 'utf8')).toContain('(test/sim/CONTRACT.md)');
    expect(readFileSync(join(root, 'test/sim/README.md'), 'utf8')).toContain('(CONTRACT.md)');
  });
});
