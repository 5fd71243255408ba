import { describe, expect, it } from 'vitest';
import { CoalescedRun } from '../../../src-main/common/coalesced';

/** A step the test lets finish when it says so. */
function gatedSteps() {
  const gates: (() => void)[] = [];
  let runs = 0;
  const step = () => {
    runs++;
    return new Promise<void>((resolve) => gates.push(resolve));
  };
  const release = async () => {
    gates.shift()?.();
    await new Promise((r) => setImmediate(r));
  };
  return { step, release, runs: () => runs, waiting: () => gates.length };
}

describe('CoalescedRun', () => {
  it('runs one step at a time; requests during a step make exactly one more run', async () => {
    const s = gatedSteps();
    const run = new CoalescedRun({ step: s.step, stopped: () => false, onError: () => undefined });
    run.request();
    run.request();
    run.request();
    expect(s.runs()).toBe(1);
    await s.release();
    expect(s.runs()).toBe(2);
    await s.release();
    expect(s.runs()).toBe(2);
    expect(s.waiting()).toBe(0);
    run.request();
    expect(s.runs()).toBe(3);
  });

  it('a step that returns true runs again at once; stopped ends the loop and refuses new runs', async () => {
    let stopped = false;
    let n = 0;
    const run = new CoalescedRun({
      step: async () => {
        n++;
        if (n === 3) stopped = true;
        return true;
      },
      stopped: () => stopped,
      onError: () => undefined,
    });
    run.request();
    await new Promise((r) => setImmediate(r));
    expect(n).toBe(3);
    run.request();
    expect(n).toBe(3);
  });

  it('a failing step is reported and the next request runs again', async () => {
    const errors: unknown[] = [];
    let fail = true;
    let n = 0;
    const launched: Promise<void>[] = [];
    const run = new CoalescedRun({
      step: async () => {
        n++;
        if (fail) throw new Error('boom');
      },
      stopped: () => false,
      onError: (e) => errors.push(e),
      launch: (r) => void launched.push(r()),
    });
    run.request();
    await Promise.all(launched);
    expect(errors).toHaveLength(1);
    fail = false;
    run.request();
    await Promise.all(launched);
    expect(n).toBe(2);
    expect(launched).toHaveLength(2);
  });
});
