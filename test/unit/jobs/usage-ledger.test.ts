import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../../src-main/common/clock';
import { localDay, UsageLedger } from '../../../src-main/jobs/usage-ledger';

let dir: string;
let now = 0;
const clock: Clock = { now: () => now, sleep: async () => undefined };
const DAY = 86_400_000;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wss-ledger-'));
  now = new Date(2026, 0, 10, 12).getTime();
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('usage ledger', () => {
  it('counts each task once, also from a second ledger on the same file (a restart)', async () => {
    const path = join(dir, 'usage.json');
    const a = new UsageLedger(path, clock);
    expect(await a.record('t1', 4, now)).toBe(true);
    expect(await a.record('t1', 4, now)).toBe(false);
    await Promise.all([a.record('t2', 3, now), a.record('t2', 3, now)]);
    const b = new UsageLedger(path, clock);
    expect(await b.record('t1', 4, now)).toBe(false);
    const s = await b.summary();
    expect(s.totalImages).toBe(7);
    // Within the default free quota: nothing billed.
    expect(s.totalCostCny).toBe(0);
    expect(Object.keys((JSON.parse(await readFile(path, 'utf8')) as { tasks: object }).tasks)).toEqual(['t1', 't2']);
  });

  it('sums per local day and month, newest first; cost is CNY 0.06 an image beyond the free quota or after it expired', async () => {
    const l = new UsageLedger(join(dir, 'usage.json'), clock);
    // 3 free images, valid through January: task a uses them (1 of its 4 is paid), b is paid,
    // c comes after the quota expired.
    await l.setQuota({ images: 3, startsAt: new Date(2026, 0, 1).getTime(), days: 31 });
    const jan10 = new Date(2026, 0, 10, 23, 59).getTime();
    const jan11 = new Date(2026, 0, 11, 0, 1).getTime();
    const feb1 = new Date(2026, 1, 1, 9).getTime();
    await l.record('a', 4, jan10);
    await l.record('b', 2, jan11);
    await l.record('c', 1, feb1);
    const s = await l.summary();
    expect(s.days).toEqual([
      { day: '2026-02-01', images: 1, costCny: 0.06 },
      { day: '2026-01-11', images: 2, costCny: 0.12 },
      { day: '2026-01-10', images: 4, costCny: 0.06 },
    ]);
    expect(s.months).toEqual([
      { month: '2026-02', images: 1, costCny: 0.06 },
      { month: '2026-01', images: 6, costCny: 0.18 },
    ]);
    expect(s.totalCostCny).toBe(0.24);
    expect(s.quotaRemaining).toBe(0);
    expect(localDay(jan11)).toBe('2026-01-11');
  });

  it('has the 500-image, 180-day free quota by default; remaining and validity follow an edited quota', async () => {
    const path = join(dir, 'usage.json');
    const l = new UsageLedger(path, clock);
    await l.record('a', 4, now);
    let s = await l.summary();
    expect(s.quota).toEqual({ images: 500, startsAt: now, days: 180 });
    expect(s.quotaRemaining).toBe(496);
    expect(s.quotaExpired).toBe(false);
    s = await l.setQuota({ images: 3, startsAt: now - 10 * DAY, days: 30 });
    expect(s.quotaRemaining).toBe(0);
    now += 25 * DAY;
    expect((await new UsageLedger(path, clock).summary()).quotaExpired).toBe(true);
    expect((await new UsageLedger(path, clock).summary()).quota.images).toBe(3);
  });

  it('a failed write counts nothing, and the task counts once the disk works again', async () => {
    let fail = true;
    const l = new UsageLedger(join(dir, 'usage.json'), clock, async (p, d) => {
      if (fail) throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
      const { writeFileAtomic } = await import('../../../src-main/common/atomic-file');
      await writeFileAtomic(p, d);
    });
    await expect(l.record('a', 4, now)).rejects.toThrow('ENOSPC');
    expect((await l.summary()).totalImages).toBe(0);
    fail = false;
    expect(await l.record('a', 4, now)).toBe(true);
    expect((await l.summary()).totalImages).toBe(4);
  });
});
