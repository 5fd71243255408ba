import { describe, expect, it } from 'vitest';
import { firstFreeName } from '../../../src-renderer/src/features/canvas/drafts/names';

const en = (n: number) => (n === 1 ? 'Untitled sketch' : `Untitled sketch ${n}`);
const zh = (n: number) => (n === 1 ? '未命名草图' : `未命名草图 ${n}`);

describe('new draft names', () => {
  it('numbers from 2 once the plain name is taken', () => {
    expect(firstFreeName([], en)).toBe('Untitled sketch');
    expect(firstFreeName(['Untitled sketch'], en)).toBe('Untitled sketch 2');
    expect(firstFreeName(['Untitled sketch', 'Untitled sketch 2', 'Cat'], en)).toBe('Untitled sketch 3');
  });
  it('takes the first free number, and only exact names count', () => {
    expect(firstFreeName(['Untitled sketch', 'Untitled sketch 3'], en)).toBe('Untitled sketch 2');
    expect(firstFreeName(['Untitled sketch 2', 'Untitled sketch (copy)'], en)).toBe('Untitled sketch');
  });
  it('in the UI language; a plain string is used as it is', () => {
    expect(firstFreeName(['未命名草图', 'Untitled sketch'], zh)).toBe('未命名草图 2');
    expect(firstFreeName(['Sketch'], 'Sketch')).toBe('Sketch');
  });
});
