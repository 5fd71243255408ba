/**
 * A service with durable work: `start()` resumes it (the job queue picks up where it stopped),
 * `shutdown()` stops intake and finishes or persists what is in flight. Services join the one
 * Lifecycle in `createServices`; the shell calls it on before-quit, the harness on close.
 */
export interface LifecycleParticipant {
  readonly name: string;
  start?(): Promise<void>;
  /** Must stop accepting new work at once and settle by the signal's abort (the deadline). */
  shutdown?(signal: AbortSignal): Promise<void>;
}

export type LifecycleState = 'idle' | 'starting' | 'running' | 'stopping' | 'stopped';

export const DEFAULT_SHUTDOWN_DEADLINE_MS = 5_000;

export class Lifecycle {
  private readonly participants: LifecycleParticipant[] = [];
  private state: LifecycleState = 'idle';
  private started: Promise<void> | null = null;
  private stopped: Promise<void> | null = null;

  constructor(private readonly logError: (name: string, error: unknown) => void = () => undefined) {}

  get current(): LifecycleState {
    return this.state;
  }

  add(participant: LifecycleParticipant): void {
    if (this.state !== 'idle') throw new Error(`Cannot add ${participant.name} after start`);
    this.participants.push(participant);
  }

  /** Starts every participant in order; calling it again returns the same promise. */
  start(): Promise<void> {
    this.started ??= (async () => {
      this.state = 'starting';
      for (const p of this.participants) await p.start?.();
      if (this.state === 'starting') this.state = 'running';
    })();
    return this.started;
  }

  /**
   * Shuts every participant down in reverse order, all within one deadline. Once only: a second
   * call (before-quit fires again after the app re-quits) gets the first call's promise. A
   * participant that fails or overruns is logged and never keeps the others from stopping.
   */
  shutdown(deadlineMs = DEFAULT_SHUTDOWN_DEADLINE_MS): Promise<void> {
    this.stopped ??= (async () => {
      if (this.started) await this.started.catch(() => undefined);
      this.state = 'stopping';
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(new Error('shutdown deadline')), deadlineMs);
      timer.unref?.();
      const deadline = new Promise<void>((resolve) =>
        controller.signal.addEventListener('abort', () => resolve(), { once: true }),
      );
      try {
        for (const p of [...this.participants].reverse()) {
          if (!p.shutdown) continue;
          const done = p.shutdown(controller.signal).catch((e: unknown) => this.logError(p.name, e));
          await Promise.race([done, deadline]);
          if (controller.signal.aborted) {
            this.logError(p.name, new Error('did not finish before the shutdown deadline'));
            break;
          }
        }
      } finally {
        clearTimeout(timer);
        this.state = 'stopped';
      }
    })();
    return this.stopped;
  }
}
