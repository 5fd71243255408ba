import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatListTime } from '../../../src-main/dashscope/time';
import { UUID, createTask, raw, setup } from './helpers';
import type { Env } from './helpers';

let env: Env;
const HOUR = 3600_000;
const ids: string[] = [];
let t0 = 0;

beforeAll(async () => {
  env = await setup({
    accounts: [
      { id: '1000000000000001', keys: [{ key: 'sk-a', id: '11' }] },
      { id: '2', keys: [{ key: 'sk-b' }] },
    ],
  });
  env.sim.runTimes.enqueue(10_000, 10_000, 10_000, 10_000, 10_000);
  t0 = env.sim.clock.now();
  // Five tasks an hour apart; the last is still running when we look.
  for (let i = 0; i < 5; i++) {
    ids.push(await createTask(env));
    await env.sim.clock.advance(i < 4 ? HOUR : 1000);
  }
});
afterAll(() => env.close());

const list = async (q: Record<string, string> = {}, key = 'sk-a') =>
  raw(`${env.sim.baseUrl}/tasks?${new URLSearchParams(q).toString()}`, { headers: { Authorization: `Bearer ${key}` } });
const taskIds = (r: { json: Record<string, unknown> }) => (r.json.data as { task_id: string }[]).map((d) => d.task_id);

describe('list tasks', () => {
  it('returns the documented envelope, newest first, with epoch-ms times', async () => {
    const r = await list();
    expect(r.status).toBe(200);
    expect(Object.keys(r.json)).toEqual(['total', 'data', 'total_page', 'page_no', 'request_id', 'page_size']);
    expect(r.json).toMatchObject({ total: 5, total_page: 1, page_no: 1, page_size: 10 });
    expect(r.json.request_id).toMatch(UUID);
    expect(taskIds(r)).toEqual([...ids].reverse());
    const [running, done] = r.json.data as Record<string, unknown>[];
    expect(running).toMatchObject({
      status: 'RUNNING',
      model_name: 'wanx-sketch-to-image-lite',
      region: 'cn-beijing',
      api_key_id: '11',
      caller_parent_id: '1000000000000001',
    });
    expect(running).not.toHaveProperty('end_time');
    expect(typeof running!.gmt_create).toBe('number');
    expect(running!.start_time).toBe((running!.gmt_create as number) + 25);
    expect(done).toMatchObject({
      status: 'SUCCEEDED',
      user_api_unique_key: 'apikey:v1:aigc:image2image:image-synthesis:wanx-sketch-to-image-lite',
    });
    expect((done!.end_time as number) - (done!.start_time as number)).toBe(10_000);
  });

  it('accepts the documented trailing-slash path too', async () => {
    const r = await raw(`${env.sim.baseUrl}/tasks/`, { headers: { Authorization: 'Bearer sk-a' } });
    expect(r.json.total).toBe(5);
  });

  it('filters by status, model, task_id and api_key_id', async () => {
    expect(taskIds(await list({ status: 'RUNNING' }))).toEqual([ids[4]]);
    expect((await list({ status: 'SUCCEEDED' })).json.total).toBe(4);
    expect((await list({ model_name: 'wanx-v1' })).json.total).toBe(0);
    expect(taskIds(await list({ task_id: ids[2]! }))).toEqual([ids[2]]);
    expect((await list({ api_key_id: '99' })).json.total).toBe(0);
    expect((await list({ status: 'DONE' })).status).toBe(400);
  });

  it('pages', async () => {
    const p2 = await list({ page_no: '2', page_size: '2' });
    expect(p2.json).toMatchObject({ total: 5, total_page: 3, page_no: 2, page_size: 2 });
    expect(taskIds(p2)).toEqual([ids[2], ids[1]]);
    expect((await list({ page_size: '1000' })).json.page_size).toBe(100);
    expect((await list({ page_no: '0' })).status).toBe(400);
  });

  it('applies the 24 h window rules', async () => {
    // only end_time: the 24 h before it
    const end = t0 + 2 * HOUR + 1000;
    expect(taskIds(await list({ end_time: formatListTime(end) }))).toEqual([ids[2], ids[1], ids[0]]);
    // only start_time: the 24 h after it
    expect(taskIds(await list({ start_time: formatListTime(t0 + HOUR) }))).toEqual([ids[4], ids[3], ids[2], ids[1]]);
    // both
    expect(
      taskIds(await list({ start_time: formatListTime(t0 + HOUR), end_time: formatListTime(t0 + 2 * HOUR + 1000) })),
    ).toEqual([ids[2], ids[1]]);
    // over 24 h
    const r = await list({ start_time: formatListTime(t0 - 2 * HOUR), end_time: formatListTime(t0 + 23 * HOUR) });
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({
      code: 'InvalidParameter',
      message: 'The time range between start_time and end_time must not exceed 24 hours.',
    });
    expect((await list({ start_time: '2024-01-01' })).json).toMatchObject({ code: 'InvalidParameter' });
  });

  it('shows nothing of another account', async () => {
    expect((await list({}, 'sk-b')).json.total).toBe(0);
  });
});
