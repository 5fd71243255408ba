/**
 * A one-time step (moving secrets saved by an older version) that counts as done for one target
 * only: settled for the endpoint in settings, it runs again once the settings name another one,
 * so a question the user declined for one address is not asked again for it, and the next
 * address gets its own. A failed run (a locked keychain) is tried again on the next call.
 */
export class SettledFor {
  private settled: { readonly target: string; readonly done: Promise<void> } | null = null;

  run(target: string, step: () => Promise<void>): Promise<void> {
    if (this.settled?.target === target) return this.settled.done;
    const done = step().catch(() => {
      if (this.settled?.done === done) this.settled = null;
    });
    this.settled = { target, done };
    return done;
  }

  /** Forget what was settled (e.g. the keychain came back): the next call runs the step again. */
  reset(): void {
    this.settled = null;
  }
}
