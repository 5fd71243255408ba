import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DashScopeClient } from '../../../src-main/dashscope/client';
import { DashScopeError } from '../../../src-main/dashscope/errors';
import type { TaskSnapshot } from '../../../src-main/dashscope/task';
import { makeSketch } from '../../sim/fixtures';
import { clientEnv } from './helpers';
import type { ClientEnv } from './helpers';

let env: ClientEnv;
beforeEach(async () => {
  env = await clientEnv({
    accounts: [
      { id: '1', keys: [{ key: 'sk-live-0001', id: '11' }], workspaces: ['llm-ws1'] },
      { id: '2', keys: [{ key: 'sk-broke' }], arrears: true },
    ],
  });
});
afterEach(() => env.close());

const input = () => ({
  prompt: 'a tree',
  sketchImageUrl: env.sketchUrl,
  n: 2 as const,
  sketchWeight: 7,
  style: '<watercolor>' as const,
});
const expectErr = async (p: Promise<unknown>, fields: Partial<DashScopeError>) => {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(DashScopeError);
  expect(e).toMatchObject(fields);
  return e as DashScopeError;
};
const advanceTo = async (status: TaskSnapshot['status'], id: string) => {
  for (let i = 0; i < 200; i++) {
    const t = await env.client.getTask(id);
    if (t.status === status) return t;
    await env.sim.clock.advance(1000);
  }
  throw new Error(`never reached ${status}`);
};

describe('createTask', () => {
  it('sends the documented headers and body and returns the task id', async () => {
    const res = await env.client.createTask({ ...input(), sketchColor: [[0, 0, 0]] });
    expect(res).toMatchObject({ attempts: 1 });
    expect(env.sim.tasks.ids()).toEqual([res.taskId]);
    const req = env.log[0]!;
    expect(req.method).toBe('POST');
    expect(req.url).toBe(`${env.sim.baseUrl}/services/aigc/image2image/image-synthesis`);
    expect(req.headers).toEqual({
      authorization: 'Bearer sk-live-0001',
      accept: 'application/json; charset=utf-8',
      'content-type': 'application/json; charset=utf-8',
      'user-agent': 'WanxSketchStudio/0.1.0',
      'x-dashscope-async': 'enable',
      'x-dashscope-workspace': 'llm-ws1',
    });
    expect(req.body).toBe(
      `{"model":"wanx-sketch-to-image-lite","parameters":{"n":2,"sketch_weight":7,"style":"<watercolor>","sketch_color":[[0,0,0]]},"input":{"prompt":"a tree","sketch_image_url":"${env.sketchUrl}"}}`,
    );
  });

  it.each([
    [
      'an unknown key',
      { apiKey: 'sk-wrong' },
      { code: 'InvalidApiKey', status: 401, message: 'Invalid API-key provided.' },
    ],
    ['a foreign workspace', { workspace: 'llm-other' }, { code: 'NOT AUTHORIZED', status: 401 }],
    ['an overdue account', { apiKey: 'sk-broke', workspace: undefined }, { code: 'Arrearage', status: 400 }],
  ] as const)('fails once, typed, for %s', async (_what, over, fields) => {
    const e = await expectErr(env.makeClient(over).createTask(input()), { ...fields, retryable: false });
    expect(e.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(env.sim.counters.get('create')).toBe(1);
  });

  it('surfaces parameter and inspection errors without retrying', async () => {
    await expectErr(env.client.createTask({ ...input(), model: 'wanx-nope' }), {
      code: 'InvalidParameter',
      message: 'Model not exist.',
      status: 400,
    });
    await expectErr(env.client.createTask({ ...input(), sketchWeight: 11 }), {
      code: 'InvalidParameter',
      message: 'Required parameter(parameters.sketch_weight) missing or invalid, please check the request parameters.',
    });
    await expectErr(env.client.createTask({ ...input(), prompt: 'forbidden-content' }), {
      code: 'DataInspectionFailed',
      status: 400,
    });
    expect(env.sim.counters.get('create')).toBe(3);
  });

  it('sends nothing without a key', async () => {
    await expectErr(env.makeClient({ apiKey: async () => '' }).createTask(input()), {
      code: 'Client.MissingApiKey',
      status: 0,
    });
    expect(env.sim.counters.get('create')).toBe(0);
  });
});

describe('getTask', () => {
  it('maps PENDING, RUNNING and SUCCEEDED, and sends no async or JSON headers', async () => {
    env.sim.runTimes.enqueue(20_000);
    const { taskId } = await env.client.createTask(input());
    expect((await env.client.getTask(taskId)).status).toBe('PENDING');
    const get = env.log.find((r) => r.method === 'GET')!;
    expect(get.url).toBe(`${env.sim.baseUrl}/tasks/${taskId}`);
    expect(Object.keys(get.headers).sort()).toEqual(['accept', 'authorization', 'user-agent', 'x-dashscope-workspace']);
    const running = await advanceTo('RUNNING', taskId);
    expect(running.scheduledTime!.epochMs! - running.submitTime!.epochMs!).toBe(25);
    const done = await advanceTo('SUCCEEDED', taskId);
    if (done.status !== 'SUCCEEDED') throw new Error('unreachable');
    expect(done.images.map((i) => i.index)).toEqual([0, 1]);
    expect(done.failures).toEqual([]);
    expect(done.imageCount).toBe(2);
    expect(done.metrics).toEqual({ total: 2, succeeded: 2, failed: 0 });
    expect(done.endTime!.epochMs! - done.scheduledTime!.epochMs!).toBe(20_000);
    const png = await fetch(done.images[0]!.url);
    expect(png.status).toBe(200);
  });

  it('maps partial failure with each failed image in its slot', async () => {
    env.sim.outcomes.enqueue({ kind: 'partial', failed: 1, code: 'DataInspectionFailed' });
    const { taskId } = await env.client.createTask({ ...input(), n: 3 });
    const done = await advanceTo('SUCCEEDED', taskId);
    if (done.status !== 'SUCCEEDED') throw new Error('unreachable');
    expect(done.images.map((i) => i.index)).toEqual([0, 1]);
    expect(done.failures).toEqual([
      {
        index: 2,
        code: 'DataInspectionFailed',
        serverCode: 'DataInspectionFailed',
        message: 'Output data may contain inappropriate content.',
      },
    ]);
    expect(done.imageCount).toBe(2);
  });

  it('maps FAILED with the task-level code, and UNKNOWN ids', async () => {
    const { taskId } = await env.client.createTask({ ...input(), sketchImageUrl: env.files.url('/missing.png') });
    const failed = await advanceTo('FAILED', taskId);
    expect(failed).toMatchObject({
      status: 'FAILED',
      code: 'InvalidURL',
      serverCode: 'InvalidURL',
      metrics: { total: 2, succeeded: 0, failed: 2 },
    });
    expect((await env.client.getTask('00000000-0000-4000-8000-000000000000')).status).toBe('UNKNOWN');
  });

  it('treats an unexpected response shape as a typed error, not a crash', async () => {
    const odd = new DashScopeClient({
      apiKey: 'k-12345678',
      appName: 'Wanx Sketch Studio',
      appVersion: '0.1.0',
      fetch: async () => new Response('{"request_id":"r","output":{"task_status":"DONE"}}', { status: 200 }),
      clock: env.sim.clock,
      retry: { maxAttempts: 2, random: () => 0 },
    });
    await expectErr(odd.getTask('t'), { code: 'Client.BadResponse', status: 200, requestId: 'r' });
  });
});

describe('cancelTask and listTasks', () => {
  it('cancels a PENDING task; refuses a RUNNING one with the documented message', async () => {
    env.sim.runTimes.enqueue(30_000, 30_000);
    const first = await env.client.createTask(input());
    await env.sim.clock.advance(1000);
    const second = await env.client.createTask(input());
    const ok = await env.client.cancelTask(second.taskId);
    expect(ok.requestId).toMatch(/^[0-9a-f-]{36}$/);
    const cancelReq = env.log.find((r) => r.url.endsWith('/cancel'))!;
    expect([cancelReq.method, cancelReq.body, cancelReq.headers['content-type']]).toEqual([
      'POST',
      undefined,
      undefined,
    ]);
    expect((await env.client.getTask(second.taskId)).status).toBe('CANCELED');
    await expectErr(env.client.cancelTask(first.taskId), {
      code: 'UnsupportedOperation',
      status: 400,
      message: 'Failed to cancel the task, please confirm if the task is in PENDING status.',
      retryable: false,
    });
  });

  it('lists with the SDK parameter order and maps epoch-ms items', async () => {
    const { taskId } = await env.client.createTask(input());
    await env.sim.clock.advance(2000);
    const now = env.sim.clock.now();
    const page = await env.client.listTasks({
      startTime: now - 60_000,
      endTime: now + 60_000,
      modelName: 'wanx-sketch-to-image-lite',
      status: 'RUNNING',
    });
    const url = new URL(env.log.at(-1)!.url);
    expect(url.pathname).toBe('/api/v1/tasks');
    expect([...url.searchParams.keys()]).toEqual([
      'page_no',
      'page_size',
      'start_time',
      'end_time',
      'model_name',
      'status',
    ]);
    expect(url.searchParams.get('start_time')).toMatch(/^\d{14}$/);
    expect(page).toMatchObject({ total: 1, totalPage: 1, pageNo: 1, pageSize: 10 });
    expect(page.items[0]).toMatchObject({
      taskId,
      status: 'RUNNING',
      modelName: 'wanx-sketch-to-image-lite',
      apiKeyId: '11',
      endedAt: undefined,
    });
    expect(page.items[0]!.startedAt! - page.items[0]!.createdAt).toBe(25);
  });
});

describe('temporary upload', () => {
  it('gets a policy, posts the form, and creates with the OSS resolve header', async () => {
    const png = await makeSketch({});
    const url = await env.client.uploadFile({ name: 'sketch one.png', bytes: png });
    expect(url).toMatch(/^oss:\/\/dashscope-instant\/[0-9a-f]{12}\/\d{4}-\d{2}-\d{2}\/[0-9a-f-]{36}\/sketch one\.png$/);
    const [policyReq, ossReq] = env.log;
    expect(policyReq!.url).toBe(`${env.sim.baseUrl}/uploads?action=getPolicy&model=wanx-sketch-to-image-lite`);
    expect(Object.keys(policyReq!.headers).sort()).toEqual(['accept', 'authorization', 'user-agent']);
    expect(ossReq!.url).toBe(env.sim.uploadHost);
    expect(ossReq!.headers).toEqual({ accept: 'application/json', 'user-agent': 'WanxSketchStudio/0.1.0' });
    const fields = [...(ossReq!.body as FormData).keys()];
    expect(fields).toEqual([
      'OSSAccessKeyId',
      'Signature',
      'policy',
      'key',
      'x-oss-object-acl',
      'x-oss-forbid-overwrite',
      'success_action_status',
      'x-oss-content-type',
      'file',
    ]);

    const { taskId } = await env.client.createTask({ ...input(), sketchImageUrl: url });
    const create = env.log.find((r) => r.method === 'POST' && r.url.includes('image-synthesis'))!;
    expect(create.headers['x-dashscope-ossresourceresolve']).toBe('enable');
    const done = await advanceTo('SUCCEEDED', taskId);
    expect(done.status).toBe('SUCCEEDED');
    expect(
      env.log
        .filter((r) => r.method === 'GET' && r.url.includes('/tasks/'))
        .every((r) => !('x-dashscope-ossresourceresolve' in r.headers)),
    ).toBe(true);
  });

  it('reports OSS errors typed: expired policy, existing file; uploadFile refreshes an old policy', async () => {
    const png = await makeSketch({});
    const policy = await env.client.getUploadPolicy();
    expect(policy).toMatchObject({
      expireInSeconds: 300,
      maxFileSizeMb: 100,
      forbidOverwrite: 'true',
      objectAcl: 'private',
    });
    await env.client.uploadToOss(policy, { name: 'a.png', bytes: png });
    await expectErr(env.client.uploadToOss(policy, { name: 'a.png', bytes: png }), {
      code: 'Oss.FileAlreadyExists',
      status: 409,
      retryable: false,
    });
    await env.sim.clock.advance(301_000);
    await expectErr(env.client.uploadToOss(policy, { name: 'b.png', bytes: png }), {
      code: 'Oss.PolicyExpired',
      status: 403,
      message: 'Invalid according to Policy: Policy expired.',
    });
    await env.client.uploadFile({ name: 'c.png', bytes: png });
    await env.sim.clock.advance(301_000);
    await env.client.uploadFile({ name: 'd.png', bytes: png });
    expect(env.sim.counters.get('uploads.policy')).toBe(3);
  });

  it('drops a cached policy the OSS host refused: the next upload (a Retry) asks for a fresh one', async () => {
    const png = await makeSketch({});
    await env.client.uploadFile({ name: 'r1.png', bytes: png });
    const policies = env.sim.counters.get('uploads.policy');
    env.sim.faults.add({ route: 'oss.upload', fault: { kind: 'status', status: 403 } });
    await expect(env.client.uploadFile({ name: 'r2.png', bytes: png })).rejects.toMatchObject({ status: 403 });
    await env.client.uploadFile({ name: 'r3.png', bytes: png });
    expect(env.sim.counters.get('uploads.policy')).toBe(policies + 1);
  });
});

describe('endpoints', () => {
  it('defaults to Beijing and names regions', async () => {
    const urls: string[] = [];
    const make = (endpoint?: ConstructorParameters<typeof DashScopeClient>[0]['endpoint']) =>
      new DashScopeClient({
        apiKey: 'sk-x-12345678',
        appName: 'Wanx Sketch Studio',
        appVersion: '9.9.9',
        endpoint,
        fetch: async (u) => {
          urls.push(String(u));
          return new Response('{"request_id":"r","output":{"task_id":"t","task_status":"UNKNOWN"}}');
        },
        clock: env.sim.clock,
      });
    await make().getTask('t');
    await make({ region: 'ap-southeast-1' }).getTask('t');
    await make({ region: 'us-east-1' }).getTask('t');
    expect(urls).toEqual([
      'https://dashscope.aliyuncs.com/api/v1/tasks/t',
      'https://dashscope-intl.aliyuncs.com/api/v1/tasks/t',
      'https://dashscope-us.aliyuncs.com/api/v1/tasks/t',
    ]);
  });
});
