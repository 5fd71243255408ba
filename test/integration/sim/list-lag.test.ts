import { afterEach, describe, expect, it } from 'vitest';
import { createTask, getTask, output, raw, setup } from './helpers';
import type { Env } from './helpers';

let env: Env;
afterEach(() => env.close());

const list = (q: Record<string, string> = {}) =>
  raw(`${env.sim.baseUrl}/tasks?${new URLSearchParams(q).toString()}`, {
    headers: { Authorization: `Bearer ${env.sim.apiKey}` },
  });
const listed = async (q: Record<string, string> = {}) =>
  ((await list(q)).json.data as { task_id: string }[]).map((d) => d.task_id);

describe('list index lag', () => {
  it('a new task is in the list only listLagMs after its gmt_create; the task query finds it at once', async () => {
    env = await setup({ listLagMs: 10_000 });
    const id = await createTask(env);
    expect(output(await getTask(env, id)).task_status).toBe('PENDING');
    expect(await listed()).toEqual([]);
    expect(await listed({ task_id: id })).toEqual([]);
    await env.sim.clock.advance(9_999);
    expect(await listed({ task_id: id })).toEqual([]);
    await env.sim.clock.advance(1);
    expect(await listed()).toEqual([id]);
    expect(await listed({ task_id: id })).toEqual([id]);
  });

  it('is settable at run time, in process and over /__sim/settings', async () => {
    env = await setup();
    const first = await createTask(env);
    expect(await listed()).toEqual([first]);
    env.sim.listLagMs = 5000;
    expect(await listed()).toEqual([]);
    const set = await raw(`${env.sim.origin}/__sim/settings`, {
      method: 'POST',
      body: JSON.stringify({ listLagMs: 0 }),
    });
    expect(set.json).toMatchObject({ listLagMs: 0 });
    expect(await listed()).toEqual([first]);
    expect(
      (await raw(`${env.sim.origin}/__sim/settings`, { method: 'POST', body: JSON.stringify({ listLagMs: -1 }) }))
        .status,
    ).toBe(400);
  });
});
