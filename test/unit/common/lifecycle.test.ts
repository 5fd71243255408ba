import { describe, expect, it } from 'vitest';
import { Lifecycle } from '../../../src-main/common/lifecycle';

describe('Lifecycle', () => {
  it('starts in order, shuts down in reverse, each once', async () => {
    const log: string[] = [];
    const lc = new Lifecycle();
    for (const name of ['a', 'b']) {
      lc.add({
        name,
        start: async () => void log.push(`start ${name}`),
        shutdown: async () => void log.push(`stop ${name}`),
      });
    }
    await Promise.all([lc.start(), lc.start()]);
    expect(lc.current).toBe('running');
    await Promise.all([lc.shutdown(), lc.shutdown()]);
    expect(log).toEqual(['start a', 'start b', 'stop b', 'stop a']);
    expect(lc.current).toBe('stopped');
  });

  it('a participant that overruns the deadline is logged and does not hang shutdown', async () => {
    const errors: string[] = [];
    const lc = new Lifecycle((name, e) => errors.push(`${name}: ${(e as Error).message}`));
    let sawAbort = false;
    lc.add({
      name: 'slow',
      shutdown: (signal) =>
        new Promise<void>((resolve) => {
          signal.addEventListener('abort', () => {
            sawAbort = true;
            resolve();
          });
        }),
    });
    await lc.start();
    await lc.shutdown(50);
    expect(sawAbort).toBe(true);
    expect(errors).toEqual(['slow: did not finish before the shutdown deadline']);
  });

  it('a failing participant does not keep the others from stopping', async () => {
    const stopped: string[] = [];
    const lc = new Lifecycle(() => undefined);
    lc.add({ name: 'first', shutdown: async () => void stopped.push('first') });
    lc.add({
      name: 'broken',
      shutdown: async () => {
        throw new Error('boom');
      },
    });
    await lc.shutdown();
    expect(stopped).toEqual(['first']);
  });

  it('refuses participants added after start', async () => {
    const lc = new Lifecycle();
    await lc.start();
    expect(() => lc.add({ name: 'late' })).toThrow(/after start/);
  });
});
