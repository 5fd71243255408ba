import { describe, expect, it } from 'vitest';
import {
  boxFromDrag,
  constrainLine,
  containInSquare,
  limitSize,
  pressureOutline,
} from '../../../src-renderer/src/features/canvas/core/geometry';

describe('geometry', () => {
  it('Shift snaps a line to 15° steps and keeps its length', () => {
    const end = constrainLine({ x: 0, y: 0 }, { x: 100, y: 8 });
    expect(end.x).toBeCloseTo(Math.hypot(100, 8));
    expect(end.y).toBeCloseTo(0);
    const diag = constrainLine({ x: 0, y: 0 }, { x: 50, y: 53 });
    expect(diag.x).toBeCloseTo(diag.y);
  });

  it('drag boxes: any direction, square with Shift, from the centre with Alt', () => {
    expect(boxFromDrag({ x: 10, y: 10 }, { x: 0, y: 30 })).toEqual({ left: 0, top: 10, width: 10, height: 20 });
    expect(boxFromDrag({ x: 10, y: 10 }, { x: 0, y: 30 }, { square: true })).toEqual({
      left: -10,
      top: 10,
      width: 20,
      height: 20,
    });
    expect(boxFromDrag({ x: 50, y: 50 }, { x: 60, y: 45 }, { fromCenter: true })).toEqual({
      left: 40,
      top: 45,
      width: 20,
      height: 10,
    });
  });

  it('letterboxes without stretching', () => {
    const b = containInSquare(1600, 900, 768);
    expect(b.width / b.height).toBeCloseTo(1600 / 900);
    expect(b).toMatchObject({ left: 0, width: 768 });
    expect(b.top).toBeCloseTo((768 - 432) / 2);
    const tall = containInSquare(300, 600, 768);
    expect(tall).toMatchObject({ top: 0, height: 768, width: 384, left: 192 });
  });

  it('scales down only what is over the limit', () => {
    expect(limitSize(4000, 1000, 2048)).toEqual({ width: 2048, height: 512 });
    expect(limitSize(800, 600, 2048)).toEqual({ width: 800, height: 600 });
  });

  it('pen pressure changes the outline width', () => {
    const pts = (p: number) => Array.from({ length: 10 }, (_, i) => ({ x: i * 10, y: 0, p }));
    const spread = (d: string) => {
      const ys = [...d.matchAll(/L [\d.-]+ ([\d.-]+)/g)].map((m) => Number(m[1]));
      return Math.max(...ys) - Math.min(...ys);
    };
    const light = spread(pressureOutline(pts(0.1), 20));
    const hard = spread(pressureOutline(pts(1), 20));
    expect(hard).toBeCloseTo(20, 0);
    expect(light).toBeLessThan(hard / 2);
    expect(pressureOutline([{ x: 5, y: 5, p: 0.5 }], 10)).toMatch(/^M .* A .* Z$/);
  });
});
