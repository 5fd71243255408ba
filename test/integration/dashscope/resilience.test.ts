import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DashScopeError } from '../../../src-main/dashscope/errors';
import { clientEnv } from './helpers';
import type { ClientEnv } from './helpers';

let env: ClientEnv;
beforeEach(async () => {
  env = await clientEnv();
});
afterEach(() => env.close());

const input = () => ({ prompt: 'a tree', sketchImageUrl: env.sketchUrl, n: 1 as const });
const rejection = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e as DashScopeError,
  );

describe('retries', () => {
  it('backs off through a 429 burst on create and creates exactly one task', async () => {
    env.sim.faults.add({ route: 'create', fault: { kind: 'status', status: 429 }, times: 2 });
    const t0 = env.sim.clock.now();
    const res = await env.client.createTask(input());
    expect(res.attempts).toBe(3);
    expect(env.sim.counters.snapshot().create).toEqual({ total: 3, byStatus: { '429': 2, '200': 1 } });
    expect(env.sim.tasks.ids()).toEqual([res.taskId]);
    // equal jitter at random()=0.5: 150 ms then 300 ms of (simulated) waiting
    expect(env.sim.clock.now() - t0).toBe(450);
  });

  it('retries 500/503 on create, and 503/504 on queries, transparently', async () => {
    env.sim.faults.add({ route: 'create', fault: { kind: 'status', status: 500 } });
    env.sim.faults.add({ route: 'create', fault: { kind: 'status', status: 503 } });
    const { taskId } = await env.client.createTask(input());
    expect(env.sim.tasks.ids()).toEqual([taskId]);
    env.sim.faults.add({ route: 'task.get', fault: { kind: 'status', status: 503 } });
    env.sim.faults.add({ route: 'task.get', fault: { kind: 'status', status: 504 } });
    expect((await env.client.getTask(taskId)).taskId).toBe(taskId);
    expect(env.sim.counters.get('task.get')).toBe(3);
  });

  it('gives up after maxAttempts with the last typed error', async () => {
    env.sim.faults.add({ route: 'task.get', fault: { kind: 'status', status: 503 }, times: 10 });
    const e = await rejection(env.client.getTask('t'));
    expect(e).toMatchObject({ code: 'ModelUnavailable', status: 503, retryable: true });
    expect(env.sim.counters.get('task.get')).toBe(4);
  });

  it('times out a hung response (wall clock) and reports Client.Timeout', async () => {
    env.sim.faults.add({ route: 'task.get', fault: { kind: 'delay', ms: 400 }, times: 2 });
    const client = env.makeClient({
      requestTimeoutMs: 100,
      retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1, random: () => 0 },
    });
    expect(await rejection(client.getTask('t'))).toMatchObject({ code: 'Client.Timeout', status: 0 });
  });

  it('stops when aborted', async () => {
    env.sim.faults.add({ route: 'task.get', fault: { kind: 'delay', ms: 300 } });
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 50);
    expect(await rejection(env.client.getTask('t', { signal: ac.signal }))).toMatchObject({ code: 'Client.Aborted' });
  });
});

describe('a create with unknown outcome is never resent by the client (the queue settles it over minutes)', () => {
  for (const [name, fault] of [
    ['connection reset after the server created the task', { kind: 'reset', when: 'after' }],
    ['body dropped after a 200', { kind: 'drop-body' }],
    ['a gateway 504', { kind: 'status', status: 504 }],
    ['reset before the server acted', { kind: 'reset' }],
  ] as const) {
    it(`${name}: throws outcome unknown after one send`, async () => {
      env.sim.faults.add({ route: 'create', fault });
      expect(await rejection(env.client.createTask(input()))).toMatchObject({ outcome: 'unknown' });
      expect(env.sim.counters.arrived('create')).toBe(1);
      expect(env.sim.counters.get('task.list')).toBe(0);
    });
  }

  it('a throttled create (nothing made) is still retried', async () => {
    env.sim.faults.add({
      route: 'create',
      fault: { kind: 'status', status: 429, code: 'Throttling.RateQuota', message: 'slow down' },
    });
    const res = await env.client.createTask(input());
    expect(res.attempts).toBe(2);
    expect(env.sim.tasks.ids()).toEqual([res.taskId]);
  });
});

describe("lookForCreate: candidates in the server's own time, without a hand-built window", () => {
  it('finds the task a lost create made after the send, not one made before it, nor one already held', async () => {
    const before = await env.makeClient().createTask(input()); // another device, earlier
    await env.sim.clock.advance(10_000);
    const sentAt = env.sim.clock.now();
    env.sim.faults.add({ route: 'create', fault: { kind: 'reset', when: 'after' } });
    await rejection(env.client.createTask(input()));
    const lost = env.sim.tasks.ids().find((id) => id !== before.taskId)!;
    const look = (claimed: string[]) =>
      env.client.lookForCreate({
        notBefore: () => env.client.serverClock.earliest(sentAt)! - 2000,
        claimed: (id) => claimed.includes(id),
      });
    expect((await look([])).map((t) => t.taskId)).toEqual([lost]);
    expect(await look([lost])).toEqual([]);
    // The list is read without start_time/end_time (its default is the last 24 h).
    const path = env.sim.counters.requests('task.list').at(-1)!.path;
    expect(path).toBe('/api/v1/tasks');
  });

  it('a failing list is ReconcileFailed with outcome unknown', async () => {
    env.sim.faults.add({ route: 'task.list', fault: { kind: 'status', status: 500 }, times: 100 });
    expect(
      await rejection(env.client.lookForCreate({ notBefore: () => undefined, claimed: () => false })),
    ).toMatchObject({ code: 'Client.ReconcileFailed', outcome: 'unknown' });
  });
});

describe('upload retries', () => {
  it('treats FileAlreadyExists after a lost upload attempt as success', async () => {
    const { makeSketch } = await import('../../sim/fixtures');
    env.sim.faults.add({ route: 'oss.upload', fault: { kind: 'drop-body' } });
    const url = await env.client.uploadFile({ name: 's.png', bytes: await makeSketch({}) });
    expect(url.endsWith('/s.png')).toBe(true);
    expect(env.sim.counters.snapshot()['oss.upload']).toEqual({ total: 2, byStatus: { reset: 1, '409': 1 } });
  });
});
