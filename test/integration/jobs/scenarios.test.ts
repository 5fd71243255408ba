import { afterEach, describe, expect, it } from 'vitest';
import { makeSketch, startFileServer } from '../../sim/fixtures';
import { createBody, CREATE_PATH } from '../sim/helpers';
import {
  closeJobsTest,
  first,
  isFinal,
  jobsEnv,
  sketchRequest,
  startQueueApp,
  type JobsEnv,
  type QueueApp,
} from './helpers';

let env: JobsEnv | null = null;
let app: QueueApp | null = null;
const closers: (() => Promise<void>)[] = [];

afterEach(() => closeJobsTest(closers));

const simTasks = async (e: JobsEnv) => {
  const all = await Promise.all(e.sim.tasks.ids().map((id) => e.sim.tasks.get(id)));
  return all.filter((t) => t !== undefined).sort((a, b) => a.submitAt - b.submitAt);
};

/** Some other task of the account's that holds the one running slot for `ms` (sim time). */
async function blockerTask(e: JobsEnv, ms: number): Promise<string> {
  e.sim.runTimes.enqueue(ms);
  const files = await startFileServer();
  files.put('/sketch.png', await makeSketch({}));
  closers.push(() => files.close());
  const sketch = files.url('/sketch.png');
  const res = await fetch(`${e.sim.baseUrl}${CREATE_PATH}`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${e.sim.apiKey}`,
      'X-DashScope-Async': 'enable',
      'Content-Type': 'application/json',
    },
    body: createBody({}, sketch),
  });
  const body = (await res.json()) as { output: { task_id: string } };
  return body.output.task_id;
}

describe('job queue scenarios against the simulator', () => {
  it('Explore: several variants share a set id, run one task at a time, one create each', async () => {
    env = await jobsEnv();
    app = await startQueueApp(env.dataDir, env.sim);
    const req = await sketchRequest(
      {},
      { variants: [{ style: '<anime>' }, { style: '<watercolor>' }, { sketchWeight: 2 }] },
    );
    const { ids, setId } = await app.call<{ ids: string[]; setId: string | null }>('jobs.enqueue', req);
    expect(ids).toHaveLength(3);
    expect(setId).toMatch(/^s-/);
    const s = await app.until(isFinal, 'all final', 30_000);
    expect(s.jobs.map((j) => j.state)).toEqual(['done', 'done', 'done']);
    expect(new Set(s.jobs.map((j) => j.setId))).toEqual(new Set([setId]));
    expect(env.sim.counters.get('create')).toBe(3);
    // The simulator enforces 2 creates/s and 1 running task: the queue never met either limit.
    expect(env.sim.counters.status('create', 429)).toBe(0);
    // Never two unfinished tasks at once: each create went out after the previous task ended.
    const tasks = await simTasks(env);
    for (let i = 1; i < tasks.length; i++) expect(tasks[i]!.submitAt).toBeGreaterThanOrEqual(tasks[i - 1]!.endAt!);
    expect(tasks.map((t) => t.style).sort()).toEqual(['<anime>', '<auto>', '<watercolor>']);
  });

  it('offline by the OS flag: waits as queued with the reason, runs when the flag returns', async () => {
    env = await jobsEnv();
    let online = false;
    const listeners = new Set<() => void>();
    app = await startQueueApp(env.dataDir, env.sim, {
      online: { isOnline: () => online, onChange: (l) => (listeners.add(l), () => listeners.delete(l)) },
    });
    await app.call('jobs.enqueue', await sketchRequest());
    const waiting = await app.until((s) => first(s).wait?.reason === 'offline', 'offline wait');
    expect(first(waiting).state).toBe('queued');
    expect(waiting.network).toMatchObject({ online: false, cause: 'os' });
    expect(env.sim.counters.get('create')).toBe(0);
    online = true;
    for (const l of listeners) l();
    const s = await app.until(isFinal, 'done after coming online');
    expect(first(s).state).toBe('done');
    expect(s.network.online).toBe(true);
  });

  it('offline by the probe (the endpoint does not answer): waits, then completes once it answers', async () => {
    env = await jobsEnv();
    env.sim.faults.add({ route: '*', fault: { kind: 'reset', when: 'before' }, times: 1_000_000 });
    app = await startQueueApp(env.dataDir, env.sim);
    await app.call('jobs.enqueue', await sketchRequest());
    const waiting = await app.until((s) => first(s).wait?.reason === 'offline', 'offline wait');
    expect(waiting.network).toMatchObject({ online: false, cause: 'probe' });
    expect(first(waiting).state).toBe('queued');
    env.sim.faults.clear();
    const s = await app.until(isFinal, 'done after the endpoint answers');
    expect(first(s).state).toBe('done');
    expect(env.sim.counters.get('create')).toBe(1);
  });

  it('a 429 storm backs off with the reason visible and ends done with one task', async () => {
    env = await jobsEnv({ clock: 'manual' });
    env.sim.faults.add({
      route: 'create',
      fault: {
        kind: 'status',
        status: 429,
        code: 'Throttling.RateQuota',
        message: 'Requests rate limit exceeded, please try again later.',
      },
      times: 12,
    });
    app = await startQueueApp(env.dataDir, env.sim);
    const seen: unknown[] = [];
    const { ids } = await app.call<{ ids: string[] }>('jobs.enqueue', await sketchRequest());
    const s = await app.until(
      (x) => {
        const w = x.jobs[0]?.wait;
        if (w?.reason === 'backoff') seen.push(w);
        return isFinal(x);
      },
      'done after the storm',
      30_000,
    );
    expect(first(s)).toMatchObject({ id: ids[0], state: 'done', images: { ok: 4, failed: 0, lost: 0 } });
    expect(seen.length).toBeGreaterThan(0);
    expect(seen[0]).toMatchObject({ reason: 'backoff', code: 'Throttling.RateQuota' });
    expect(env.sim.tasks.ids()).toHaveLength(1);
    expect(env.sim.counters.status('create', 429)).toBe(12);
  });

  it('a partial failure keeps the good images and says why the other failed', async () => {
    env = await jobsEnv();
    env.sim.outcomes.enqueue({ kind: 'partial', failed: 1 });
    app = await startQueueApp(env.dataDir, env.sim);
    await app.call('jobs.enqueue', await sketchRequest());
    const job = first(await app.until(isFinal, 'final'));
    expect(job).toMatchObject({ state: 'partial', images: { ok: 3, failed: 1, lost: 0 } });
    expect(job.error?.code).toBeTruthy();
    const meta = await app.services.gallery.get(job.galleryId!);
    expect(meta.status).toBe('partial');
    expect(meta.images.filter((i) => i.status === 'ok')).toHaveLength(3);
    expect(meta.imageCount).toBe(3);
  });

  it('DataInspectionFailed fails the job at once with the code, nothing retried', async () => {
    env = await jobsEnv({ blockedWords: ['forbidden'] });
    app = await startQueueApp(env.dataDir, env.sim);
    await app.call('jobs.enqueue', await sketchRequest({ prompt: 'a forbidden thing' }));
    const job = first(await app.until(isFinal, 'final'));
    expect(job).toMatchObject({ state: 'failed', error: { code: 'DataInspectionFailed' }, taskId: null });
    expect(env.sim.counters.get('create')).toBe(1);
    expect((await app.usage()).totalImages).toBe(0);
  });

  it('a bad key fails the job with a code that says so, and nothing is created', async () => {
    env = await jobsEnv();
    app = await startQueueApp(env.dataDir, env.sim, { apiKey: 'sk-not-the-right-key-000000000000' });
    await app.call('jobs.enqueue', await sketchRequest());
    const job = first(await app.until(isFinal, 'final'));
    expect(job.state).toBe('failed');
    // The key is the problem, not the upload credentials (issue 17 item 5).
    expect(['InvalidApiKey', 'secrets.keyInvalid']).toContain(job.error?.code);
    expect(env.sim.tasks.ids()).toHaveLength(0);
  });

  it('no key yet: waits with noApiKey, runs once a key is set', async () => {
    env = await jobsEnv();
    app = await startQueueApp(env.dataDir, env.sim, { apiKey: null });
    await app.call('jobs.enqueue', await sketchRequest());
    await app.until((s) => first(s).wait?.reason === 'noApiKey', 'noApiKey wait');
    await app.services.apiKey.set(env.sim.apiKey);
    expect(first(await app.until(isFinal, 'final')).state).toBe('done');
  });

  it('cancel of a task still PENDING on the server cancels it through the API', { timeout: 60_000 }, async () => {
    env = await jobsEnv();
    const blocker = await blockerTask(env, 3_600_000);
    // Made a minute before our creates: a same-key task made within a second of one would be a real ambiguity (asked).
    await env.sim.clock.advance(60_000);
    app = await startQueueApp(env.dataDir, env.sim);
    const { ids } = await app.call<{ ids: string[] }>('jobs.enqueue', await sketchRequest());
    const s = await app.until((x) => first(x).state === 'submitted', 'submitted');
    const taskId = first(s).taskId!;
    expect(await app.call('jobs.cancel', { id: ids[0] })).toEqual({ outcome: 'canceled' });
    expect(app.job(ids[0]!).state).toBe('canceled');
    expect(env.sim.counters.get('task.cancel')).toBe(1);
    const res = await fetch(`${env.sim.baseUrl}/tasks/${taskId}`, {
      headers: { Authorization: `Bearer ${env.sim.apiKey}` },
    });
    expect(((await res.json()) as { output: { task_status: string } }).output.task_status).toBe('CANCELED');
    expect(blocker).toBeTruthy();
    // A canceled job can be retried: a new task, the old one never adopted — not even when the
    // retry's create answer is lost and the list is searched for it (the old task is still listed).
    env.sim.faults.add({ route: 'create', fault: { kind: 'reset', when: 'after' } });
    await app.call('jobs.retry', { id: ids[0] });
    await app.call('jobs.setPaused', { paused: false });
    const again = first(await app.until(isFinal, 'the retry done', 40_000));
    expect(again).toMatchObject({ id: ids[0], state: 'done', images: { ok: 4, failed: 0, lost: 0 } });
    expect(again.taskId).not.toBe(taskId);
    expect(env.sim.tasks.ids().sort()).toEqual([blocker, taskId, again.taskId].sort());
    const old = await fetch(`${env.sim.baseUrl}/tasks/${taskId}`, {
      headers: { Authorization: `Bearer ${env.sim.apiKey}` },
    });
    expect(((await old.json()) as { output: { task_status: string } }).output.task_status).toBe('CANCELED');
  });

  it('cancel of a RUNNING task is refused with runningNotCancelable and its results are still collected', async () => {
    env = await jobsEnv();
    env.sim.runTimes.enqueue(600_000);
    app = await startQueueApp(env.dataDir, env.sim);
    const { ids } = await app.call<{ ids: string[] }>('jobs.enqueue', await sketchRequest());
    await app.until((x) => first(x).state === 'running', 'running');
    expect(await app.call('jobs.cancel', { id: ids[0] })).toEqual({ outcome: 'runningNotCancelable' });
    expect(app.job(ids[0]!).cancelRequested).toBe(true);
    const job = first(await app.until(isFinal, 'final', 30_000));
    expect(job).toMatchObject({ state: 'done', images: { ok: 4, failed: 0, lost: 0 }, cancelRequested: true });
    expect(job.galleryId).toBeTruthy();
  });

  it('a queued job cancels locally (kept as canceled), and clearFinished removes it', async () => {
    env = await jobsEnv();
    app = await startQueueApp(env.dataDir, env.sim);
    await app.call('jobs.setPaused', { paused: true });
    const { ids } = await app.call<{ ids: string[] }>('jobs.enqueue', await sketchRequest());
    await app.until((s) => first(s).wait?.reason === 'paused', 'paused');
    expect(await app.call('jobs.cancel', { id: ids[0] })).toEqual({ outcome: 'canceled' });
    expect(await app.call('jobs.cancel', { id: ids[0] })).toEqual({ outcome: 'alreadyFinal' });
    expect(env.sim.counters.get('create')).toBe(0);
    expect(await app.call('jobs.clearFinished')).toEqual({ removed: 1 });
    expect(app.snapshot().jobs).toHaveLength(0);
    expect(await app.callError('jobs.retry', { id: ids[0] })).toMatchObject({ code: 'jobs.notFound' });
  });

  it('moveToFront and front: run order follows', async () => {
    env = await jobsEnv();
    app = await startQueueApp(env.dataDir, env.sim);
    await app.call('jobs.setPaused', { paused: true });
    const a = (await app.call<{ ids: string[] }>('jobs.enqueue', await sketchRequest({ prompt: 'a' }))).ids[0]!;
    const b = (await app.call<{ ids: string[] }>('jobs.enqueue', await sketchRequest({ prompt: 'b' }))).ids[0]!;
    const c = (await app.call<{ ids: string[] }>('jobs.enqueue', await sketchRequest({ prompt: 'c' }, { front: true })))
      .ids[0]!;
    expect(app.snapshot().jobs.map((j) => j.id)).toEqual([c, a, b]);
    await app.call('jobs.moveToFront', { id: b });
    expect(app.snapshot().jobs.map((j) => j.id)).toEqual([b, c, a]);
    await app.call('jobs.setPaused', { paused: false });
    const s = await app.until(isFinal, 'final', 30_000);
    expect(s.jobs.every((j) => j.state === 'done')).toBe(true);
    const prompts = (await simTasks(env)).map((t) => t.prompt);
    expect(prompts).toEqual(['b', 'c', 'a']);
  });

  it('rejects a bad sketch and an over-long prompt sent straight to the channel; nothing is queued', async () => {
    env = await jobsEnv();
    app = await startQueueApp(env.dataDir, env.sim);
    const req = await sketchRequest();
    const sharp = (await import('sharp')).default;
    const wide = await sharp({ create: { width: 600, height: 300, channels: 3, background: '#fff' } })
      .png()
      .toBuffer();
    expect(
      await app.callError('jobs.enqueue', { ...req, sketch: `data:image/png;base64,${wide.toString('base64')}` }),
    ).toMatchObject({
      code: 'jobs.badSketch',
      params: { problem: 'notSquare', width: 600, height: 300 },
    });
    const tiny = await sharp({ create: { width: 100, height: 100, channels: 3, background: '#fff' } })
      .png()
      .toBuffer();
    expect(
      await app.callError('jobs.enqueue', { ...req, sketch: `data:image/png;base64,${tiny.toString('base64')}` }),
    ).toMatchObject({
      code: 'jobs.badSketch',
      params: { problem: 'tooSmall' },
    });
    const jpeg = await sharp({ create: { width: 512, height: 512, channels: 3, background: '#fff' } })
      .jpeg()
      .toBuffer();
    expect(
      await app.callError('jobs.enqueue', { ...req, sketch: `data:image/png;base64,${jpeg.toString('base64')}` }),
    ).toMatchObject({ code: 'jobs.badSketch' });
    const long = { ...req, variants: [{ ...req.variants[0]!, prompt: '山'.repeat(76) }] };
    expect((await app.callError('jobs.enqueue', long)).code).toBe('ipc.invalidPayload');
    expect(app.snapshot().jobs).toHaveLength(0);
  });
});

describe('job queue downloads', () => {
  it('the network going away while results download: the job waits offline, then finishes with every image', async () => {
    env = await jobsEnv({ clock: 'manual' });
    app = await startQueueApp(env.dataDir, env.sim);
    await app.call('jobs.enqueue', await sketchRequest());
    await app.until((s) => first(s).state === 'running', 'running');
    // Results and the reachability probe both stop answering.
    env.sim.faults.add({ route: 'oss.result', fault: { kind: 'reset', when: 'before' }, times: 1_000_000 });
    env.sim.faults.add({ route: 'not-found', fault: { kind: 'reset', when: 'before' }, times: 1_000_000 });
    const waiting = await app.until(
      (s) => first(s).state === 'downloading' && first(s).wait?.reason === 'offline',
      'offline while downloading',
      30_000,
    );
    expect(waiting.network).toMatchObject({ online: false, cause: 'probe' });
    env.sim.faults.clear();
    const job = first(await app.until(isFinal, 'done', 30_000));
    expect(job).toMatchObject({ state: 'done', images: { ok: 4, failed: 0, lost: 0 } });
  });
});
