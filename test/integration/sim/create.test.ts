import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MESSAGES } from '../../sim';
import { CREATE_PATH, UUID, createBody, output, post, raw, setup } from './helpers';
import type { Env } from './helpers';

let env: Env;
beforeAll(async () => {
  env = await setup({
    accounts: [
      {
        id: '1000000000000001',
        keys: [
          { key: 'sk-main', id: '1' },
          { key: 'sk-ram', id: '2', kind: 'ram' },
          { key: 'sk-blocked', blocked: true },
        ],
        workspaces: ['llm-ws1'],
      },
      { id: '2000000000000002', keys: [{ key: 'sk-broke' }], arrears: true },
    ],
    blockedWords: ['forbidden-content'],
  });
});
afterAll(() => env.close());
// Two creates per second per account: step the clock so quota never leaks between tests.
beforeEach(() => env.sim.clock.advance(1000));

const expectError = (
  r: { status: number; json: Record<string, unknown> },
  status: number,
  code: string,
  message: string,
) => {
  expect(r.status).toBe(status);
  expect(Object.keys(r.json)).toEqual(['request_id', 'code', 'message']);
  expect(r.json).toMatchObject({ code, message });
  expect(r.json.request_id).toMatch(UUID);
};

describe('create: authentication and headers', () => {
  it('answers a missing key with 401 "No API-key provided."', async () => {
    expectError(await post(env, createBody(), { Authorization: '' }), 401, 'InvalidApiKey', 'No API-key provided.');
  });

  it('answers an unknown key with 401 "Invalid API-key provided." and a blocked one with its message', async () => {
    expectError(
      await post(env, createBody(), { Authorization: 'Bearer sk-nope' }),
      401,
      'InvalidApiKey',
      'Invalid API-key provided.',
    );
    expectError(
      await post(env, createBody(), { Authorization: 'Bearer sk-blocked' }),
      401,
      'InvalidApiKey',
      'API-key is blocked.',
    );
  });

  it('requires X-DashScope-Async: enable', async () => {
    expectError(
      await post(env, createBody(), { 'X-DashScope-Async': '' }),
      403,
      'AccessDenied',
      'current user api does not support synchronous calls.',
    );
    expectError(
      await post(env, createBody(), { 'X-DashScope-Async': 'disable' }),
      403,
      'AccessDenied',
      MESSAGES.asyncRequired,
    );
  });

  it('checks the workspace header against the account, and requires one for RAM keys', async () => {
    expectError(
      await post(env, createBody(), { 'X-DashScope-WorkSpace': 'llm-other' }),
      401,
      'NOT AUTHORIZED',
      MESSAGES.notAuthorizedWorkspace,
    );
    expectError(
      await post(env, createBody(), { Authorization: 'Bearer sk-ram' }),
      401,
      'NOT AUTHORIZED',
      MESSAGES.notAuthorizedWorkspace,
    );
    const ok = await post(env, createBody({}, env.sketchUrl), {
      Authorization: 'Bearer sk-ram',
      'X-DashScope-WorkSpace': 'llm-ws1',
    });
    expect(ok.status).toBe(200);
  });

  it('answers an overdue account with 400 Arrearage', async () => {
    expectError(
      await post(env, createBody(), { Authorization: 'Bearer sk-broke' }),
      400,
      'Arrearage',
      'Access denied, please make sure your account is in good standing.',
    );
  });
});

describe('create: body validation', () => {
  it('rejects non-JSON with BadRequest.IllegalInput', async () => {
    expectError(
      await post(env, '{model:'),
      400,
      'BadRequest.IllegalInput',
      'The input parameter requires json format.',
    );
  });

  it('distinguishes a missing model from an unknown one', async () => {
    expectError(
      await post(env, JSON.stringify({ input: { prompt: 'x', sketch_image_url: env.sketchUrl } })),
      400,
      'BadRequest.EmptyModel',
      'Required parameter "model" missing from request.',
    );
    expectError(
      await post(env, createBody({ model: 'wanx-sketch-to-image-max' })),
      400,
      'InvalidParameter',
      'Model not exist.',
    );
  });

  it('rejects a missing input object', async () => {
    expectError(
      await post(env, JSON.stringify({ model: 'wanx-sketch-to-image-lite', parameters: {} })),
      400,
      'BadRequest.EmptyInput',
      'Required input parameter missing from request.',
    );
  });

  it.each([
    ['input.prompt', { input: { sketch_image_url: 'http://127.0.0.1/x.png' } }],
    ['input.sketch_image_url', { input: { prompt: 'a tree' } }],
    ['parameters.n', { parameters: { n: 0 } }],
    ['parameters.n', { parameters: { n: 5 } }],
    ['parameters.n', { parameters: { n: 2.5 } }],
    ['parameters.sketch_weight', { parameters: { sketch_weight: 11 } }],
    ['parameters.sketch_weight', { parameters: { sketch_weight: -1 } }],
    ['parameters.style', { parameters: { style: '<pixel art>' } }],
    ['parameters.size', { parameters: { size: '1024*1024' } }],
    ['parameters.sketch_color', { parameters: { sketch_color: [[0, 0]] } }],
    ['parameters.sketch_extraction', { parameters: { sketch_extraction: 'yes' } }],
  ])('answers a bad %s with the documented InvalidParameter', async (field, over) => {
    expectError(
      await post(env, createBody(over)),
      400,
      'InvalidParameter',
      `Required parameter(${field}) missing or invalid, please check the request parameters.`,
    );
  });

  it('flags prompts failing input inspection with 400 DataInspectionFailed', async () => {
    const r = await post(
      env,
      createBody({ input: { prompt: 'some forbidden-content here', sketch_image_url: env.sketchUrl } }),
    );
    expectError(r, 400, 'DataInspectionFailed', 'Input data may contain inappropriate content.');
  });
});

describe('create: accepted requests', () => {
  it('returns PENDING with task and request ids, on both the documented and the SDK path', async () => {
    for (const path of [CREATE_PATH, `${CREATE_PATH}/`]) {
      await env.sim.clock.advance(1000);
      const r = await post(env, createBody({}, env.sketchUrl), {}, path);
      expect(r.status).toBe(200);
      expect(Object.keys(r.json)).toEqual(['output', 'request_id']);
      expect(Object.keys(output(r))).toEqual(['task_status', 'task_id']);
      expect(output(r).task_status).toBe('PENDING');
      expect(output(r).task_id).toMatch(UUID);
    }
  });

  it('silently truncates prompts to 75 characters (code points)', async () => {
    const prompt = `${'树'.repeat(70)}🌳🌳🌳🌳🌳🌳🌳🌳`;
    const r = await post(env, createBody({ input: { prompt, sketch_image_url: env.sketchUrl } }));
    expect(r.status).toBe(200);
    const task = await env.sim.tasks.get(output(r).task_id as string);
    expect(Array.from(task!.prompt)).toHaveLength(75);
    expect(task!.prompt).toBe(`${'树'.repeat(70)}🌳🌳🌳🌳🌳`);
  });

  it('applies the documented defaults: n=4, sketch_weight=10, <auto>, 768*768', async () => {
    const r = await post(env, createBody({}, env.sketchUrl));
    const task = await env.sim.tasks.get(output(r).task_id as string);
    expect(task).toMatchObject({
      n: 4,
      sketchWeight: 10,
      style: '<auto>',
      size: '768*768',
      sketchExtraction: false,
      sketchColor: [],
    });
  });

  it('refuses the sketch model on text2image/image-synthesis (contract §8 q3)', async () => {
    expectError(
      await post(env, createBody({}, env.sketchUrl), {}, '/services/aigc/text2image/image-synthesis'),
      403,
      'AccessDenied',
      'Current user api does not support asynchronous calls.',
    );
    expect(env.sim.counters.get('create.text2image')).toBe(1);
  });

  it('rejects oss:// without X-DashScope-OssResourceResolve (contract §8 q1)', async () => {
    const body = createBody({ input: { prompt: 'x', sketch_image_url: 'oss://dashscope-instant/a/b/c.png' } });
    expectError(
      await post(env, body),
      400,
      'InvalidParameter',
      'The provided URL does not appear to be valid. Ensure it is correctly formatted.',
    );
  });

  it('answers unknown paths with 404 NotFound', async () => {
    const r = await raw(`${env.sim.baseUrl}/services/aigc/nothing`, {
      headers: { Authorization: `Bearer ${env.sim.apiKey}` },
    });
    expectError(r, 404, 'NotFound', 'Not found!');
  });
});

describe('create: rate limit', () => {
  it('allows two creates per second per account, then 429 Throttling.RateQuota without Retry-After', async () => {
    const codes = [];
    for (let i = 0; i < 3; i++) codes.push((await post(env, createBody({}, env.sketchUrl))).status);
    expect(codes).toEqual([200, 200, 429]);
    const r = await post(env, createBody({}, env.sketchUrl));
    expectError(r, 429, 'Throttling.RateQuota', 'Requests rate limit exceeded, please try again later.');
    expect(r.headers.get('retry-after')).toBeNull();
    await env.sim.clock.advance(1000);
    expect((await post(env, createBody({}, env.sketchUrl))).status).toBe(200);
  });

  it('counts per account: another account is not throttled by the first', async () => {
    await post(env, createBody({}, env.sketchUrl));
    await post(env, createBody({}, env.sketchUrl));
    expect((await post(env, createBody({}, env.sketchUrl))).status).toBe(429);
    expect(
      (
        await post(env, createBody({}, env.sketchUrl), {
          Authorization: 'Bearer sk-ram',
          'X-DashScope-WorkSpace': 'llm-ws1',
        })
      ).status,
    ).toBe(429);
  });
});

describe('create: configurable open questions', () => {
  it('can accept text2image, send Retry-After, use the legacy message, and fail oss:// tasks later', async () => {
    const alt = await setup({
      behaviour: {
        text2imageRoute: 'accept',
        retryAfterSeconds: 1,
        invalidParameterStyle: 'legacy',
        ossWithoutResolveHeader: 'task-fails',
      },
    });
    try {
      expect(
        (await post(alt, createBody({}, alt.sketchUrl), {}, '/services/aigc/text2image/image-synthesis')).status,
      ).toBe(200);
      const bad = await post(alt, createBody({ parameters: { n: 9 } }));
      expect(bad.json.message).toBe('Required parameter(s) missing or invalid, please check the request parameters.');
      expect((await post(alt, createBody({}, alt.sketchUrl))).status).toBe(200);
      const throttled = await post(alt, createBody({}, alt.sketchUrl));
      expect([throttled.status, throttled.headers.get('retry-after')]).toEqual([429, '1']);
      await alt.sim.clock.advance(1000);
      const oss = await post(
        alt,
        createBody({ input: { prompt: 'x', sketch_image_url: 'oss://dashscope-instant/a/b/c.png' } }),
      );
      expect(oss.status).toBe(200);
      await alt.sim.clock.advance(300_000); // behind the two earlier tasks of this account
      const t = await alt.sim.tasks.get(output(oss).task_id as string);
      expect(t?.final).toMatchObject({ status: 'FAILED', code: 'InvalidURL' });
    } finally {
      await alt.close();
    }
  });
});
