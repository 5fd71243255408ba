import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type S3rver from 's3rver';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { storageAccount } from '../../../src-main/secrets/accounts';
import type { Services } from '../../../src-main/services';
import type { S3Config } from '../../../src-preload/contract/storage';
import { openIpcApp, secretHeaderHttp as httpConfig, type Call } from '../secrets/helpers';
import { Recorder, sketchPng } from './helpers';
import { startS3rver } from './s3rver';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

/**
 * Storage secrets bound to their destination, through IPC on real services: "Test" with the
 * form's unsaved values against a real s3rver, and loopback recorders standing in for another
 * server (they record every request's headers) and for a redirect target.
 */

let s3: S3rver;
let s3Endpoint: string;
let elsewhere: Recorder;
let target: Recorder;
let dataDir: string;
let services: Services;
let call: Call;
let sent: string[];
let logged: string[];

const TOKEN = 'Bearer upload-secret-token-0001';

const s3Config = (over: Partial<S3Config> = {}): S3Config => ({
  endpoint: s3Endpoint,
  region: 'us-east-1',
  bucket: 'sketches',
  prefix: '',
  pathStyle: true,
  presignHours: 24,
  deleteAfterTask: false,
  ...over,
});

beforeAll(async () => {
  ({ s3, endpoint: s3Endpoint } = await startS3rver('s3rver-binding-'));
  elsewhere = await new Recorder().start();
  target = await new Recorder().start();
});
afterAll(async () => {
  await s3?.close();
  await elsewhere?.close();
  await target?.close();
});

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'wss-storage-binding-'));
  elsewhere.reset();
  target.reset();
  ({ services, call, sent, logged } = await openIpcApp({ dataDir, sessionWithoutKeychain: true, watch: true }));
});
afterEach(async () => {
  vi.restoreAllMocks();
  await services.shutdown(2000);
  await rm(dataDir, { recursive: true, force: true });
});

const ok = async (channel: string, payload?: unknown) => {
  const r = await call(channel, payload);
  if (!r.ok) throw new Error(`${channel}: ${JSON.stringify(r.error)}`);
  return r.value;
};

describe('Test with what is on screen, saving nothing', () => {
  it('S3: the form’s unsaved config and typed keys are tested; settings and saved secrets stay as they were', async () => {
    const settingsBefore = await ok('settings.get');
    const statusBefore = await ok('storage.status');
    const r = await call('storage.test', {
      adapter: 's3',
      config: s3Config(),
      secrets: [
        { field: 'accessKeyId', value: 'S3RVER' },
        { field: 'secretAccessKey', value: 'S3RVER' },
      ],
    });
    expect(r).toEqual({ ok: true, value: { endpoint: s3Endpoint } });
    expect(await ok('settings.get')).toEqual(settingsBefore);
    expect(await ok('storage.status')).toEqual(statusBefore);
    // Wrong typed keys fail the same test: it really used them.
    const bad = await call('storage.test', {
      adapter: 's3',
      config: s3Config(),
      secrets: [
        { field: 'accessKeyId', value: 'NOT-A-KEY' },
        { field: 'secretAccessKey', value: 'whatever-secret-value' },
      ],
    });
    expect(bad.error?.code).toBe('storage.badCredentials');
  });

  it('S3: keys saved for one endpoint are not used for another one on screen', async () => {
    await ok('settings.update', { storage: { s3: s3Config() } });
    await ok('storage.setSecret', { adapter: 's3', field: 'accessKeyId', value: 'S3RVER' });
    await ok('storage.setSecret', { adapter: 's3', field: 'secretAccessKey', value: 'S3RVER' });
    expect((await call('storage.test', { adapter: 's3' })).ok).toBe(true);
    const moved = await call('storage.test', { adapter: 's3', config: s3Config({ endpoint: elsewhere.origin }) });
    expect(moved.error).toMatchObject({ code: 'storage.missingSecret', params: { field: 'accessKeyId' } });
    expect(elsewhere.requests).toEqual([]);
  });

  it('custom HTTP: a saved secret header goes only to its own origin', async () => {
    await ok('settings.update', { storage: { http: httpConfig(`${target.origin}/upload/{key}`) } });
    await ok('storage.setSecret', { adapter: 'http', field: 'header:Authorization', value: TOKEN });
    expect((await call('storage.test', { adapter: 'http' })).ok).toBe(true);
    expect(target.requests.map((r) => r.headers.authorization)).toEqual([TOKEN]);
    const onScreen = await call('storage.test', {
      adapter: 'http',
      config: httpConfig(`${elsewhere.origin}/upload/{key}`),
    });
    expect(onScreen.error).toMatchObject({ code: 'storage.missingSecret', params: { field: 'header:Authorization' } });
    expect(elsewhere.requests).toEqual([]);
  });
});

describe('where secrets may travel', () => {
  it('custom HTTP: a redirect is refused in Test and in the upload, and the header is not forwarded', async () => {
    elsewhere.redirectTo = target.origin;
    const tested = await call('storage.test', {
      adapter: 'http',
      config: httpConfig(`${elsewhere.origin}/upload/{key}`),
      secrets: [{ field: 'header:Authorization', value: TOKEN }],
    });
    expect(tested.error).toMatchObject({ code: 'storage.redirectRefused' });
    expect(elsewhere.requests.map((r) => r.method)).toEqual(['OPTIONS']);

    await ok('settings.update', { storage: { adapter: 'http', http: httpConfig(`${elsewhere.origin}/upload/{key}`) } });
    await ok('storage.setSecret', { adapter: 'http', field: 'header:Authorization', value: TOKEN });
    const { bytes } = await sketchPng('#ffffff');
    await expect(services.storage.uploader.upload(bytes)).rejects.toMatchObject({ code: 'storage.redirectRefused' });
    expect(elsewhere.requests.map((r) => r.method)).toEqual(['OPTIONS', 'PUT']);
    expect(target.requests).toEqual([]);
  });

  it('plain http to a host that is not this computer is refused before anything is sent', async () => {
    const http = await call('storage.test', {
      adapter: 'http',
      config: httpConfig('http://upload.example.com/sketches/{key}'),
      secrets: [{ field: 'header:Authorization', value: TOKEN }],
    });
    expect(http.error).toMatchObject({
      code: 'storage.insecureEndpoint',
      params: { endpoint: 'http://upload.example.com' },
    });
    const viaS3 = await call('storage.test', {
      adapter: 's3',
      config: s3Config({ endpoint: 'http://s3.example.com' }),
      secrets: [
        { field: 'accessKeyId', value: 'AKIAEXAMPLE000000' },
        { field: 'secretAccessKey', value: 'example-secret-0000' },
      ],
    });
    expect(viaS3.error).toMatchObject({
      code: 'storage.insecureEndpoint',
      params: { endpoint: 'http://s3.example.com' },
    });
    expect(sent).toEqual([]);
  });

  it('a header value with CR/LF is refused: by the form’s schema, and from a tampered keychain entry without its value anywhere', async () => {
    const typed = await call('storage.setSecret', {
      adapter: 'http',
      field: 'header:Authorization',
      value: 'Bearer abc\r\nX-Injected: 1',
    });
    expect(typed.error).toMatchObject({ code: 'ipc.invalidPayload', issues: [{ path: ['value'], kind: 'format' }] });
    const plain = await call('settings.update', {
      storage: { http: { headers: [{ name: 'X-Team', secret: false, value: 'a\nX-Injected: 1' }] } },
    });
    expect(plain.error).toMatchObject({ code: 'ipc.invalidPayload' });

    await ok('settings.update', { storage: { http: httpConfig(`${target.origin}/upload/{key}`) } });
    await services.secrets.set(
      storageAccount('http', 'header:Authorization', target.origin),
      'Bearer zzsecret\r\nX-Injected: 1',
    );
    const r = await call('storage.test', { adapter: 'http' });
    expect(r.error).toMatchObject({ code: 'storage.badSecretValue', params: { field: 'header:Authorization' } });
    const seen = JSON.stringify(r) + logged.join('\n');
    expect(seen).not.toContain('zzsecret');
    expect(seen).not.toContain('X-Injected');
    expect(target.requests).toEqual([]);
  });
});

describe('S3 behind a redirect', () => {
  it('is refused as a redirect, and the signed request is not repeated at the target', async () => {
    elsewhere.redirectTo = target.origin;
    const r = await call('storage.test', {
      adapter: 's3',
      config: s3Config({ endpoint: elsewhere.origin }),
      secrets: [
        { field: 'accessKeyId', value: 'S3RVER' },
        { field: 'secretAccessKey', value: 'S3RVER' },
      ],
    });
    expect(r.error).toMatchObject({ code: 'storage.redirectRefused', params: { endpoint: elsewhere.origin } });
    expect(elsewhere.requests.length).toBeGreaterThan(0);
    expect(target.requests).toEqual([]);
  });
});
