import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBody, createTask, getTask, output, post, raw, setup } from './helpers';
import type { Env } from './helpers';

let env: Env;
beforeEach(async () => {
  env = await setup({ limits: { createsPerSecond: 100 } });
});
afterEach(() => env.close());

const listed = async () =>
  (await raw(`${env.sim.baseUrl}/tasks`, { headers: { Authorization: `Bearer ${env.sim.apiKey}` } })).json.data as {
    task_id: string;
    gmt_create: number;
  }[];

/** A gateway that processes a create after the client's connection has died (issue 15 #3). */
describe("'late' create fault", () => {
  it('the client sees a reset; the task appears (queued, listed, billed) only afterMs later', async () => {
    const t0 = env.sim.clock.now();
    env.sim.faults.add({ route: 'create', fault: { kind: 'late', afterMs: 30_000 } });
    await expect(post(env, createBody({ parameters: { n: 2 } }, env.sketchUrl))).rejects.toThrow();
    expect(env.sim.counters.status('create', 'reset')).toBe(1);
    // Nothing exists yet: not in the list, not in the simulator's own view.
    expect(env.sim.tasks.ids()).toEqual([]);
    expect(await listed()).toEqual([]);
    const [upcoming] = env.sim.tasks.upcoming();
    expect(upcoming!.at).toBe(t0 + 30_000);
    expect(output(await getTask(env, upcoming!.id)).task_status).toBe('UNKNOWN');

    await env.sim.clock.advance(29_999);
    expect(await listed()).toEqual([]);
    await env.sim.clock.advance(1);
    expect(env.sim.tasks.ids()).toEqual([upcoming!.id]);
    expect(await listed()).toMatchObject([{ task_id: upcoming!.id, gmt_create: t0 + 30_000, status: 'PENDING' }]);
    await env.sim.clock.advance(120_000);
    const done = await getTask(env, upcoming!.id);
    expect(output(done).task_status).toBe('SUCCEEDED');
    expect(done.json.usage).toEqual({ image_count: 2 });
  });

  it("afterMs 'never': reset, and no task ever", async () => {
    env.sim.faults.add({ route: 'create', fault: { kind: 'late', afterMs: 'never' } });
    await expect(post(env, createBody({}, env.sketchUrl))).rejects.toThrow();
    await env.sim.clock.advance(3600_000);
    expect([env.sim.tasks.ids(), env.sim.tasks.upcoming(), await listed()]).toEqual([[], [], []]);
  });

  it("differs from reset 'after', where the task exists at once", async () => {
    env.sim.faults.add({ route: 'create', fault: { kind: 'reset', when: 'after' } });
    await expect(post(env, createBody({}, env.sketchUrl))).rejects.toThrow();
    expect(env.sim.tasks.ids()).toHaveLength(1);
    expect(await listed()).toHaveLength(1);
  });

  it('a late task queues in submission order: behind a task sent after the lost create but before it appeared', async () => {
    env.sim.runTimes.enqueue(60_000, 20_000);
    env.sim.faults.add({ route: 'create', fault: { kind: 'late', afterMs: 10_000 } });
    await expect(post(env, createBody({}, env.sketchUrl))).rejects.toThrow();
    const late = env.sim.tasks.upcoming()[0]!.id;
    await env.sim.clock.advance(1000);
    const retry = await createTask(env);
    await env.sim.clock.advance(10_000);
    expect(output(await getTask(env, retry)).task_status).toBe('RUNNING');
    expect(output(await getTask(env, late)).task_status).toBe('PENDING');
  });

  it('is set over /__sim/faults too; refused on other routes', async () => {
    const ctl = (body: unknown) =>
      raw(`${env.sim.origin}/__sim/faults`, { method: 'POST', body: JSON.stringify(body) });
    expect((await ctl({ route: 'create', fault: { kind: 'late', afterMs: 5000 } })).status).toBe(200);
    await expect(post(env, createBody({}, env.sketchUrl))).rejects.toThrow();
    expect((await raw(`${env.sim.origin}/__sim/state`)).json).toMatchObject({
      tasks: 0,
      upcoming: [{ at: env.sim.clock.now() + 5000 }],
    });
    expect((await ctl({ route: 'task.get', fault: { kind: 'late', afterMs: 5000 } })).status).toBe(400);
    expect((await ctl({ route: 'create', fault: { kind: 'late', afterMs: -1 } })).status).toBe(400);
  });
});
