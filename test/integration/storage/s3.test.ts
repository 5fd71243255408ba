import type { EventEmitter } from 'node:events';
import type S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3Adapter, type S3AdapterDeps } from '../../../src-main/storage/adapters/s3';
import { systemClock } from '../../../src-main/common/clock';
import type { S3Config } from '../../../src-preload/contract/storage';
import { deadPort, fixedClock, sketchPng } from './helpers';
import { startS3rver } from './s3rver';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

let server: S3rver;
let endpoint: string;
const good = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

const config = (over: Partial<S3Config> = {}): S3Config => ({
  endpoint,
  region: 'us-east-1',
  bucket: 'sketches',
  prefix: 'wanx/',
  pathStyle: true,
  presignHours: 24,
  deleteAfterTask: true,
  ...over,
});

function adapter(over: Partial<S3AdapterDeps> = {}, cfg: Partial<S3Config> = {}) {
  return new S3Adapter({ config: config(cfg), credentials: good, clock: systemClock, ...over });
}

beforeAll(async () => {
  ({ s3: server, endpoint } = await startS3rver('s3rver-'));
});

afterAll(async () => {
  await server?.close();
});

describe('S3 adapter against s3rver', () => {
  it('uploads under the content address, and the presigned URL serves the same bytes', async () => {
    const { bytes, meta } = await sketchPng('#ffffff');
    const s3 = adapter();
    const progress: number[] = [];
    const result = await s3.upload(bytes, meta, { onProgress: (p) => progress.push(p) });
    expect(result.ref).toEqual({ adapter: 's3', key: `wanx/${meta.sha256}.png` });
    // What is kept is the bare address: a presigned GET holds the access key id.
    expect(result.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/sketches\/wanx\/[0-9a-f]{64}\.png$/);
    expect(result.headers).toEqual({});
    expect(result.expiresAt).toBeGreaterThan(Date.now() + 23.9 * 3_600_000);
    expect(progress).toEqual([0, 1]);

    const signed = await s3.signedUrl(result.ref.key);
    expect(signed.url.startsWith(`${result.url}?`)).toBe(true);
    expect(signed.url).toMatch(/^[\x21-\x7e]+$/);
    expect(signed.url).toContain('X-Amz-Expires=86400');
    const fetched = await fetch(signed.url);
    expect(fetched.status).toBe(200);
    expect(fetched.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await fetched.arrayBuffer()).equals(Buffer.from(bytes))).toBe(true);
    s3.dispose();
  });

  it('does not PUT a sketch that is already there', async () => {
    const { bytes, meta } = await sketchPng('#f0f0f0');
    const s3 = adapter();
    const puts: string[] = [];
    // s3rver emits S3 notification events (it is an EventEmitter; its typings omit that).
    (server as unknown as EventEmitter).on('event', (e: { Records: { eventName: string }[] }) =>
      puts.push(...e.Records.map((r) => r.eventName)),
    );
    await s3.upload(bytes, meta);
    await s3.upload(bytes, meta);
    await s3.upload(bytes, meta);
    expect(puts.filter((n) => n.startsWith('ObjectCreated'))).toEqual(['ObjectCreated:Put']);
    s3.dispose();
  });

  it('hands out URLs that expire: a URL signed 25 h ago with a 24 h lifetime is refused', async () => {
    const { bytes, meta } = await sketchPng('#e0e0e0');
    const past = adapter({ clock: fixedClock(Date.now() - 25 * 3_600_000) });
    const result = await past.upload(bytes, meta);
    expect(result.expiresAt).toBeLessThan(Date.now());
    const fetched = await fetch((await past.signedUrl(result.ref.key)).url);
    expect(fetched.status).toBe(403);
    expect(await fetched.text()).toContain('AccessDenied');
    past.dispose();
  });

  it('deletes the object', async () => {
    const { bytes, meta } = await sketchPng('#d0d0d0');
    const s3 = adapter();
    const result = await s3.upload(bytes, meta);
    await s3.delete(result.ref.key);
    expect((await fetch((await s3.signedUrl(result.ref.key)).url)).status).toBe(404);
    s3.dispose();
  });

  it('tests the configuration: ok, unknown bucket', async () => {
    const ok = adapter();
    await expect(ok.test()).resolves.toEqual({ endpoint });
    ok.dispose();
    const missing = adapter({}, { bucket: 'no-such-bucket' });
    await expect(missing.test()).rejects.toMatchObject({
      code: 'storage.noSuchBucket',
      params: { endpoint, bucket: 'no-such-bucket' },
    });
    missing.dispose();
  });

  it('names the endpoint when the credentials are wrong, and nothing is stored', async () => {
    const { bytes, meta } = await sketchPng('#c0c0c0');
    const bad = adapter({ credentials: { accessKeyId: 'NOT-A-KEY', secretAccessKey: 'whatever-secret-value' } });
    const error = await bad.upload(bytes, meta).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'storage.badCredentials', params: { endpoint } });
    expect(String((error as Error).message)).toContain(endpoint);
    expect(JSON.stringify(error) + String(error)).not.toContain('whatever-secret-value');
    await expect(bad.test()).rejects.toMatchObject({ code: 'storage.badCredentials' });
    bad.dispose();
    // Nothing half-written: the object is not there.
    const check = adapter();
    const head = await fetch(`${endpoint}/sketches/wanx/${meta.key}`);
    expect(head.status).toBe(404);
    check.dispose();
  });

  it('names the endpoint when nothing answers', async () => {
    const port = await deadPort();
    const { bytes, meta } = await sketchPng('#b0b0b0');
    const dead = adapter({}, { endpoint: `http://127.0.0.1:${port}` });
    await expect(dead.upload(bytes, meta)).rejects.toMatchObject({
      code: 'storage.unreachable',
      params: { endpoint: `http://127.0.0.1:${port}` },
    });
    dead.dispose();
  });

  it('stops at once when the caller aborts', async () => {
    const { bytes, meta } = await sketchPng('#a0a0a0');
    const s3 = adapter();
    const controller = new AbortController();
    controller.abort(new Error('job canceled'));
    await expect(s3.upload(bytes, meta, { signal: controller.signal })).rejects.toThrow('job canceled');
    s3.dispose();
  });
});
