import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DashScopeError } from '../../../src-main/dashscope';
import { clientEnv } from './helpers';
import type { ClientEnv } from './helpers';

let env: ClientEnv;
beforeEach(async () => {
  env = await clientEnv();
});
afterEach(() => env.close());

const input = () => ({ prompt: 'a tree', sketchImageUrl: env.sketchUrl, n: 1 as const });
const rejection = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e as DashScopeError);

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
    const client = env.makeClient({ requestTimeoutMs: 100, retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1, random: () => 0 } });
    expect(await rejection(client.getTask('t'))).toMatchObject({ code: 'Client.Timeout', status: 0 });
  });

  it('stops when aborted', async () => {
    env.sim.faults.add({ route: 'task.get', fault: { kind: 'delay', ms: 300 } });
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 50);
    expect(await rejection(env.client.getTask('t', { signal: ac.signal }))).toMatchObject({ code: 'Client.Aborted' });
  });
});

describe('creates with unknown outcome are reconciled, never blindly resent', () => {
  it('connection reset after the server created the task: adopts it through the list API', async () => {
    env.sim.faults.add({ route: 'create', fault: { kind: 'reset', when: 'after' } });
    const res = await env.client.createTask(input());
    expect(res.reconciled).toBe(true);
    expect(env.sim.tasks.ids()).toEqual([res.taskId]);
    expect(env.sim.counters.get('create')).toBe(1);
    expect(env.sim.counters.get('task.list')).toBe(1);
  });

  it('body dropped after a 200: adopts the task', async () => {
    env.sim.faults.add({ route: 'create', fault: { kind: 'drop-body' } });
    const res = await env.client.createTask(input());
    expect(res.reconciled).toBe(true);
    expect(env.sim.tasks.ids()).toEqual([res.taskId]);
    expect(env.sim.counters.get('create')).toBe(1);
  });

  it('reset before the server acted: finds nothing, then sends again — one task in total', async () => {
    env.sim.faults.add({ route: 'create', fault: { kind: 'reset' } });
    const res = await env.client.createTask(input());
    expect(res).toMatchObject({ reconciled: false, attempts: 2 });
    expect(env.sim.tasks.ids()).toEqual([res.taskId]);
    expect(env.sim.counters.get('task.list')).toBe(2); // two lookups before concluding it never landed
  });

  it('a gateway 504 is treated as unknown too', async () => {
    env.sim.faults.add({ route: 'create', fault: { kind: 'status', status: 504 } });
    const res = await env.client.createTask(input());
    expect(env.sim.tasks.ids()).toEqual([res.taskId]);
    expect(env.sim.counters.get('task.list')).toBeGreaterThan(0);
  });

  it('when the list API fails too, reports ReconcileFailed and does not resend', async () => {
    env.sim.faults.add({ route: 'create', fault: { kind: 'reset', when: 'after' } });
    env.sim.faults.add({ route: 'task.list', fault: { kind: 'status', status: 500 }, times: 100 });
    const e = await rejection(env.client.createTask(input()));
    expect(e).toMatchObject({ code: 'Client.ReconcileFailed', outcome: 'unknown' });
    expect(env.sim.counters.get('create')).toBe(1);
    expect(env.sim.tasks.ids()).toHaveLength(1);
  });

  it('will not guess between two candidates, unless the caller names the one it owns', async () => {
    const other = env.makeClient();
    const mine = await other.createTask(input()); // created by another device of the same account
    await env.sim.clock.advance(1000);
    env.sim.faults.add({ route: 'create', fault: { kind: 'reset', when: 'after' } });
    expect(await rejection(env.client.createTask(input()))).toMatchObject({ code: 'Client.ReconcileFailed' });
    await env.sim.clock.advance(1000);
    env.sim.faults.add({ route: 'create', fault: { kind: 'reset', when: 'after' } });
    const lost = env.sim.tasks.ids().at(-1)!;
    const res = await env.client.createTask(input(), { knownTaskIds: [mine.taskId, lost] });
    expect(res.reconciled).toBe(true);
    expect(env.sim.tasks.ids()).toHaveLength(3);
    expect(res.taskId).toBe(env.sim.tasks.ids().at(-1));
  });

  it('does not adopt tasks this client created itself earlier', async () => {
    const first = await env.client.createTask(input());
    await env.sim.clock.advance(1000);
    env.sim.faults.add({ route: 'create', fault: { kind: 'reset', when: 'after' } });
    const second = await env.client.createTask(input());
    expect(second.reconciled).toBe(true);
    expect(second.taskId).not.toBe(first.taskId);
    expect(env.sim.tasks.ids()).toEqual([first.taskId, second.taskId]);
  });
});

describe('findSubmittedTask (resume after a crash mid-submit)', () => {
  it('finds the task a lost create made, and nothing when none landed', async () => {
    const since = env.sim.clock.now();
    expect(await env.client.findSubmittedTask({ since })).toBeUndefined();
    const created = await env.makeClient().createTask(input()); // "before the crash"
    const found = await env.makeClient().findSubmittedTask({ since });
    expect(found).toMatchObject({ taskId: created.taskId, status: 'PENDING', modelName: 'wanx-sketch-to-image-lite' });
    expect(await env.makeClient().findSubmittedTask({ since, knownTaskIds: [created.taskId] })).toBeUndefined();
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
