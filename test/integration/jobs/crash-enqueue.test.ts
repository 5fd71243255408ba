// An Explore click is one enqueue of many variants (one sketch, one set id). A SIGKILL while its
// job records are being written must not leave part of the set: the window never got an answer,
// so after the restart the user sees the whole set or none of it — a partial set would run jobs
// nobody can tell were asked for, and a second click would queue (and pay for) them again.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENQUEUE_MAX_VARIANTS } from '../../../src-preload/contract/domain/jobs';
import type { Simulator } from '../../sim';
import { closeCrashBench, CrashChild, openCrashBench } from './crash-process';

let sim: Simulator;
let work: string;

beforeAll(async () => {
  ({ sim, work } = await openCrashBench('wss-jobs-crash-enqueue-', { speed: 3 }));
});

afterAll(() => closeCrashBench(sim, work));

describe('SIGKILL during an Explore enqueue', () => {
  it('leaves the whole set or none of it', async () => {
    const dataDir = join(work, 'data');
    const records = () => {
      try {
        return readdirSync(join(dataDir, 'jobs')).filter((n) => /^j-[a-z0-9-]+\.json$/.test(n)).length;
      } catch {
        return 0;
      }
    };
    const config = { dataDir, baseUrl: sim.baseUrl, apiKey: sim.apiKey };
    const child = await CrashChild.start(config);
    child.send(`enqueue-set explore ${ENQUEUE_MAX_VARIANTS}`);
    // Blocking on purpose: the kill must follow the sight of the records at once.
    const end = Date.now() + 10_000;
    let seen = 0;
    while ((seen = records()) < 1 && Date.now() < end) {
      /* spin */
    }
    process.kill(child.pid, 'SIGKILL');
    if (process.env.JOBS_CRASH_DEBUG) console.log({ seen, after: records() });
    await child.kill();
    const atKill = records();
    // The kill landed while the set was being written.
    expect(atKill).toBeGreaterThan(0);
    expect(atKill).toBeLessThan(ENQUEUE_MAX_VARIANTS);
    expect(child.lines.some((l) => l.startsWith('enqueued '))).toBe(false);

    const again = await CrashChild.start(config);
    const report = await again.report();
    await again.exit();
    expect(
      [0, ENQUEUE_MAX_VARIANTS],
      `${report.jobs.length} of ${ENQUEUE_MAX_VARIANTS} jobs after the restart`,
    ).toContain(report.jobs.length);
  }, 60_000);
});
