import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTask, getTask, output, raw, setup } from './helpers';
import type { Env } from './helpers';

let env: Env;
beforeEach(async () => {
  env = await setup({
    limits: { createsPerSecond: 100 },
    accounts: [
      { id: '1000000000000001', keys: [{ key: 'sk-app', id: '150001' }, { key: 'sk-other' }] },
      { id: '2000000000000002', keys: [{ key: 'sk-stranger' }] },
    ],
  });
});
afterEach(() => env.close());

type Item = { task_id: string; api_key_id: string; status: string; model_name: string; gmt_create: number };
const list = async (q: Record<string, string> = {}, key = 'sk-app') =>
  (
    await raw(`${env.sim.baseUrl}/tasks?${new URLSearchParams(q).toString()}`, {
      headers: { Authorization: `Bearer ${key}` },
    })
  ).json.data as Item[];
const ctl = (path: string, body: unknown) =>
  raw(`${env.sim.origin}/__sim${path}`, { method: 'POST', body: JSON.stringify(body) });

/** Tasks on the same account made by others: another device with our key, another key (issue 15 #7). */
describe('foreign tasks', () => {
  it('appear in the list with their own api_key_id; each key has one stable id', async () => {
    const ours = await createTask(env); // the app's key, sk-app
    const otherDevice = await env.sim.foreign.create({ apiKey: 'sk-app' });
    const otherKey = await env.sim.foreign.create({ apiKey: 'sk-other' });
    const otherKey2 = await env.sim.foreign.create({ apiKey: 'sk-other', model: 'wanx-v1' });
    const ramUser = await env.sim.foreign.create({ apiKeyId: '158888' });
    const all = await list();
    const idOf = (task: string) => all.find((i) => i.task_id === task)!.api_key_id;
    expect(all.map((i) => i.task_id).sort()).toEqual([ours, otherDevice, otherKey, otherKey2, ramUser].sort());
    expect([idOf(ours), idOf(otherDevice), idOf(ramUser)]).toEqual(['150001', '150001', '158888']);
    expect(idOf(otherKey)).toMatch(/^15\d{4}$/);
    expect(idOf(otherKey2)).toBe(idOf(otherKey));
    expect(idOf(otherKey)).not.toBe('150001');
    expect((await list({ api_key_id: '150001' })).map((i) => i.task_id).sort()).toEqual([ours, otherDevice].sort());
    expect((await list({ model_name: 'wanx-v1' })).map((i) => i.task_id)).toEqual([otherKey2]);
    // Another account sees none of them.
    expect(await list({}, 'sk-stranger')).toEqual([]);
  });

  it('take the account slot, run, bill and serve results like the app’s own', async () => {
    const foreign = await env.sim.foreign.create({ n: 2, runMs: 30_000 });
    env.sim.runTimes.enqueue(10_000);
    const ours = await createTask(env);
    await env.sim.clock.advance(20_000);
    expect(output(await getTask(env, foreign)).task_status).toBe('RUNNING');
    expect(output(await getTask(env, ours)).task_status).toBe('PENDING');
    expect(await list({ status: 'RUNNING' })).toMatchObject([{ task_id: foreign }]);
    await env.sim.clock.advance(11_000);
    const done = await getTask(env, foreign);
    expect(done.json.usage).toEqual({ image_count: 2 });
    expect(output(await getTask(env, ours)).task_status).toBe('RUNNING');
    const image = await fetch((output(done).results as { url: string }[])[1]!.url);
    expect([image.status, image.headers.get('content-type')]).toEqual([200, 'image/png']);
  });

  it('can be injected already ended (SUCCEEDED, FAILED, CANCELED) or to appear later', async () => {
    const now = env.sim.clock.now();
    const ok = await env.sim.foreign.create({ at: now - 3600_000, status: 'SUCCEEDED', n: 3 });
    const failed = await env.sim.foreign.create({
      at: now - 60_000,
      status: 'FAILED',
      code: 'DataInspectionFailed',
      message: 'Output data may contain inappropriate content.',
    });
    const canceled = await env.sim.foreign.create({ at: now - 1000, status: 'CANCELED' });
    const later = await env.sim.foreign.create({ at: now + 5000 });
    expect(output(await getTask(env, ok))).toMatchObject({
      task_status: 'SUCCEEDED',
      task_metrics: { TOTAL: 3, SUCCEEDED: 3, FAILED: 0 },
    });
    expect(output(await getTask(env, failed))).toMatchObject({ task_status: 'FAILED', code: 'DataInspectionFailed' });
    expect(output(await getTask(env, canceled)).task_status).toBe('CANCELED');
    expect(output(await getTask(env, later)).task_status).toBe('UNKNOWN');
    // Ended ones never held the slot: our task starts at once.
    const ours = await createTask(env);
    await env.sim.clock.advance(1000);
    expect(output(await getTask(env, ours)).task_status).toBe('RUNNING');
    await env.sim.clock.advance(4000);
    expect((await list()).map((i) => i.task_id)).toEqual([later, ours, canceled, failed, ok]);
    await expect(env.sim.foreign.create({ at: now + 60_000, status: 'SUCCEEDED' })).rejects.toThrow();
  });

  it('over HTTP: POST /__sim/foreign and /__sim/accounts/{id}/keys', async () => {
    const key = await ctl('/accounts/1000000000000001/keys', { key: 'sk-added' });
    const keyId = key.json.api_key_id as string;
    expect(keyId).toMatch(/^15\d{4}$/);
    const made = await ctl('/foreign', { apiKey: 'sk-added', prompt: 'someone else' });
    const id = made.json.task_id as string;
    expect((await list({ task_id: id }))[0]).toMatchObject({ api_key_id: keyId, status: 'PENDING' });
    expect((await raw(`${env.sim.origin}/__sim/tasks/${id}`)).json).toMatchObject({ prompt: 'someone else', keyId });
    expect((await ctl('/foreign', { apiKey: 'sk-stranger' })).status).toBe(400);
  });
});
