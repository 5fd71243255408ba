import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseTaskTime } from '../../../src-main/dashscope/time';
import { MESSAGES } from '../../sim';
import { TASK_TIME, UUID, createTask, getTask, output, raw, setup } from './helpers';
import type { Env } from './helpers';

let env: Env;
beforeEach(async () => {
  env = await setup({
    accounts: [
      {
        id: '1000000000000001',
        keys: [
          { key: 'sk-a', id: '11' },
          { key: 'sk-a2', id: '12' },
        ],
      },
      { id: '2000000000000002', keys: [{ key: 'sk-b', id: '21' }] },
    ],
  });
});
afterEach(() => env.close());

const HOUR = 3600_000;
const at = (t: unknown) => parseTaskTime(t as string)!;

describe('task lifecycle', () => {
  it('goes PENDING → RUNNING → SUCCEEDED with documented fields and times', async () => {
    env.sim.runTimes.enqueue(30_000);
    const id = await createTask(env, { n: 2 });
    const pending = output(await getTask(env, id));
    expect(pending).toEqual({ task_id: id, task_status: 'PENDING', submit_time: expect.stringMatching(TASK_TIME) });

    await env.sim.clock.advance(1000);
    const running = output(await getTask(env, id));
    expect(running).toMatchObject({ task_status: 'RUNNING', task_metrics: { TOTAL: 2, SUCCEEDED: 0, FAILED: 0 } });
    expect(at(running.scheduled_time) - at(running.submit_time)).toBe(25);
    expect(running).not.toHaveProperty('end_time');

    await env.sim.clock.advance(30_000);
    const done = await getTask(env, id);
    expect(Object.keys(done.json)).toEqual(['request_id', 'output', 'usage']);
    expect(done.json.request_id).toMatch(UUID);
    const o = output(done);
    expect(Object.keys(o)).toEqual([
      'task_id',
      'task_status',
      'results',
      'submit_time',
      'scheduled_time',
      'end_time',
      'task_metrics',
    ]);
    expect(o.task_status).toBe('SUCCEEDED');
    expect(at(o.end_time) - at(o.scheduled_time)).toBe(30_000);
    expect(o.task_metrics).toEqual({ TOTAL: 2, SUCCEEDED: 2, FAILED: 0 });
    expect(done.json.usage).toEqual({ image_count: 2 });
    expect((o.results as { url: string }[]).map((r) => Object.keys(r))).toEqual([['url'], ['url']]);
  });

  it('writes Beijing-time strings for the current clock', async () => {
    const id = await createTask(env);
    const submit = output(await getTask(env, id)).submit_time as string;
    expect(Math.abs(at(submit) - env.sim.clock.now())).toBeLessThan(5);
  });

  it('runs one task per account at a time; the next waits PENDING and starts when the first ends', async () => {
    env.sim.runTimes.enqueue(20_000, 20_000);
    const first = await createTask(env);
    const second = await createTask(env);
    await env.sim.clock.advance(10_000);
    expect(output(await getTask(env, first)).task_status).toBe('RUNNING');
    expect(output(await getTask(env, second)).task_status).toBe('PENDING');
    await env.sim.clock.advance(15_000);
    const a = output(await getTask(env, first));
    const b = output(await getTask(env, second));
    expect([a.task_status, b.task_status]).toEqual(['SUCCEEDED', 'RUNNING']);
    expect(at(b.scheduled_time)).toBe(at(a.end_time));
  });

  it('does not make other accounts wait', async () => {
    env.sim.runTimes.enqueue(20_000, 20_000);
    await createTask(env);
    const other = await (async () => {
      const r = await raw(`${env.sim.baseUrl}/services/aigc/image2image/image-synthesis`, {
        method: 'POST',
        headers: { Authorization: 'Bearer sk-b', 'X-DashScope-Async': 'enable', 'Content-Type': 'application/json' },
        body: JSON.stringify({
          model: 'wanx-sketch-to-image-lite',
          parameters: {},
          input: { prompt: 'x', sketch_image_url: env.sketchUrl },
        }),
      });
      return output(r).task_id as string;
    })();
    await env.sim.clock.advance(1000);
    expect(output(await getTask(env, other, 'sk-b')).task_status).toBe('RUNNING');
  });

  it('applies the speed factor to run times', async () => {
    env.sim.speed = 100;
    env.sim.runTimes.enqueue(27_000);
    const id = await createTask(env);
    await env.sim.clock.advance(300);
    const o = output(await getTask(env, id));
    expect(o.task_status).toBe('SUCCEEDED');
    expect(at(o.end_time) - at(o.scheduled_time)).toBe(270);
  });
});

describe('query: unknown, foreign and expired tasks', () => {
  it('answers an unknown id with HTTP 200 UNKNOWN', async () => {
    const r = await getTask(env, '502a00b1-0000-4000-8000-000000000000');
    expect(r.status).toBe(200);
    expect(r.json).toEqual({
      request_id: expect.stringMatching(UUID),
      output: { task_id: '502a00b1-0000-4000-8000-000000000000', task_status: 'UNKNOWN' },
    });
  });

  it('shows a task to every key of its account and to no other account', async () => {
    const id = await createTask(env);
    expect(output(await getTask(env, id, 'sk-a2')).task_status).toBe('PENDING');
    expect(output(await getTask(env, id, 'sk-b')).task_status).toBe('UNKNOWN');
  });

  it('forgets tasks 24 h after submission', async () => {
    const id = await createTask(env);
    await env.sim.clock.advance(24 * HOUR - 1);
    expect(output(await getTask(env, id)).task_status).toBe('SUCCEEDED');
    await env.sim.clock.advance(1);
    expect(output(await getTask(env, id)).task_status).toBe('UNKNOWN');
  });

  it('limits task queries to 20 per second per account', async () => {
    const id = await createTask(env);
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) statuses.push((await getTask(env, id)).status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(20);
    expect(statuses[20]).toBe(429);
  });
});

describe('result images', () => {
  it('serves real PNGs until 24 h after the task ended, then OSS 403 "Request has expired."', async () => {
    env.sim.runTimes.enqueue(10_000);
    const id = await createTask(env, { n: 1 });
    await env.sim.clock.advance(11_000);
    const o = output(await getTask(env, id));
    const url = (o.results as { url: string }[])[0]!.url;
    expect(url).toMatch(
      /\/dashscope-result-bj\/\d{8}\/[0-9a-f-]{36}\/0\.png\?Expires=\d+&OSSAccessKeyId=[^&]+&Signature=/,
    );
    const img = await fetch(url);
    expect(img.status).toBe(200);
    expect(img.headers.get('content-type')).toBe('image/png');
    expect(
      Buffer.from(await img.arrayBuffer())
        .subarray(1, 4)
        .toString(),
    ).toBe('PNG');
    const ended = at(o.end_time);
    await env.sim.clock.advance(ended + 24 * HOUR - env.sim.clock.now() + 1000);
    const gone = await raw(url);
    expect(gone.status).toBe(403);
    expect(gone.text).toContain('<Code>AccessDenied</Code>');
    expect(gone.text).toContain('<Message>Request has expired.</Message>');
  });

  it('rejects a tampered result URL', async () => {
    env.sim.runTimes.enqueue(1000);
    const id = await createTask(env, { n: 1 });
    await env.sim.clock.advance(2000);
    const url = (output(await getTask(env, id)).results as { url: string }[])[0]!.url.replace(
      /Expires=\d+/,
      'Expires=9999999999',
    );
    expect((await raw(url)).status).toBe(403);
  });
});

describe('scripted outcomes', () => {
  it('partial failure: SUCCEEDED with {code, message} entries, metrics and billed count', async () => {
    env.sim.outcomes.enqueue({ kind: 'partial', failed: 1 });
    const id = await createTask(env, { n: 3 });
    await env.sim.clock.advance(120_000);
    const r = await getTask(env, id);
    const o = output(r);
    expect(o.task_status).toBe('SUCCEEDED');
    expect((o.results as object[])[2]).toEqual({ code: 'InternalError.Timeout', message: MESSAGES.internalTimeout });
    expect(o.task_metrics).toEqual({ TOTAL: 3, SUCCEEDED: 2, FAILED: 1 });
    expect(r.json.usage).toEqual({ image_count: 2 });
  });

  it('output inspection failure: FAILED DataInspectionFailed, no usage', async () => {
    env.sim.outcomes.enqueue({ kind: 'output-inspection' });
    const id = await createTask(env, { n: 2 });
    await env.sim.clock.advance(120_000);
    const r = await getTask(env, id);
    expect(Object.keys(r.json)).toEqual(['request_id', 'output']);
    expect(output(r)).toMatchObject({
      task_status: 'FAILED',
      code: 'DataInspectionFailed',
      message: 'Output data may contain inappropriate content.',
      task_metrics: { TOTAL: 2, SUCCEEDED: 0, FAILED: 2 },
    });
    expect(Object.keys(output(r)).slice(0, 4)).toEqual(['task_id', 'task_status', 'code', 'message']);
  });

  it('a task queued for 3 h fails with InternalError.Timeout', async () => {
    env.sim.outcomes.enqueue({ kind: 'queue-timeout' });
    const id = await createTask(env);
    await env.sim.clock.advance(3 * HOUR - 1000);
    expect(output(await getTask(env, id)).task_status).toBe('PENDING');
    await env.sim.clock.advance(1000);
    const o = output(await getTask(env, id));
    expect(o).toMatchObject({
      task_status: 'FAILED',
      code: 'InternalError.Timeout',
      message: MESSAGES.internalTimeout,
    });
    expect(at(o.end_time) - at(o.submit_time)).toBe(3 * HOUR);
  });
});

describe('cancel', () => {
  const cancel = (id: string, key = 'sk-a') =>
    raw(`${env.sim.baseUrl}/tasks/${id}/cancel`, { method: 'POST', headers: { Authorization: `Bearer ${key}` } });

  it('cancels a PENDING task: 200 with only request_id, then CANCELED', async () => {
    env.sim.runTimes.enqueue(30_000, 30_000);
    await createTask(env);
    const queued = await createTask(env);
    await env.sim.clock.advance(1000);
    const r = await cancel(queued);
    expect(r.status).toBe(200);
    expect(Object.keys(r.json)).toEqual(['request_id']);
    const o = output(await getTask(env, queued));
    expect(o.task_status).toBe('CANCELED');
    expect(o).not.toHaveProperty('scheduled_time');
  });

  it('refuses RUNNING, finished, unknown and foreign tasks with the documented 400', async () => {
    const id = await createTask(env);
    await env.sim.clock.advance(1000);
    for (const r of [
      await cancel(id),
      await cancel('00000000-0000-4000-8000-000000000000'),
      await cancel(id, 'sk-b'),
    ]) {
      expect(r.status).toBe(400);
      expect(r.json).toMatchObject({
        code: 'UnsupportedOperation',
        message: 'Failed to cancel the task, please confirm if the task is in PENDING status.',
      });
    }
    await env.sim.clock.advance(120_000);
    expect((await cancel(id)).status).toBe(400);
  });

  it('lets the next queued task start earlier once one is cancelled', async () => {
    env.sim.runTimes.enqueue(20_000, 20_000, 20_000);
    const a = await createTask(env);
    const b = await createTask(env);
    await env.sim.clock.advance(1000);
    const c = await createTask(env);
    await cancel(b);
    await env.sim.clock.advance(20_000);
    const oa = output(await getTask(env, a));
    const oc = output(await getTask(env, c));
    expect(oc.task_status).toBe('RUNNING');
    expect(at(oc.scheduled_time)).toBe(at(oa.end_time));
  });
});
