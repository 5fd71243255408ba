// Issue 15, the create side: a job costs exactly one DashScope task and every billed image ends
// up in the gallery, when a create's answer is lost and the server is late, its clock is off,
// its list lags, other keys and devices share the account, the user cancels or quits, or a day
// passes. Judged by what the bill and the user see: the simulator's tasks, billed images against
// gallery images, and the job's state and wait reason through the queue's public API.
import { afterEach, describe, expect, it } from 'vitest';
import type { JobsSnapshot, JobView } from '../../../src-preload/contract/domain/jobs';
import type { FetchLike } from '../../../src-main/common/fetch';
import { CREATE_PATH } from '../sim/helpers';
import { closeJobsTest, isFinal, jobsEnv, sketchRequest, startQueueApp, type JobsEnv, type QueueApp } from './helpers';
import { billedImages, galleryImages, outsideTask } from './settle-helpers';

let env: JobsEnv | null = null;
let app: QueueApp | null = null;

afterEach(() => closeJobsTest());

const byId = (s: JobsSnapshot, id: string) => s.jobs.find((j) => j.id === id)!;
const OURS: { accounts: { id: string; keys: { key: string; id: string }[] }[] } = {
  accounts: [
    {
      id: '1000000000000001',
      keys: [
        { key: 'sk-ours0000000000000000000000000000', id: '901' },
        { key: 'sk-other000000000000000000000000000', id: '902' },
      ],
    },
  ],
};
/** Real ms: the loop below waits for the app without moving a manual clock. */
const realWait = async (pred: () => boolean, what: string, ms = 15_000) => {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
};
/** Simulator tasks carrying this prompt (ours, not another device's). */
const tasksWithPrompt = async (e: JobsEnv, prompt: string) => {
  const all = await Promise.all(e.sim.tasks.ids().map((id) => e.sim.tasks.get(id)));
  return all.filter((t) => t?.prompt === prompt).map((t) => t!.id);
};
/** The whole bill is in the gallery: every task that billed images is a gallery entry with them. */
async function billEqualsGallery(e: JobsEnv, a: QueueApp): Promise<void> {
  const bill = await billedImages(e);
  await a.until(() => true, 'settle');
  const g = await galleryImages(a);
  expect(g.images, `billed ${bill}, gallery ${g.images}`).toBe(bill);
  expect((await a.usage()).totalImages).toBe(bill);
}

describe('a lost create answer is settled by the server, never guessed (issue 15)', { timeout: 60_000 }, () => {
  for (const [name, opts] of [
    ['PC clock 5 min behind the server', { serverClockOffsetMs: 5 * 60_000 }],
    ['PC clock 5 min ahead of the server', { serverClockOffsetMs: -5 * 60_000 }],
    [
      'dual boot: PC clock 7 h off, the list reading its window as UTC',
      { serverClockOffsetMs: -7 * 3_600_000, listUtcOffsetMinutes: 0 },
    ],
  ] as const) {
    it(`item 2: ${name}: the task the lost create made is found; one task, every image kept`, async () => {
      env = await jobsEnv(opts);
      env.sim.faults.add({ route: 'create', fault: { kind: 'reset', when: 'after' } });
      app = await startQueueApp(env.dataDir, env.sim);
      const { ids } = await app.call<{ ids: string[] }>('jobs.enqueue', await sketchRequest({ prompt: 'skewed' }));
      const job = byId(await app.until(isFinal, 'final', 30_000), ids[0]!);
      expect(env.sim.counters.arrived('create')).toBeGreaterThanOrEqual(1);
      expect(await tasksWithPrompt(env, 'skewed')).toEqual([job.taskId]);
      expect(job).toMatchObject({ state: 'done', images: { ok: 4, failed: 0, lost: 0 } });
      await billEqualsGallery(env, app);
    });
  }

  it('item 3: a create the gateway processes 20 s after the connection died is found by a later look; one task', async () => {
    env = await jobsEnv();
    env.sim.faults.add({ route: 'create', fault: { kind: 'late', afterMs: 20_000 } });
    app = await startQueueApp(env.dataDir, env.sim);
    const { ids } = await app.call<{ ids: string[] }>('jobs.enqueue', await sketchRequest({ prompt: 'late gateway' }));
    const job = byId(
      await app.until(
        (x) => isFinal(x) && env!.sim.tasks.upcoming().length === 0,
        'final, and the late create processed',
        30_000,
      ),
      ids[0]!,
    );
    expect(await tasksWithPrompt(env, 'late gateway')).toEqual([job.taskId]);
    expect(job).toMatchObject({ state: 'done', images: { ok: 4, failed: 0, lost: 0 } });
    await billEqualsGallery(env, app);
  });

  it('item 4: quit while settling keeps the create unknown on disk; the next start finds its task, one task', async () => {
    env = await jobsEnv({ clock: 'manual', listLagMs: 10 * 60_000 });
    env.sim.faults.add({ route: 'create', fault: { kind: 'reset', when: 'after' } });
    app = await startQueueApp(env.dataDir, env.sim);
    const { ids } = await app.call<{ ids: string[] }>(
      'jobs.enqueue',
      await sketchRequest({ prompt: 'quit while settling' }),
    );
    // The first look came back empty (the list lags); the app now waits for its next look.
    await realWait(
      () => env!.sim.counters.get('task.list') >= 1 && app!.job(ids[0]!).state === 'submitting',
      'the first look',
    );
    await new Promise((r) => setTimeout(r, 100));
    await app.close();
    app = null;
    env.sim.listLagMs = 0;
    app = await startQueueApp(env.dataDir, env.sim);
    const job = byId(await app.until(isFinal, 'final', 30_000), ids[0]!);
    expect(await tasksWithPrompt(env, 'quit while settling')).toEqual([job.taskId]);
    expect(job.state).toBe('done');
    await billEqualsGallery(env, app);
  });

  it('item 1: cancel while the create is unknown (task RUNNING): settled first, its images kept, nothing paid twice', async () => {
    env = await jobsEnv({ clock: 'manual' });
    env.sim.faults.add({ route: 'create', fault: { kind: 'reset', when: 'after' } });
    // The list fails for a while: the job stays `submitting`, between looks.
    env.sim.faults.add({
      route: 'task.list',
      fault: { kind: 'status', status: 503, code: 'ServiceUnavailable', message: 'busy' },
      times: 1_000_000,
    });
    app = await startQueueApp(env.dataDir, env.sim);
    const { ids } = await app.call<{ ids: string[] }>(
      'jobs.enqueue',
      await sketchRequest({ prompt: 'cancel while unknown' }),
    );
    await app.until(
      () => env!.sim.counters.get('task.list') >= 1 && app!.job(ids[0]!).state === 'submitting',
      'a failed look',
    );
    await app.call('jobs.cancel', { id: ids[0] });
    expect(app.job(ids[0]!).state).not.toBe('canceled');
    env.sim.faults.clear();
    const job = byId(await app.until(isFinal, 'final', 30_000), ids[0]!);
    expect(await tasksWithPrompt(env, 'cancel while unknown')).toEqual([job.taskId]);
    expect(job).toMatchObject({ state: 'done', cancelRequested: true, images: { ok: 4, failed: 0, lost: 0 } });
    await billEqualsGallery(env, app);
  });

  it('issue 17: a cancel while the lost create is being looked for answers settling (not "already running"); one task, kept', async () => {
    // A manual clock: the app's looks wait for it, so the settling wait is seen however loaded the machine.
    env = await jobsEnv({ clock: 'manual' });
    env.sim.faults.add({ route: 'create', fault: { kind: 'late', afterMs: 20_000 } });
    app = await startQueueApp(env.dataDir, env.sim);
    const { ids } = await app.call<{ ids: string[] }>(
      'jobs.enqueue',
      await sketchRequest({ prompt: 'cancel while looking' }),
    );
    await app.until((s) => byId(s, ids[0]!).wait?.reason === 'settling', 'the app looking for the lost create');
    expect(await app.call('jobs.cancel', { id: ids[0] })).toEqual({ outcome: 'settling' });
    expect(app.job(ids[0]!)).toMatchObject({ state: 'submitting', cancelRequested: true });
    const job = byId(
      await app.until(
        (x) => isFinal(x) && env!.sim.tasks.upcoming().length === 0,
        'final, and the late create processed',
        30_000,
      ),
      ids[0]!,
    );
    expect(await tasksWithPrompt(env, 'cancel while looking')).toEqual([job.taskId]);
    await billEqualsGallery(env, app);
  });

  it('item 1: cancel while the create is unknown (task PENDING): found, then canceled on the server; nothing billed', async () => {
    env = await jobsEnv({ clock: 'manual' });
    await outsideTask(env, { runMs: 3_600_000, prompt: 'blocker' });
    // Made well before our send (a task of the same key seconds before it is a real ambiguity, asked about).
    await env.sim.clock.advance(30_000);
    env.sim.faults.add({ route: 'create', fault: { kind: 'reset', when: 'after' } });
    env.sim.faults.add({
      route: 'task.list',
      fault: { kind: 'status', status: 503, code: 'ServiceUnavailable', message: 'busy' },
      times: 1_000_000,
    });
    app = await startQueueApp(env.dataDir, env.sim);
    const { ids } = await app.call<{ ids: string[] }>(
      'jobs.enqueue',
      await sketchRequest({ prompt: 'cancel pending' }),
    );
    await app.until(
      () => env!.sim.counters.get('task.list') >= 1 && app!.job(ids[0]!).state === 'submitting',
      'a failed look',
    );
    await app.call('jobs.cancel', { id: ids[0] });
    env.sim.faults.clear();
    const job = byId(await app.until(isFinal, 'final', 30_000), ids[0]!);
    expect(job.state).toBe('canceled');
    const ours = await tasksWithPrompt(env, 'cancel pending');
    expect(ours).toHaveLength(1);
    // Hours later the blocker is long done; our task never ran and billed nothing.
    await env.sim.clock.advance(3 * 3_600_000);
    const res = await fetch(`${env.sim.baseUrl}/tasks/${ours[0]}`, {
      headers: { Authorization: `Bearer ${env.sim.apiKey}` },
    });
    expect(((await res.json()) as { output: { task_status: string } }).output.task_status).toBe('CANCELED');
  });

  it('item 7: a task another key of the account made just before ours is never adopted', async () => {
    env = await jobsEnv(OURS);
    app = await startQueueApp(env.dataDir, env.sim);
    // One ordinary job first: the app learns which key is ours from its list entry.
    await app.call('jobs.enqueue', await sketchRequest({ prompt: 'first' }));
    await app.until(isFinal, 'first job', 30_000);
    const foreign = await outsideTask(env, { apiKey: 'sk-other000000000000000000000000000' });
    env.sim.faults.add({ route: 'create', fault: { kind: 'reset', when: 'after' } });
    const { ids } = await app.call<{ ids: string[] }>('jobs.enqueue', await sketchRequest({ prompt: 'mine' }));
    const job = byId(await app.until(isFinal, 'final', 30_000), ids[0]!);
    expect(job.state).toBe('done');
    expect(await tasksWithPrompt(env, 'mine')).toEqual([job.taskId]);
    expect(job.taskId).not.toBe(foreign);
    expect((await galleryImages(app)).taskIds).not.toContain(foreign);
  });

  it('item 7 / ask: two unclaimed candidates → the user is asked (with their images), the queue goes on; "this one is mine" collects it', async () => {
    env = await jobsEnv();
    // Our create is processed, another device with the same key makes a task, and our answer is lost.
    let armed = true;
    let other = '';
    const f: FetchLike = async (input, init) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      if (armed && init?.method === 'POST' && url.endsWith(CREATE_PATH)) {
        armed = false;
        await (await fetch(url, { ...init, signal: null })).text();
        other = await outsideTask(env!, { prompt: 'other device' });
        throw new TypeError('fetch failed', {
          cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
        });
      }
      return fetch(input, init);
    };
    app = await startQueueApp(env.dataDir, env.sim, { fetch: f });
    const a = (await app.call<{ ids: string[] }>('jobs.enqueue', await sketchRequest({ prompt: 'ambiguous' }))).ids[0]!;
    const b = (await app.call<{ ids: string[] }>('jobs.enqueue', await sketchRequest({ prompt: 'behind it' }))).ids[0]!;
    const s = await app.until(
      (x) => byId(x, a).wait?.reason === 'chooseTask' && byId(x, b).state === 'done',
      'asked, and the next job done',
      30_000,
    );
    const asked = byId(s, a);
    const mine = (await tasksWithPrompt(env, 'ambiguous'))[0]!;
    expect(asked.state).toBe('submitting');
    if (asked.wait?.reason !== 'chooseTask') throw new Error('not asked');
    expect(asked.wait.candidates.map((c) => c.taskId).sort()).toEqual([mine, other].sort());
    // The task query gives their images, so the user can tell.
    await app.until(
      (x) => {
        const w = byId(x, a).wait;
        return w?.reason === 'chooseTask' && w.candidates.every((c) => c.images.length === 4);
      },
      'candidate images',
      30_000,
    );
    // Shrunk by main into data URLs: the window loads nothing remote.
    const shown = byId(app.snapshot(), a).wait;
    if (shown?.reason !== 'chooseTask') throw new Error('not asked');
    for (const c of shown.candidates) for (const src of c.images) expect(src).toMatch(/^data:image\/webp;base64,/);
    await app.call('jobs.settle', { id: a, taskId: mine });
    const job = byId(await app.until(isFinal, 'final', 30_000), a);
    expect(job).toMatchObject({ state: 'done', taskId: mine, images: { ok: 4, failed: 0, lost: 0 } });
    expect((await galleryImages(app)).taskIds).not.toContain(other);
    expect(await tasksWithPrompt(env, 'ambiguous')).toEqual([mine]);
  });

  it('ask: "none of these, send again" makes one new task and adopts neither candidate', async () => {
    env = await jobsEnv();
    let armed = true;
    const f: FetchLike = async (input, init) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      if (armed && init?.method === 'POST' && url.endsWith(CREATE_PATH)) {
        armed = false;
        // Never reaches the server; meanwhile two tasks appear that are not this job's.
        await outsideTask(env!, { prompt: 'device one' });
        await outsideTask(env!, { prompt: 'device two' });
        throw new TypeError('fetch failed', {
          cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
        });
      }
      return fetch(input, init);
    };
    app = await startQueueApp(env.dataDir, env.sim, { fetch: f });
    const a = (await app.call<{ ids: string[] }>('jobs.enqueue', await sketchRequest({ prompt: 'none of these' })))
      .ids[0]!;
    await app.until((x) => byId(x, a).wait?.reason === 'chooseTask', 'asked', 30_000);
    await app.call('jobs.settle', { id: a, taskId: null });
    const job = byId(await app.until(isFinal, 'final', 30_000), a);
    expect(job.state).toBe('done');
    expect(await tasksWithPrompt(env, 'none of these')).toEqual([job.taskId]);
    expect((await galleryImages(app)).taskIds).toEqual([job.taskId]);
  });

  it('item 7: a lost create that cannot be settled (the list keeps failing) holds the queue only for the settle period; the next job runs', async () => {
    env = await jobsEnv();
    env.sim.faults.add({ route: 'create', fault: { kind: 'reset', when: 'after' } });
    env.sim.faults.add({
      route: 'task.list',
      fault: { kind: 'status', status: 503, code: 'ServiceUnavailable', message: 'busy' },
      times: 1_000_000,
    });
    app = await startQueueApp(env.dataDir, env.sim);
    const a = (await app.call<{ ids: string[] }>('jobs.enqueue', await sketchRequest({ prompt: 'unsettled' }))).ids[0]!;
    const b = (await app.call<{ ids: string[] }>('jobs.enqueue', await sketchRequest({ prompt: 'next in line' })))
      .ids[0]!;
    const s = await app.until((x) => byId(x, b).state === 'done', 'the next job done', 30_000);
    // A is still unsettled: never sent again, never expired.
    expect(byId(s, a).state).toBe('submitting');
    expect(await tasksWithPrompt(env, 'unsettled')).toHaveLength(1);
    env.sim.faults.clear();
    const done = await app.until(isFinal, 'A settled once the list answers', 30_000);
    expect(byId(done, a).state).toBe('done');
    expect(await tasksWithPrompt(env, 'unsettled')).toEqual([byId(done, a).taskId]);
    await billEqualsGallery(env, app);
  });

  it('a submitting job 23 h 55 min old is looked for, not expired without a look: adopted and collected', async () => {
    env = await jobsEnv({ clock: 'manual' });
    env.sim.faults.add({ route: 'create', fault: { kind: 'reset', when: 'after' } });
    env.sim.faults.add({
      route: 'task.list',
      fault: { kind: 'status', status: 503, code: 'ServiceUnavailable', message: 'busy' },
      times: 1_000_000,
    });
    app = await startQueueApp(env.dataDir, env.sim);
    const { ids } = await app.call<{ ids: string[] }>('jobs.enqueue', await sketchRequest({ prompt: 'a day later' }));
    await app.until(
      () => env!.sim.counters.get('task.list') >= 1 && app!.job(ids[0]!).state === 'submitting',
      'a failed look',
    );
    await app.close();
    app = null;
    env.sim.faults.clear();
    await env.sim.clock.advance(23 * 3_600_000 + 55 * 60_000);
    app = await startQueueApp(env.dataDir, env.sim);
    const job = byId(await app.until(isFinal, 'final', 30_000), ids[0]!);
    expect(await tasksWithPrompt(env, 'a day later')).toEqual([job.taskId]);
    expect(job).toMatchObject({ state: 'done', images: { ok: 4, failed: 0, lost: 0 } });
    await billEqualsGallery(env, app);
  });

  it('sweep: a create processed after the whole settle period is paid and kept, as a recovered generation', async () => {
    env = await jobsEnv();
    env.sim.faults.add({ route: 'create', fault: { kind: 'late', afterMs: 5 * 60_000 } });
    app = await startQueueApp(env.dataDir, env.sim, { jobsTuning: { settle: { looksMs: [0, 1000, 2000] } } });
    const { ids } = await app.call<{ ids: string[] }>(
      'jobs.enqueue',
      await sketchRequest({ prompt: 'very late gateway' }),
    );
    const s = await app.until((x) => x.jobs.length === 2 && isFinal(x), 'the job and the recovered one', 30_000);
    const ours = await tasksWithPrompt(env, 'very late gateway');
    expect(ours).toHaveLength(2);
    const recovered = s.jobs.find((j) => j.id !== ids[0]) as JobView;
    expect(recovered.recoveredFrom).toBe(ids[0]);
    expect([byId(s, ids[0]!).taskId, recovered.taskId].sort()).toEqual([...ours].sort());
    expect(s.jobs.every((j) => j.state === 'done')).toBe(true);
    await billEqualsGallery(env, app);
    expect(await billedImages(env)).toBe(8);
  });
});
