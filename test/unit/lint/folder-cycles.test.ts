// Folders under src-main/ depend on each other in one direction only: a cycle between two
// folders (ipc/ ↔ security/ was one) means neither can be understood or tested without the
// other. This reads every relative import and fails on any cycle in the folder graph.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..', '..', '..');
const mainDir = join(root, 'src-main');

/** src-main/<folder>/… → <folder>; files directly in src-main/ are the composition root, "(root)". */
const folderOf = (file: string): string => {
  const parts = relative(mainDir, file).split(sep);
  return parts.length > 1 ? parts[0]! : '(root)';
};

function folderGraph(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  const files = readdirSync(mainDir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
  for (const f of files) {
    const file = join(mainDir, f);
    const from = folderOf(file);
    const edges = graph.get(from) ?? new Set<string>();
    graph.set(from, edges);
    const code = readFileSync(file, 'utf8');
    for (const m of code.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)) {
      const target = resolve(dirname(file), m[1]!);
      if (!target.startsWith(mainDir + sep)) continue;
      const to = folderOf(target);
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

describe('src-main folder dependencies', () => {
  it('finds a cycle when there is one', () => {
    const graph = new Map([
      ['ipc', new Set(['security'])],
      ['security', new Set(['ipc'])],
      ['app', new Set(['ipc'])],
    ]);
    expect(cycles(graph)).toEqual([['ipc', 'security']]);
  });

  it('has no cycle between folders', () => {
    const graph = folderGraph();
    expect(graph.get('ipc')?.size).toBeGreaterThan(0);
    expect(cycles(graph)).toEqual([]);
  });
});
