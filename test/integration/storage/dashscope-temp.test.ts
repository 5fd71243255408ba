import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../../src-main/common/clock';
import { DashScopeClient } from '../../../src-main/dashscope/client';
import { DashScopeTempAdapter, OSS_RESOLVE_HEADER } from '../../../src-main/storage/adapters/dashscope-temp';
import { SketchUploader } from '../../../src-main/storage/uploader';
import { startSimulator, type Simulator } from '../../sim';
import { deadPort, sketchPng } from './helpers';

let sim: Simulator;

function client(apiKey: string, baseUrl = sim.baseUrl) {
  return new DashScopeClient({
    apiKey,
    appName: 'Wanx Sketch Studio',
    appVersion: '0.0.0-test',
    endpoint: { baseUrl },
    fetch: (input, init) => fetch(input, init),
    clock: systemClock,
    retry: { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 20 },
  });
}

const adapterFor = (apiKey: string, baseUrl = sim.baseUrl) =>
  new DashScopeTempAdapter({ client: client(apiKey, baseUrl), baseUrl, clock: systemClock });

beforeAll(async () => {
  sim = await startSimulator({ speed: 1000 });
});
afterAll(async () => {
  await sim?.close();
});

async function waitFinal(c: DashScopeClient, taskId: string) {
  for (let i = 0; i < 200; i++) {
    const task = await c.getTask(taskId);
    if (['SUCCEEDED', 'FAILED', 'CANCELED', 'UNKNOWN'].includes(task.status)) return task;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('task did not finish');
}

describe('DashScope temporary storage against the simulator', () => {
  it('policy → form upload → oss:// → a task that resolves it and succeeds', async () => {
    const { bytes, meta } = await sketchPng('#ffffff', 768);
    const uploader = new SketchUploader({
      active: async () => ({
        adapter: adapterFor(sim.apiKey),
        fingerprint: 'sim',
        deleteAfterTask: false,
        destination: { adapter: 'dashscope-temp', endpoint: sim.baseUrl, credentialId: 'sim' },
      }),
      clock: systemClock,
    });
    const before = Date.now();
    const upload = await uploader.upload(bytes);
    expect(upload.url).toMatch(new RegExp(`^oss://[\\x21-\\x7e]+/${meta.key}$`));
    expect(upload.headers).toEqual(OSS_RESOLVE_HEADER);
    expect(upload.expiresAt).toBeGreaterThanOrEqual(before + 48 * 3_600_000);
    expect(upload.expiresAt).toBeLessThanOrEqual(Date.now() + 48 * 3_600_000);
    const policies = sim.counters.get('uploads.policy');
    const posts = sim.counters.get('oss.upload');
    expect(policies).toBeGreaterThan(0);
    expect(posts).toBeGreaterThan(0);

    // Same bytes again: reused, nothing sent.
    const again = await uploader.upload(new Uint8Array(bytes));
    expect(again).toMatchObject({ url: upload.url, reused: true });
    expect(sim.counters.get('uploads.policy')).toBe(policies);
    expect(sim.counters.get('oss.upload')).toBe(posts);

    const c = client(sim.apiKey);
    const created = await c.createTask({ prompt: 'a tree on a hill', sketchImageUrl: upload.url, n: 1 });
    const done = await waitFinal(c, created.taskId);
    expect(done.status).toBe('SUCCEEDED');
  });

  it('test() asks for a policy: ok with a valid key, a key error (not upload credentials) naming the endpoint otherwise', async () => {
    await expect(adapterFor(sim.apiKey).test()).resolves.toEqual({ endpoint: sim.baseUrl });
    await expect(adapterFor('sk-not-a-real-key-000000000000').test()).rejects.toMatchObject({
      code: 'secrets.keyInvalid',
      params: { endpoint: sim.baseUrl },
    });
  });

  it('a bad key fails the upload as a key error with the endpoint named, and nothing reaches the upload host', async () => {
    const { bytes, meta } = await sketchPng('#eeeeee');
    const posts = sim.counters.get('oss.upload');
    const error = await adapterFor('sk-not-a-real-key-000000000000')
      .upload(bytes, meta)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'secrets.keyInvalid', params: { endpoint: sim.baseUrl } });
    expect(JSON.stringify(error) + String(error)).not.toContain('sk-not-a-real-key');
    expect(sim.counters.get('oss.upload')).toBe(posts);
  });

  it('an unreachable endpoint fails with the endpoint named', async () => {
    const port = await deadPort();
    const baseUrl = `http://127.0.0.1:${port}/api/v1`;
    const { bytes, meta } = await sketchPng('#dddddd');
    await expect(adapterFor(sim.apiKey, baseUrl).upload(bytes, meta)).rejects.toMatchObject({
      code: 'storage.unreachable',
      params: { endpoint: baseUrl },
    });
  });
});
