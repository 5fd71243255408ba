import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBody, getTask, output, post, raw, setup } from './helpers';
import type { Env } from './helpers';

let env: Env;
beforeEach(async () => {
  env = await setup({ limits: { createsPerSecond: 100 } });
});
afterEach(() => env.close());

describe('fault injection', () => {
  it('answers 503 and 500 with DashScope bodies, 504 with a gateway page, for the requested number of times', async () => {
    env.sim.faults.add({ route: 'task.get', fault: { kind: 'status', status: 503 }, times: 2 });
    const id = '00000000-0000-4000-8000-000000000000';
    const a = await getTask(env, id);
    const b = await getTask(env, id);
    const c = await getTask(env, id);
    expect([a.status, b.status, c.status]).toEqual([503, 503, 200]);
    expect(a.json).toMatchObject({ code: 'ModelUnavailable', message: 'Model is unavailable, try again later.' });
    env.sim.faults.add({ route: 'task.get', fault: { kind: 'status', status: 500 } });
    expect((await getTask(env, id)).json).toMatchObject({ code: 'InternalError' });
    env.sim.faults.add({ route: 'task.get', fault: { kind: 'status', status: 504 } });
    const gw = await getTask(env, id);
    expect([gw.status, gw.headers.get('content-type'), gw.text.includes('504 Gateway Time-out')]).toEqual([
      504,
      'text/html',
      true,
    ]);
  });

  it('bursts 429s', async () => {
    env.sim.faults.add({ route: 'create', fault: { kind: 'status', status: 429 }, times: 3 });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await post(env, createBody({}, env.sketchUrl))).status);
    expect(statuses).toEqual([429, 429, 429, 200]);
  });

  it('resets before processing (no task) or after (task exists, client never hears)', async () => {
    env.sim.faults.add({ route: 'create', fault: { kind: 'reset' } });
    await expect(post(env, createBody({}, env.sketchUrl))).rejects.toThrow();
    expect(env.sim.tasks.ids()).toHaveLength(0);
    env.sim.faults.add({ route: 'create', fault: { kind: 'reset', when: 'after' } });
    await expect(post(env, createBody({}, env.sketchUrl))).rejects.toThrow();
    expect(env.sim.tasks.ids()).toHaveLength(1);
    expect(env.sim.counters.status('create', 'reset')).toBe(2);
  });

  it('drops the body after the headers', async () => {
    env.sim.faults.add({ route: 'create', fault: { kind: 'drop-body' } });
    const res = await fetch(`${env.sim.baseUrl}/services/aigc/image2image/image-synthesis`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${env.sim.apiKey}`, 'X-DashScope-Async': 'enable' },
      body: createBody({}, env.sketchUrl),
    });
    expect(res.status).toBe(200);
    await expect(res.text()).rejects.toThrow();
    expect(env.sim.tasks.ids()).toHaveLength(1);
  });

  it('delays responses by real time', async () => {
    env.sim.faults.add({ route: 'task.get', fault: { kind: 'delay', ms: 150 } });
    const t = Date.now();
    expect((await getTask(env, 'x')).status).toBe(200);
    expect(Date.now() - t).toBeGreaterThanOrEqual(140);
  });
});

describe('counters and HTTP controls', () => {
  it('counts every request per route and status', async () => {
    await post(env, createBody({}, env.sketchUrl));
    await post(env, createBody(), { Authorization: '' });
    await getTask(env, 'x');
    expect(env.sim.counters.get('create')).toBe(2);
    expect(env.sim.counters.status('create', 401)).toBe(1);
    expect(env.sim.counters.get('task.get')).toBe(1);
    env.sim.counters.reset();
    expect(env.sim.counters.get('create')).toBe(0);
  });

  it('drives clock, speed, faults, run times and outcomes under /__sim/', async () => {
    const ctl = (path: string, body?: unknown, method = 'POST') =>
      raw(`${env.sim.origin}/__sim${path}`, {
        method,
        headers: { 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    const before = env.sim.clock.now();
    expect((await ctl('/clock/advance', { ms: 5000 })).json.now).toBe(before + 5000);
    expect((await ctl('/speed', { factor: 10 })).json.speed).toBe(10);
    expect((await ctl('/run-times', { ms: [20_000] })).status).toBe(200);
    expect((await ctl('/outcomes', { outcomes: [{ kind: 'partial', failed: 1 }] })).status).toBe(200);
    const id = output(await post(env, createBody({ parameters: { n: 2 } }, env.sketchUrl))).task_id as string;
    await ctl('/clock/advance', { ms: 2100 }); // 20 s at 10× speed, plus scheduling
    expect(output(await getTask(env, id))).toMatchObject({
      task_status: 'SUCCEEDED',
      task_metrics: { TOTAL: 2, SUCCEEDED: 1, FAILED: 1 },
    });
    expect((await ctl(`/tasks/${id}`, undefined, 'GET')).json).toMatchObject({
      status: 'SUCCEEDED',
      runMs: 2000,
      sketch: { ok: true, width: 768 },
    });
    expect(
      (await ctl('/faults', { route: 'task.get', fault: { kind: 'status', status: 503 } })).json.id,
    ).toBeGreaterThan(0);
    expect((await getTask(env, id)).status).toBe(503);
    const state = await ctl('/state', undefined, 'GET');
    expect(state.json).toMatchObject({ speed: 10, clockMode: 'manual', tasks: 1 });
    expect((state.json.counters as Record<string, { total: number }>)['task.get']!.total).toBe(2);
    expect((await ctl('/nope', {})).status).toBe(404);
  });
});
