import type { Canvas, FabricObject } from 'fabric';
import type { InkLayer } from './export';
import type { Command } from './history';
import type { InkCounter } from './scene';
import { quantizePath } from './stored-path';

/**
 * The undoable steps that change what is on the page. Each keeps the canvas, the ink colour
 * counts and the export layer in step, so undo and redo never leave one of them behind.
 */
export class PageCommands {
  constructor(
    private readonly canvas: Canvas,
    private readonly ink: InkCounter,
    private readonly layer: InkLayer,
  ) {}

  add(label: string, objs: readonly FabricObject[]): Command {
    const list = [...objs];
    for (const o of list) quantizePath(o);
    return {
      label,
      apply: () => {
        this.canvas.add(...list);
        for (const o of list) this.ink.add(o);
        this.layer.append(list);
      },
      revert: () => {
        this.canvas.remove(...list);
        for (const o of list) this.ink.add(o, -1);
        this.layer.invalidate();
      },
    };
  }

  remove(label: string, objs: readonly FabricObject[]): Command {
    const all = this.canvas.getObjects();
    // Indices keep z-order on undo; erasers only erase what is beneath them.
    const entries = objs.map((o) => ({ o, i: all.indexOf(o) })).sort((a, b) => a.i - b.i);
    return {
      label,
      apply: () => {
        this.canvas.remove(...entries.map((e) => e.o));
        for (const e of entries) this.ink.add(e.o, -1);
        this.layer.invalidate();
      },
      revert: () => {
        for (const e of entries) {
          this.canvas.insertAt(e.i, e.o);
          this.ink.add(e.o);
        }
        this.layer.invalidate();
      },
    };
  }

  /** One object swapped for another at the same place in the stack. */
  replace(label: string, from: FabricObject, to: FabricObject): Command {
    const swap = (a: FabricObject, b: FabricObject) => {
      const i = this.canvas.getObjects().indexOf(a);
      if (i < 0) return;
      this.canvas.remove(a);
      this.canvas.insertAt(i, b);
      this.ink.add(a, -1);
      this.ink.add(b);
      this.layer.invalidate();
    };
    return { label, apply: () => swap(from, to), revert: () => swap(to, from) };
  }
}
