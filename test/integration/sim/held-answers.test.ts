import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBody, createTask, getTask, output, post, raw, setup } from './helpers';
import type { Env } from './helpers';

let env: Env;
beforeEach(async () => {
  env = await setup({ limits: { createsPerSecond: 100 } });
});
afterEach(() => env.close());

/** Waits (real time) until `check` holds; the simulator works on its own event loop turns. */
async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
  if (!check()) throw new Error(`timed out waiting for ${what}`);
}

describe('held answers and the request log', () => {
  it("delay 'after' makes the task first and holds only the answer; 'arrived' counts the held request", async () => {
    env.sim.faults.add({ route: 'create', fault: { kind: 'delay', ms: 300, when: 'after' } });
    const answer = post(env, createBody({}, env.sketchUrl));
    await until(() => env.sim.tasks.ids().length === 1, 'the task');
    // The task exists while the client still waits: arrived, not yet answered.
    expect(env.sim.counters.arrived('create')).toBe(1);
    expect(env.sim.counters.get('create')).toBe(0);
    const r = await answer;
    expect(r.status).toBe(200);
    expect(output(r).task_id).toBe(env.sim.tasks.ids()[0]);
    expect(env.sim.counters.get('create')).toBe(1);
  });

  it('the default delay holds the request before anything happens', async () => {
    env.sim.faults.add({ route: 'create', fault: { kind: 'delay', ms: 200 } });
    const answer = post(env, createBody({}, env.sketchUrl));
    await until(() => env.sim.counters.arrived('create') === 1, 'the arrival');
    expect(env.sim.tasks.ids()).toHaveLength(0);
    expect((await answer).status).toBe(200);
    expect(env.sim.tasks.ids()).toHaveLength(1);
  });

  it('a client that leaves while its answer is held is logged as reset; the task stays', async () => {
    env.sim.faults.add({ route: 'create', fault: { kind: 'delay', ms: 200, when: 'after' } });
    const abort = new AbortController();
    const answer = fetch(`${env.sim.baseUrl}/services/aigc/image2image/image-synthesis`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${env.sim.apiKey}`, 'X-DashScope-Async': 'enable' },
      body: createBody({}, env.sketchUrl),
      signal: abort.signal,
    });
    await until(() => env.sim.tasks.ids().length === 1, 'the task');
    abort.abort();
    await expect(answer).rejects.toThrow();
    await until(() => env.sim.counters.get('create') === 1, 'the record');
    expect(env.sim.counters.status('create', 'reset')).toBe(1);
    expect(env.sim.tasks.ids()).toHaveLength(1);
  });

  it('logs answered requests with route, path, arrival and answer times, also over HTTP', async () => {
    env.sim.faults.add({ route: 'task.get', fault: { kind: 'delay', ms: 120 } });
    const before = Date.now();
    const id = '00000000-0000-4000-8000-000000000000';
    await raw(`${env.sim.baseUrl}/tasks/${id}?x=1`, { headers: { Authorization: `Bearer ${env.sim.apiKey}` } });
    const [entry] = env.sim.counters.requests('task.get');
    expect(entry).toMatchObject({ route: 'task.get', method: 'GET', path: `/api/v1/tasks/${id}`, status: 200 });
    expect(entry!.arrivedAt).toBeGreaterThanOrEqual(before);
    expect(entry!.answeredAt - entry!.arrivedAt).toBeGreaterThanOrEqual(100);
    const over = await raw(`${env.sim.origin}/__sim/requests?route=task.get`);
    expect((over.json.requests as unknown[]).length).toBe(1);
    env.sim.counters.reset();
    expect([env.sim.counters.requests(), env.sim.counters.arrived('task.get')]).toEqual([[], 0]);
  });

  it('prerenderResults renders the images while the task runs; the download serves those bytes', async () => {
    const pre = await setup({ prerenderResults: true });
    try {
      const id = await createTask(pre, { n: 2 });
      await until(() => pre.sim.state.renders.size === 2, 'the renders');
      // Nothing was downloaded: the renders come from the create alone.
      expect(pre.sim.counters.arrived('oss.result')).toBe(0);
      await pre.sim.clock.advance(60_000);
      const results = output(await getTask(pre, id)).results as { url: string }[];
      const bytes = Buffer.from(await (await fetch(results[1]!.url)).arrayBuffer());
      expect(bytes.equals(await pre.sim.state.renders.get(`${id}/1`)!)).toBe(true);
      expect(pre.sim.state.renders.size).toBe(2);
    } finally {
      await pre.close();
    }
    // Off by default: nothing rendered before a download.
    await createTask(env);
    await new Promise((r) => setTimeout(r, 50));
    expect(env.sim.state.renders.size).toBe(0);
  });
});
