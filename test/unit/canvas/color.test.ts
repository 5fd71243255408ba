import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_INK,
  isWhite,
  parseColor,
  sortColors,
  toHex,
} from '../../../src-renderer/src/features/canvas/core/color';
import { SWATCHES } from '../../../src-renderer/src/features/canvas/store';

describe('colours', () => {
  it('parses what fabric and the colour input produce', () => {
    expect(parseColor('#DC2626')).toEqual([220, 38, 38]);
    expect(parseColor('#abc')).toEqual([170, 187, 204]);
    expect(parseColor('rgb(1, 2, 3)')).toEqual([1, 2, 3]);
    expect(parseColor('rgba(1,2,3,0.5)')).toEqual([1, 2, 3]);
    expect(parseColor('red')).toBeNull();
    expect(parseColor('')).toBeNull();
  });
  it('round-trips hex and knows white is paper', () => {
    expect(toHex([0, 15, 255])).toBe('#000fff');
    expect(isWhite([255, 255, 255])).toBe(true);
    expect(isWhite([254, 255, 255])).toBe(false);
  });
  it('sorts dark to light for a stable sketch_color order', () => {
    expect(
      sortColors([
        [255, 0, 0],
        [0, 0, 0],
        [200, 200, 200],
      ]),
    ).toEqual([
      [0, 0, 0],
      [255, 0, 0],
      [200, 200, 200],
    ]);
  });
});

describe('the default ink', () => {
  const read = (file: string) =>
    readFileSync(join(import.meta.dirname, '../../../src-renderer/src/features/canvas', file), 'utf8');

  it('is the first swatch', () => {
    expect(SWATCHES[0]).toBe(DEFAULT_INK);
  });

  it('is written once: neither the controller nor the store starts from a colour literal of its own', () => {
    expect(read('core/controller.ts').match(/'#[0-9a-f]{3,8}'/gi)).toBeNull();
    expect(read('store.ts').match(/ref(<\w+>)?\('#[0-9a-f]{3,8}'\)/gi)).toBeNull();
  });
});
