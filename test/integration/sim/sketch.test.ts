import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTaskTime } from '../../../src-main/dashscope/time';
import { MESSAGES } from '../../sim';
import { createBody, getTask, makeSketch, output, post, setup } from './helpers';
import type { Env } from './helpers';

let env: Env;
beforeAll(async () => {
  env = await setup({ limits: { createsPerSecond: 1000, concurrentTasks: 50 } });
  const f = env.files;
  f.put('/ok.jpg', await makeSketch({ format: 'jpeg' }), 'image/jpeg');
  f.put('/ok.webp', await makeSketch({ format: 'webp' }), 'image/webp');
  f.put('/ok.tiff', await makeSketch({ format: 'tiff' }), 'image/tiff');
  f.put('/ok-256.png', await makeSketch({ width: 256, height: 256 }));
  f.put('/ok-2048x1100.png', await makeSketch({ width: 2048, height: 1100 }));
  f.put('/anim.gif', await makeSketch({ format: 'gif' }), 'image/gif');
  f.put('/text.png', Buffer.from('this is not an image'));
  f.put('/small.png', await makeSketch({ width: 255, height: 300 }));
  f.put('/big.png', await makeSketch({ width: 2049, height: 2000 }));
  f.put('/wide.png', await makeSketch({ width: 1024, height: 512 }));
  // Noise does not compress: a 2000×2000 RGB PNG of it is ~12 MB.
  f.put(
    '/heavy.png',
    await sharp(randomBytes(2000 * 2000 * 3), { raw: { width: 2000, height: 2000, channels: 3 } })
      .png({ compressionLevel: 0 })
      .toBuffer(),
  );
});
afterAll(() => env.close());

async function outcome(url: string): Promise<Record<string, unknown>> {
  const r = await post(env, createBody({ parameters: { n: 1 } }, url));
  expect(r.status, r.text).toBe(200);
  const id = output(r).task_id as string;
  await env.sim.clock.advance(2000);
  return output(await getTask(env, id));
}

describe('sketch download and validation', () => {
  it.each(['/ok.jpg', '/ok.webp', '/ok.tiff', '/ok-256.png', '/ok-2048x1100.png'])('accepts %s', async (path) => {
    env.sim.runTimes.enqueue(1000);
    expect((await outcome(env.files.url(path))).task_status).toBe('SUCCEEDED');
  });

  it.each([
    ['an unreachable URL', () => 'http://127.0.0.1:1/nothing.png'],
    ['a 404', () => env.files.url('/missing.png')],
    ['a GIF', () => env.files.url('/anim.gif')],
    ['text posing as PNG', () => env.files.url('/text.png')],
    ['a file over 10 MB', () => env.files.url('/heavy.png')],
    ['Chinese characters in the URL', () => env.files.url('/草图.png')],
    ['a non-http scheme', () => 'ftp://127.0.0.1/x.png'],
    ['a host beyond loopback', () => 'https://example.com/sketch.png'],
  ])('fails the task with InvalidURL for %s, 1.5 s after it starts', async (_what, url) => {
    const o = await outcome(url());
    expect(o).toMatchObject({
      task_status: 'FAILED',
      code: 'InvalidURL',
      message: MESSAGES.invalidUrl,
      task_metrics: { TOTAL: 1, SUCCEEDED: 0, FAILED: 1 },
    });
    expect(parseTaskTime(o.end_time as string)! - parseTaskTime(o.scheduled_time as string)!).toBe(1500);
  });

  it.each(['/small.png', '/big.png', '/wide.png'])('fails %s with InvalidFile.Resolution', async (path) => {
    const o = await outcome(env.files.url(path));
    expect(o).toMatchObject({
      task_status: 'FAILED',
      code: 'InvalidFile.Resolution',
      message: MESSAGES.invalidResolution,
    });
  });

  it('can answer bad sketches synchronously instead (sketchErrors: reject)', async () => {
    const alt = await setup({ behaviour: { sketchErrors: 'reject' } });
    try {
      const r = await post(alt, createBody({}, 'http://127.0.0.1:1/x.png'));
      expect(r.status).toBe(400);
      expect(r.json).toMatchObject({ code: 'InvalidURL', message: MESSAGES.invalidUrl });
    } finally {
      await alt.close();
    }
  });
});
