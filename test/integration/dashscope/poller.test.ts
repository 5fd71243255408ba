import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AdaptivePoller } from '../../../src-main/dashscope/poller';
import { RunTimeModel } from '../../../src-main/dashscope/runtime-model';
import type { DashScopeError } from '../../../src-main/dashscope/errors';
import type { TaskSnapshot } from '../../../src-main/dashscope/task';
import { clientEnv } from './helpers';
import type { ClientEnv } from './helpers';

let env: ClientEnv;
beforeEach(async () => {
  env = await clientEnv();
});
afterEach(() => env.close());

const input = () => ({ prompt: 'a tree', sketchImageUrl: env.sketchUrl, n: 1 as const });

/** Runs one task to the end and reports what the poller saw, on the shared virtual clock. */
async function runOne(poller: AdaptivePoller, runMs: number) {
  env.sim.runTimes.enqueue(runMs);
  const created = await env.client.createTask(input());
  const before = env.sim.counters.get('task.get');
  const final = await poller.waitForTask(created.taskId, { created });
  const seenAt = env.sim.clock.now();
  const endAt = (await env.sim.tasks.get(created.taskId))!.final!.endAt;
  return { final, latencyMs: seenAt - endAt, gets: env.sim.counters.get('task.get') - before };
}

describe('adaptive polling', () => {
  it('sees a typical task finish within a second and learns its exact run time', async () => {
    const poller = new AdaptivePoller({ client: env.client, clock: env.sim.clock });
    const r = await runOne(poller, 27_300);
    expect(r.final.status).toBe('SUCCEEDED');
    expect(r.latencyMs).toBeGreaterThanOrEqual(0);
    expect(r.latencyMs).toBeLessThanOrEqual(600);
    expect(r.gets).toBeLessThan(20);
    expect(poller.model.observations).toBe(1);
  });

  it('learns a faster service and keeps detection tight', async () => {
    const model = new RunTimeModel();
    const poller = new AdaptivePoller({ client: env.client, clock: env.sim.clock, model });
    for (let i = 0; i < 8; i++) {
      await env.sim.clock.advance(1000);
      await runOne(poller, 8000 + i * 50);
    }
    expect(model.quantile(0.5)).toBeLessThan(14_000);
    await env.sim.clock.advance(1000);
    const r = await runOne(poller, 8200);
    expect(r.latencyMs).toBeLessThanOrEqual(1000);
    expect(r.gets).toBeLessThanOrEqual(14);
  });

  it('waits through the queue while another task runs', async () => {
    env.sim.runTimes.enqueue(25_000);
    await env.client.createTask(input());
    await env.sim.clock.advance(600);
    const poller = new AdaptivePoller({ client: env.client, clock: env.sim.clock });
    const seen: TaskSnapshot['status'][] = [];
    env.sim.runTimes.enqueue(25_000);
    const created = await env.client.createTask(input());
    const final = await poller.waitForTask(created.taskId, { created, onUpdate: (t) => seen.push(t.status) });
    expect(final.status).toBe('SUCCEEDED');
    expect(seen[0]).toBe('PENDING');
    expect(seen).toContain('RUNNING');
  });

  it('returns early failures, cancellations and unknown tasks as final snapshots', async () => {
    const poller = new AdaptivePoller({ client: env.client, clock: env.sim.clock });
    const bad = await env.client.createTask({ ...input(), sketchImageUrl: env.files.url('/nope.png') });
    expect(await poller.waitForTask(bad.taskId, { created: bad })).toMatchObject({
      status: 'FAILED',
      code: 'InvalidURL',
    });
    expect((await poller.waitForTask('00000000-0000-4000-8000-000000000000')).status).toBe('UNKNOWN');
    expect(poller.model.observations).toBe(0); // failures do not teach run times
  });

  it('rides out 503s while polling', async () => {
    const poller = new AdaptivePoller({ client: env.client, clock: env.sim.clock });
    env.sim.faults.add({ route: 'task.get', fault: { kind: 'status', status: 503 }, times: 6 });
    const r = await runOne(poller, 20_000);
    expect(r.final.status).toBe('SUCCEEDED');
    expect(env.sim.counters.status('task.get', 503)).toBe(6);
  });

  it('stops on abort and on its deadline', async () => {
    const poller = new AdaptivePoller({ client: env.client, clock: env.sim.clock });
    env.sim.runTimes.enqueue(60_000);
    const created = await env.client.createTask(input());
    const ac = new AbortController();
    const waiting = poller.waitForTask(created.taskId, {
      created,
      signal: ac.signal,
      onUpdate: (t) => t.status === 'RUNNING' && ac.abort(),
    });
    expect(await waiting.catch((e: DashScopeError) => e.code)).toBe('Client.Aborted');
    const late = await poller.waitForTask(created.taskId, { maxWaitMs: 10_000 }).catch((e: DashScopeError) => e.code);
    expect(late).toBe('Client.WaitTimeout');
  });
});
