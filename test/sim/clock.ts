import type { Clock } from '../../src-main/common/clock';

/**
 * The simulator's time, shareable with the client under test.
 * - `real`: wall clock plus an offset; `advance()` jumps ahead (24 h expiry in a millisecond).
 * - `manual`: frozen until `advance()`; sleepers wake in due order as time passes them.
 * - `auto`: virtual time that jumps straight to the earliest sleeper whenever something sleeps,
 *   so a single client loop (the benchmark's poller) runs hours of polling with no real waiting.
 */
export type ClockMode = 'real' | 'manual' | 'auto';

export interface SimClock extends Clock {
  readonly mode: ClockMode;
  /** Moves time forward, waking every sleeper whose time has come (in order). */
  advance(ms: number): Promise<void>;
  /** Sleepers currently waiting (for tests that step a loop deterministically). */
  pendingSleepers(): number;
}

interface Sleeper {
  due: number;
  seq: number;
  resolve: () => void;
}

/** Lets promise continuations run (and register their next sleep) before we move on. */
const settleMicrotasks = () => new Promise<void>((r) => setImmediate(r));

export function createSimClock(mode: ClockMode = 'real', startMs = Date.now()): SimClock {
  let virtual = startMs;
  let offset = 0;
  let seq = 0;
  let sleepers: Sleeper[] = [];
  let realTimer: NodeJS.Timeout | undefined;
  let autoScheduled = false;

  const now = () => (mode === 'real' ? Date.now() + offset : virtual);

  const wakeDue = () => {
    const t = now();
    const due = sleepers.filter((s) => s.due <= t).sort((a, b) => a.due - b.due || a.seq - b.seq);
    sleepers = sleepers.filter((s) => s.due > t);
    for (const s of due) s.resolve();
    armReal();
  };

  const armReal = () => {
    if (mode !== 'real') return;
    if (realTimer) clearTimeout(realTimer);
    realTimer = undefined;
    if (sleepers.length === 0) return;
    const next = Math.min(...sleepers.map((s) => s.due));
    realTimer = setTimeout(wakeDue, Math.max(0, next - now()));
    realTimer.unref?.();
  };

  const armAuto = () => {
    if (mode !== 'auto' || autoScheduled) return;
    autoScheduled = true;
    setImmediate(() => {
      autoScheduled = false;
      if (sleepers.length === 0) return;
      virtual = Math.max(virtual, Math.min(...sleepers.map((s) => s.due)));
      wakeDue();
      if (sleepers.length > 0) armAuto();
    });
  };

  const clock: SimClock = {
    mode,
    now,
    sleep(ms, signal) {
      return new Promise<void>((resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason);
        const sleeper: Sleeper = {
          due: now() + Math.max(0, ms),
          seq: seq++,
          resolve: () => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
          },
        };
        const onAbort = () => {
          sleepers = sleepers.filter((s) => s !== sleeper);
          armReal();
          reject(signal?.reason);
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        sleepers.push(sleeper);
        armReal();
        armAuto();
      });
    },
    async advance(ms) {
      if (ms < 0) throw new RangeError('The clock cannot go backwards.');
      if (mode === 'real') {
        offset += ms;
        wakeDue();
        await settleMicrotasks();
        return;
      }
      const target = virtual + ms;
      // Step sleeper by sleeper so a woken loop can schedule its next sleep inside the window.
      for (let guard = 0; guard < 1_000_000; guard++) {
        const next = sleepers.filter((s) => s.due <= target).sort((a, b) => a.due - b.due || a.seq - b.seq)[0];
        if (!next) break;
        virtual = Math.max(virtual, next.due);
        wakeDue();
        await settleMicrotasks();
      }
      virtual = target;
      wakeDue();
      await settleMicrotasks();
    },
    pendingSleepers: () => sleepers.length,
  };
  return clock;
}
