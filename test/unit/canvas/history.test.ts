import { describe, expect, it } from 'vitest';
import { compound, History, type Command } from '../../../src-renderer/src/features/canvas/core/history';

function scene() {
  const items: string[] = [];
  const add = (x: string): Command => ({
    label: 'add',
    apply: () => items.push(x),
    revert: () => void items.splice(items.lastIndexOf(x), 1),
  });
  return { items, add };
}

describe('History', () => {
  it('undoes and redoes in order and forgets redo after a new step', () => {
    const s = scene();
    const states: boolean[][] = [];
    const h = new History((st) => states.push([st.canUndo, st.canRedo]));
    h.run(s.add('a'));
    h.run(s.add('b'));
    h.undo();
    expect(s.items).toEqual(['a']);
    h.redo();
    expect(s.items).toEqual(['a', 'b']);
    h.undo();
    h.run(s.add('c'));
    expect(h.state).toEqual({ canUndo: true, canRedo: false });
    expect(h.redo()).toBeNull();
    expect(s.items).toEqual(['a', 'c']);
    expect(states.at(-1)).toEqual([true, false]);
  });

  it('record() keeps a step that already happened without re-applying it', () => {
    const s = scene();
    const h = new History();
    s.items.push('x');
    h.record(s.add('x'));
    expect(s.items).toEqual(['x']);
    h.undo();
    expect(s.items).toEqual([]);
  });

  it('compound steps revert in reverse order', () => {
    const log: string[] = [];
    const step = (n: string): Command => ({
      label: n,
      apply: () => log.push(`+${n}`),
      revert: () => log.push(`-${n}`),
    });
    const h = new History();
    h.run(compound('both', [step('clear'), step('import')]));
    h.undo();
    expect(log).toEqual(['+clear', '+import', '-import', '-clear']);
  });

  it('stays O(1) per step with thousands of steps, and honours the limit', () => {
    const s = scene();
    const h = new History(undefined, 1000);
    for (let i = 0; i < 5000; i++) h.run(s.add(String(i)));
    let undone = 0;
    while (h.undo()) undone++;
    expect(undone).toBe(1000);
    expect(s.items).toHaveLength(4000);
  });
});
