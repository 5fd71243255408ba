import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { COLORS, finalStates, jobsEnv, sketchRequest, startQueueApp, type JobsEnv, type QueueApp } from './helpers';

let env: JobsEnv;
let app: QueueApp | null = null;

afterEach(async () => {
  await app?.close();
  app = null;
  await env?.close();
});

describe('job queue against the simulator', () => {
  it('runs a job to done: one create carrying the drawn colours, four images in the gallery, usage counted', async () => {
    env = await jobsEnv();
    app = await startQueueApp(env.dataDir, env.sim);
    const { ids, setId } = await app.call<{ ids: string[]; setId: string | null }>('jobs.enqueue', await sketchRequest());
    expect(ids).toHaveLength(1);
    expect(setId).toBeNull();
    const s = await app.until((x) => finalStates.has(x.jobs[0]!.state), 'job final');
    const job = s.jobs[0]!;
    expect(job).toMatchObject({ state: 'done', images: { ok: 4, failed: 0, lost: 0 }, error: null });
    expect(env.sim.counters.get('create')).toBe(1);
    const task = await env.sim.tasks.get(job.taskId!);
    expect(task?.sketchColor).toEqual(COLORS);
    const entry = await app.services.gallery.get(job.galleryId!);
    expect(entry.images.filter((i) => i.status === 'ok')).toHaveLength(4);
    expect(entry.taskId).toBe(job.taskId);
    const usage = await app.usage();
    expect(usage.totalImages).toBe(4);
    expect(usage.totalCostCny).toBeCloseTo(0.24);
    // The record on disk is final too.
    expect((await readdir(join(env.dataDir, 'jobs'))).filter((n) => n.endsWith('.json') && !n.includes('scene'))).toHaveLength(1);
  });
});
