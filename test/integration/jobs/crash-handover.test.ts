// Issue 15: a crash between the gallery add and the job's final record. The entry holds three
// images and one lost (its link answered 403 "expired"); the record still says `downloading`.
// After a real SIGKILL at that moment and a restart on the same data folder, the job must say
// what the gallery holds (partial, 3 ok, 1 lost), not "done, 4 ok".
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../sim';
import { closeCrashBench, CrashChild, killWhenSync, openCrashBench } from './crash-process';

let sim: Simulator;
let work: string;

beforeAll(async () => {
  ({ sim, work } = await openCrashBench('wss-jobs-handover-', { speed: 20 }));
});

afterAll(() => closeCrashBench(sim, work));

/** Task ids of the generation folders on disk (`<gallery>/YYYY/MM/<id>/meta.json`). */
function galleryTaskIds(root: string): string[] {
  const out: string[] = [];
  if (!existsSync(root)) return out;
  for (const year of readdirSync(root).filter((n) => /^\d{4}$/.test(n))) {
    for (const month of readdirSync(join(root, year))) {
      for (const id of readdirSync(join(root, year, month))) {
        const meta = join(root, year, month, id, 'meta.json');
        if (existsSync(meta)) out.push((JSON.parse(readFileSync(meta, 'utf8')) as { taskId: string }).taskId);
      }
    }
  }
  return out;
}

/** meta.json of the task's generation folder, or null. */
function metaOf(root: string, taskId: string): { images: { index: number; status: string }[] } | null {
  if (!existsSync(root)) return null;
  for (const year of readdirSync(root).filter((n) => /^\d{4}$/.test(n))) {
    for (const month of readdirSync(join(root, year))) {
      for (const id of readdirSync(join(root, year, month))) {
        const file = join(root, year, month, id, 'meta.json');
        if (!existsSync(file)) continue;
        const meta = JSON.parse(readFileSync(file, 'utf8')) as {
          taskId: string;
          images: { index: number; status: string }[];
        };
        if (meta.taskId === taskId) return meta;
      }
    }
  }
  return null;
}

describe('SIGKILL between the gallery add and the final record', () => {
  it('the job ends as the gallery entry is (partial, 3 ok, 1 lost), not done 4 ok', { timeout: 240_000 }, async () => {
    const dataDir = join(work, 'data');
    const galleryRoot = join(dataDir, 'gallery');
    const config = {
      dataDir,
      baseUrl: sim.baseUrl,
      apiKey: sim.apiKey,
      jobsTuning: { poller: { plan: { earlyPolls: 20 } } },
    };
    const recordState = (id: string) =>
      (JSON.parse(readFileSync(join(dataDir, 'jobs', `${id}.json`), 'utf8')) as { state: string }).state;
    const landed: string[] = [];
    // The window is a record write long: a few tries, each a new job, until one kill lands in it.
    for (let attempt = 0; attempt < 5 && landed.length === 0; attempt++) {
      let child = await CrashChild.start(config);
      const before = sim.counters.requests('oss.result').length;
      sim.faults.add({
        route: 'oss.result',
        fault: { kind: 'status', status: 403, code: 'AccessDenied', message: 'Request has expired.' },
        times: 1,
      });
      const id = await child.enqueue(`handover-${attempt}`);
      // All four downloads answered: from here the child needs nothing from the simulator (which shares this loop).
      await child.waitFor(() => sim.counters.requests('oss.result').length - before >= 4, 'the downloads', 60_000);
      const taskId = child.jobs.find(([jobId]) => jobId === id)?.[2];
      expect(taskId).toBeTruthy();
      const seen = killWhenSync(child, () => galleryTaskIds(galleryRoot).includes(taskId!), 10_000);
      await child.kill();
      sim.faults.clear();
      if (seen && recordState(id) === 'downloading') landed.push(id);
      child = await CrashChild.start(config);
      await child.waitFor(
        () => ['done', 'partial', 'failed'].includes(child.jobs.find(([jobId]) => jobId === id)?.[1] ?? ''),
        'the job ends',
        60_000,
      );
      const report = await child.report();
      const job = report.jobs.find((j) => j.id === id)!;
      const entry = report.gallery.find((g) => g.taskId === taskId)!;
      // Whatever the kill met, the job tells what the gallery holds and the bill: 4 billed, 3 kept, 1 lost.
      expect(entry.images).toBe(3);
      expect(job).toMatchObject({
        state: 'partial',
        images: { ok: 3, failed: 0, lost: 1 },
        error: { code: 'jobs.resultExpired' },
        galleryId: entry.id,
      });
      expect(report.gallery.filter((g) => g.taskId === taskId)).toHaveLength(1);
      await child.exit();
    }
    expect(landed.length, 'a kill landed between the gallery add and the final record').toBeGreaterThan(0);
  });
});

describe('SIGKILL while an image is still coming', () => {
  it(
    'the partial entry survives the kill and is completed once the link answers again',
    { timeout: 120_000 },
    async () => {
      const dataDir = join(work, 'pending');
      const galleryRoot = join(dataDir, 'gallery');
      const config = {
        dataDir,
        baseUrl: sim.baseUrl,
        apiKey: sim.apiKey,
        jobsTuning: { poller: { plan: { earlyPolls: 20 } } },
      };
      // Image 4 of every task answers 503 until the rule goes.
      const rule = sim.faults.add({
        route: 'oss.result',
        match: { index: 3 },
        fault: { kind: 'status', status: 503 },
        times: 'always',
      });
      let child = await CrashChild.start(config);
      const id = await child.enqueue('pending');
      const taskOf = () => child.jobs.find(([jobId]) => jobId === id)?.[2] ?? null;
      await child.waitFor(
        () => {
          const taskId = taskOf();
          const meta = taskId ? metaOf(galleryRoot, taskId) : null;
          return meta?.images.map((i) => i.status).join() === 'ok,ok,ok,pending';
        },
        'an entry with three images and one pending',
        60_000,
      );
      const taskId = taskOf()!;
      await child.kill();
      expect((JSON.parse(readFileSync(join(dataDir, 'jobs', `${id}.json`), 'utf8')) as { state: string }).state).toBe(
        'downloading',
      );

      sim.faults.remove(rule);
      child = await CrashChild.start(config);
      await child.waitFor(
        () => ['done', 'partial', 'failed'].includes(child.jobs.find(([jobId]) => jobId === id)?.[1] ?? ''),
        'the job ends',
        60_000,
      );
      const report = await child.report();
      expect(report.jobs.find((j) => j.id === id)).toMatchObject({
        state: 'done',
        images: { ok: 4, failed: 0, lost: 0 },
        error: null,
      });
      expect(report.gallery.filter((g) => g.taskId === taskId)).toMatchObject([{ images: 4 }]);
      expect(metaOf(galleryRoot, taskId)?.images.map((i) => i.status)).toEqual(['ok', 'ok', 'ok', 'ok']);
      expect(report.usage.totalImages).toBe(4);
      await child.exit();
    },
  );
});
