// Folders under src-main/, and the renderer's feature folders under src-renderer/src/features/,
// depend on each other in one direction only: a cycle between two folders (ipc/ ↔ security/ was
// one, generate/ ↔ queue/ another) means neither can be understood or tested without the other.
// This reads every relative import and fails on any cycle in the folder graph.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..', '..', '..');
const mainDir = join(root, 'src-main');
const featuresDir = join(root, 'src-renderer', 'src', 'features');

/** <dir>/<folder>/… → <folder>; files directly in <dir> (src-main's composition root) are "(root)". */
const folderOf = (dir: string, file: string): string => {
  const parts = relative(dir, file).split(sep);
  return parts.length > 1 ? parts[0]! : '(root)';
};

/** The folders under `dir` and which of them each one imports from (relative imports only). */
function folderGraph(dir: string): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => /\.(ts|vue)$/.test(f));
  for (const f of files) {
    const file = join(dir, f);
    const from = folderOf(dir, file);
    const edges = graph.get(from) ?? new Set<string>();
    graph.set(from, edges);
    const code = readFileSync(file, 'utf8');
    for (const m of code.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)) {
      const target = resolve(dirname(file), m[1]!);
      if (!target.startsWith(dir + sep)) continue;
      const to = folderOf(dir, target);
      if (to !== from) edges.add(to);
    }
  }
  return graph;
}

/** Every cycle's folders (Tarjan's strongly connected components of size > 1). */
function cycles(graph: Map<string, Set<string>>): string[][] {
  let index = 0;
  const indices = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    indices.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!indices.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, indices.get(w)!));
    }
    if (low.get(v) === indices.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!indices.has(v)) visit(v);
  return found;
}

describe('folder dependencies', () => {
  it('finds a cycle when there is one', () => {
    const graph = new Map([
      ['ipc', new Set(['security'])],
      ['security', new Set(['ipc'])],
      ['app', new Set(['ipc'])],
    ]);
    expect(cycles(graph)).toEqual([['ipc', 'security']]);
  });

  it('has no cycle between src-main folders', () => {
    const graph = folderGraph(mainDir);
    expect(graph.get('ipc')?.size).toBeGreaterThan(0);
    expect(cycles(graph)).toEqual([]);
  });

  it("has no cycle between the renderer's feature folders", () => {
    const graph = folderGraph(featuresDir);
    // The graph is read from .vue files too: the Generate panel's imports are seen.
    expect(graph.get('generate')?.has('canvas')).toBe(true);
    expect(cycles(graph)).toEqual([]);
  });

  it('reads a cycle planted between two feature folders', () => {
    const graph = folderGraph(featuresDir);
    graph.get('usage')!.add('settings');
    graph.get('settings')!.add('usage');
    expect(cycles(graph).flat()).toEqual(expect.arrayContaining(['settings', 'usage']));
  });
});
