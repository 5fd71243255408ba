import { afterEach, describe, expect, it } from 'vitest';
import { formatListTime, parseTaskTime } from '../../../src-main/dashscope/time';
import { createTask, getTask, output, raw, setup } from './helpers';
import type { Env } from './helpers';

const MIN = 60_000;
let env: Env;
afterEach(() => env.close());

const list = (q: Record<string, string> = {}) =>
  raw(`${env.sim.baseUrl}/tasks?${new URLSearchParams(q).toString()}`, {
    headers: { Authorization: `Bearer ${env.sim.apiKey}` },
  });
const ctl = (path: string, body: unknown) =>
  raw(`${env.sim.origin}/__sim${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
const dateHeader = (r: { headers: Headers }) => Date.parse(r.headers.get('date') ?? '');
const floorSec = (ms: number) => Math.floor(ms / 1000) * 1000;

/** The server's clock differs from the test's ("PC") clock, which is the simulation clock shared with clients. */
describe('server clock offset', () => {
  it('stamps submit_time, gmt_create and the Date header with server time, not the PC clock', async () => {
    env = await setup({ serverClockOffsetMs: 5 * MIN });
    const pc = env.sim.clock.now();
    const id = await createTask(env);
    const r = await getTask(env, id);
    expect(parseTaskTime(output(r).submit_time as string)).toBe(pc + 5 * MIN);
    expect(r.headers.get('date')).toBe(new Date(pc + 5 * MIN).toUTCString());
    expect(r.headers.get('date')).toMatch(/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
    const [item] = (await list()).json.data as { gmt_create: number }[];
    expect(item!.gmt_create).toBe(pc + 5 * MIN);
    expect(env.sim.serverNow()).toBe(pc + 5 * MIN);
  });

  it('reads the list window in server time: a window around the PC clock misses the task', async () => {
    env = await setup({ serverClockOffsetMs: 5 * MIN });
    const pc = env.sim.clock.now();
    const id = await createTask(env);
    const around = (t: number) => ({ start_time: formatListTime(t - 2 * MIN), end_time: formatListTime(t + 2 * MIN) });
    expect((await list(around(pc))).json.total).toBe(0);
    expect((await list(around(pc + 5 * MIN))).json.data).toMatchObject([{ task_id: id }]);
  });

  it('sends a Date header on every answer (errors, control, OSS) and moves when changed at run time over /__sim/settings', async () => {
    env = await setup();
    const pc = env.sim.clock.now();
    const unauthorized = await raw(`${env.sim.baseUrl}/tasks/x`);
    expect(unauthorized.status).toBe(401);
    expect(dateHeader(unauthorized)).toBe(floorSec(pc));
    const set = await ctl('/settings', { serverClockOffsetMs: -3 * 3600_000 });
    expect(set.json).toMatchObject({ serverClockOffsetMs: -3 * 3600_000 });
    expect(dateHeader(set)).toBe(floorSec(pc - 3 * 3600_000));
    const oss = await raw(`${env.sim.uploadHost}/dashscope-result-bj/20240101/nope.png`);
    expect(dateHeader(oss)).toBe(floorSec(pc - 3 * 3600_000));
    expect((await raw(`${env.sim.origin}/__sim/state`)).json).toMatchObject({
      serverNow: pc - 3 * 3600_000,
      serverClockOffsetMs: -3 * 3600_000,
    });
    expect((await ctl('/settings', { nope: 1 })).status).toBe(400);
  });

  it('with no start/end the list shows the last 24 h of server time', async () => {
    env = await setup({
      serverClockOffsetMs: -2 * 3600_000,
      timings: { taskRetentionMs: 48 * 3600_000 },
      limits: { createsPerSecond: 100 },
    });
    const old = await createTask(env);
    await env.sim.clock.advance(4 * 3600_000);
    const recent = await createTask(env);
    await env.sim.clock.advance(20 * 3600_000 + 1);
    const items = (await list()).json.data as { task_id: string; gmt_create: number }[];
    expect(items.map((i) => i.task_id)).toEqual([recent]);
    expect(items[0]!.gmt_create).toBe(env.sim.serverNow() - 20 * 3600_000 - 1);
    // Still queryable (48 h retention here), and listed with an explicit window.
    expect(output(await getTask(env, old)).task_status).toBe('SUCCEEDED');
    const end = env.sim.serverNow() - 20 * 3600_000;
    expect(
      ((await list({ end_time: formatListTime(end) })).json.data as { task_id: string }[]).map((i) => i.task_id),
    ).toEqual([recent, old]);
  });

  it('the list reads start_time/end_time in UTC+8 by default, or in the zone set (UTC)', async () => {
    env = await setup();
    const pc = env.sim.clock.now();
    const id = await createTask(env);
    const window = (tz: number) => ({
      start_time: formatListTime(pc - MIN, tz),
      end_time: formatListTime(pc + MIN, tz),
    });
    expect((await list(window(480))).json.total).toBe(1);
    expect((await list(window(0))).json.total).toBe(0);
    env.sim.listUtcOffsetMinutes = 0;
    expect((await list(window(480))).json.total).toBe(0);
    expect((await list(window(0))).json.data).toMatchObject([{ task_id: id }]);
    await ctl('/settings', { listUtcOffsetMinutes: 480 });
    expect((await list(window(480))).json.total).toBe(1);
  });
});
