/**
 * One undoable step. Commands hold references to the objects they add or remove, so undo
 * and redo cost O(objects touched), not a serialisation of the whole scene.
 */
export interface Command {
  readonly label: string;
  apply(): void;
  revert(): void;
}

export interface HistoryState {
  readonly canUndo: boolean;
  readonly canRedo: boolean;
}

/** Undo/redo stacks. `limit` bounds memory on very long sessions; the oldest steps go first. */
export class History {
  private done: Command[] = [];
  private undone: Command[] = [];

  constructor(
    private readonly onChange: (state: HistoryState) => void = () => undefined,
    private readonly limit = 5000,
  ) {}

  /** Records a command whose effect has already happened (e.g. a stroke fabric just added). */
  record(cmd: Command): void {
    this.done.push(cmd);
    if (this.done.length > this.limit) this.done.splice(0, this.done.length - this.limit);
    this.undone = [];
    this.notify();
  }

  /** Applies a command and records it. */
  run(cmd: Command): void {
    cmd.apply();
    this.record(cmd);
  }

  undo(): Command | null {
    const cmd = this.done.pop();
    if (!cmd) return null;
    cmd.revert();
    this.undone.push(cmd);
    this.notify();
    return cmd;
  }

  redo(): Command | null {
    const cmd = this.undone.pop();
    if (!cmd) return null;
    cmd.apply();
    this.done.push(cmd);
    this.notify();
    return cmd;
  }

  clear(): void {
    this.done = [];
    this.undone = [];
    this.notify();
  }

  get state(): HistoryState {
    return { canUndo: this.done.length > 0, canRedo: this.undone.length > 0 };
  }

  private notify(): void {
    this.onChange(this.state);
  }
}

/** Several commands as one step (e.g. an import that replaces the scene). */
export function compound(label: string, parts: readonly Command[]): Command {
  return {
    label,
    apply: () => parts.forEach((c) => c.apply()),
    revert: () => [...parts].reverse().forEach((c) => c.revert()),
  };
}
