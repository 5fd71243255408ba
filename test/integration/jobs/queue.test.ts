import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { JobsSnapshotSchema, UsageSummarySchema } from '../../../src-preload/contract/domain/jobs';
import {
  closeJobsTest,
  COLORS,
  finalStates,
  jobsEnv,
  sketchRequest,
  startQueueApp,
  type JobsEnv,
  type QueueApp,
} from './helpers';

let env: JobsEnv;
let app: QueueApp | null = null;

afterEach(() => closeJobsTest());

describe('job queue against the simulator', () => {
  it('runs a job to done: one create carrying the drawn colours, four images in the gallery, usage counted', async () => {
    env = await jobsEnv();
    app = await startQueueApp(env.dataDir, env.sim);
    const { ids, setId } = await app.call<{ ids: string[]; setId: string | null }>(
      'jobs.enqueue',
      await sketchRequest(),
    );
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
    // What the renderer gets is what the contract says, and it was pushed.
    expect(() => JobsSnapshotSchema.parse(app!.snapshot())).not.toThrow();
    // Pushes are throttled (trailing edge, ~100 ms): the one that says done comes after the state changed.
    const lastPushed = () =>
      JobsSnapshotSchema.parse(app!.events.findLast((e) => e.event === 'jobs.changed')?.payload).jobs[0]?.state;
    await vi.waitFor(() => expect(lastPushed()).toBe('done'), { timeout: 2_000 });
    const pushed = app.events.filter((e) => e.event === 'jobs.changed').map((e) => JobsSnapshotSchema.parse(e.payload));
    const order = ['queued', 'uploading', 'uploaded', 'submitting', 'submitted', 'running', 'downloading', 'done'];
    const states = pushed.filter((p) => p.jobs.length > 0).map((p) => order.indexOf(p.jobs[0]!.state));
    // Throttled, so some states may be folded into the next push; never out of order, and the last says done.
    expect(states).toEqual([...states].sort((a, b) => a - b));
    expect(states.at(-1)).toBe(order.indexOf('done'));
    expect(new Set(states).size).toBeGreaterThanOrEqual(4);
    expect(UsageSummarySchema.parse(app.events.find((e) => e.event === 'usage.changed')?.payload).totalImages).toBe(4);
    // The record on disk is final too.
    expect(
      (await readdir(join(env.dataDir, 'jobs'))).filter((n) => n.endsWith('.json') && !n.includes('scene')),
    ).toHaveLength(1);
  });
});
