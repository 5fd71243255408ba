import { describe, expect, it } from 'vitest';
import { createSimClock } from '../../sim';

describe('simulator clock', () => {
  it('manual: frozen until advanced; sleepers wake in due order, and a woken loop can sleep again inside the window', async () => {
    const c = createSimClock('manual', 1000);
    const woke: string[] = [];
    void c.sleep(300).then(() => woke.push(`b@${c.now()}`));
    void c.sleep(100).then(async () => {
      woke.push(`a@${c.now()}`);
      await c.sleep(100);
      woke.push(`a2@${c.now()}`);
    });
    expect(c.now()).toBe(1000);
    await c.advance(250);
    expect(woke).toEqual(['a@1100', 'a2@1200']);
    await c.advance(100);
    expect(woke).toEqual(['a@1100', 'a2@1200', 'b@1300']);
    expect(c.now()).toBe(1350);
    await expect(c.advance(-1)).rejects.toThrow(RangeError);
  });

  it('auto: a sleeping loop runs hours of simulated time without real waiting', async () => {
    const c = createSimClock('auto', 0);
    const t = Date.now();
    for (let i = 0; i < 3600; i++) await c.sleep(1000);
    expect(c.now()).toBe(3600_000);
    expect(Date.now() - t).toBeLessThan(5000);
  });

  it('real: follows the wall clock; advance jumps ahead and wakes sleepers early', async () => {
    const c = createSimClock('real');
    const before = c.now();
    let woke = false;
    const sleeping = c.sleep(60_000).then(() => (woke = true));
    await c.advance(60_000);
    await sleeping;
    expect(woke).toBe(true);
    expect(c.now() - before).toBeGreaterThanOrEqual(60_000);
    expect(c.now() - before).toBeLessThan(62_000);
  });

  it('rejects a sleep when its signal aborts', async () => {
    const c = createSimClock('manual', 0);
    const ac = new AbortController();
    const p = c.sleep(1000, ac.signal);
    ac.abort(new Error('stop'));
    await expect(p).rejects.toThrow('stop');
    expect(c.pendingSleepers()).toBe(0);
  });
});
