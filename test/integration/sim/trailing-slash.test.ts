import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTask, output, raw, setup } from './helpers';
import type { Env } from './helpers';

let env: Env;
beforeEach(async () => {
  env = await setup({ limits: { createsPerSecond: 100 } });
});
afterEach(() => env.close());

const auth = () => ({ Authorization: `Bearer ${env.sim.apiKey}` });

/** DashScope's asyncio SDK builds `…/tasks/{id}/` and `…/tasks/{id}/cancel/`; the service answers both. */
describe('trailing slashes on task routes', () => {
  it('GET /tasks/{id}/ answers like /tasks/{id}', async () => {
    const id = await createTask(env);
    const r = await raw(`${env.sim.baseUrl}/tasks/${id}/`, { headers: auth() });
    expect(r.status).toBe(200);
    expect(output(r)).toMatchObject({ task_id: id, task_status: 'PENDING' });
    expect(env.sim.counters.get('task.get')).toBe(1);
    expect(env.sim.counters.get('not-found')).toBe(0);
  });

  it('POST /tasks/{id}/cancel/ cancels like /tasks/{id}/cancel', async () => {
    await createTask(env); // takes the account's one running slot
    const queued = await createTask(env);
    const r = await raw(`${env.sim.baseUrl}/tasks/${queued}/cancel/`, { method: 'POST', headers: auth() });
    expect([r.status, Object.keys(r.json)]).toEqual([200, ['request_id']]);
    expect((await env.sim.tasks.get(queued))?.status).toBe('CANCELED');
    expect(env.sim.counters.get('task.cancel')).toBe(1);
  });
});
