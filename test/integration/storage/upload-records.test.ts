import type { EventEmitter } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HeadObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import type S3rver from 's3rver';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../../src-main/common/clock';
import { createDispatcher } from '../../../src-main/ipc/dispatcher';
import { createHandlers } from '../../../src-main/ipc/handlers';
import { createServices, type Services } from '../../../src-main/services';
import { createNodeDeps } from '../../harness/node-deps';
import { sketchPng } from './helpers';
import { startS3rver } from './s3rver';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

/**
 * Upload records outlive the process: real services on one data folder, restarted, against a
 * real s3rver with two buckets; the keychain is the real one in a D-Bus session (else session-only).
 */
let s3: S3rver;
let endpoint: string;
let raw: S3Client;
let dataDir: string;
const running: Services[] = [];
let now = Date.UTC(2026, 0, 5, 9);
const clock: Clock = { now: () => now, sleep: async () => {} };

beforeAll(async () => {
  ({ s3, endpoint } = await startS3rver('s3rver-records-', ['old-bucket', 'new-bucket']));
  raw = new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
});
afterAll(async () => {
  raw?.destroy();
  await s3?.close();
});

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'wss-records-'));
});
afterEach(async () => {
  for (const s of running.splice(0)) await s.shutdown(2000);
  await rm(dataDir, { recursive: true, force: true });
});

/** Real services on `dataDir`; S3 in settings, its secrets saved through IPC like the Settings view does. */
async function open(bucket: string, o: { saveSecrets?: boolean } = {}) {
  const { deps } = createNodeDeps({ dataDir, emit: () => undefined, clock });
  const services = createServices(deps);
  running.push(services);
  if ((await services.secrets.backendState()) === 'unavailable') await services.apiKey.useSessionOnly();
  const dispatch = createDispatcher(createHandlers(services), {
    isTrustedSender: () => true,
    logError: () => undefined,
  });
  const call = async (channel: string, payload?: unknown) => {
    const r = (await dispatch(channel, payload, 'app://renderer/')) as {
      ok: boolean;
      value?: unknown;
      error?: unknown;
    };
    if (!r.ok) throw new Error(`${channel}: ${JSON.stringify(r.error)}`);
    return r.value;
  };
  await call('settings.update', {
    storage: {
      adapter: 's3',
      s3: {
        endpoint,
        region: 'us-east-1',
        bucket,
        prefix: 'wss/',
        pathStyle: true,
        presignHours: 24,
        deleteAfterTask: true,
      },
    },
  });
  // Session-only secrets die with the process; the keychain keeps them across the restart.
  const keepsSecrets = (await services.secrets.backendState()) === 'keychain';
  if (o.saveSecrets !== false || !keepsSecrets) {
    await call('storage.setSecret', { adapter: 's3', field: 'accessKeyId', value: 'S3RVER' });
    await call('storage.setSecret', { adapter: 's3', field: 'secretAccessKey', value: 'S3RVER' });
  }
  return { services, call, shutdown: () => services.shutdown(2000) };
}

async function exists(bucket: string, key: string): Promise<boolean> {
  try {
    await raw.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return true;
  } catch (e) {
    if (e instanceof S3ServiceException && e.$metadata.httpStatusCode === 404) return false;
    throw e;
  }
}

function s3Writes(): string[] {
  const seen: string[] = [];
  (s3 as unknown as EventEmitter).on(
    'event',
    (e: { Records: { eventName: string; s3: { bucket: { name: string } } }[] }) =>
      seen.push(...e.Records.map((r) => `${r.eventName} ${r.s3.bucket.name}`)),
  );
  return seen;
}

describe('upload records that outlive the process', () => {
  it('a restarted app on the same folder reuses the upload instead of sending it again', async () => {
    const { bytes } = await sketchPng('#fafafa');
    const first = await open('old-bucket');
    const up = await first.services.storage.uploader.upload(bytes);
    expect(up.reused).toBe(false);
    expect(up.ref.destination).toMatchObject({ adapter: 's3', endpoint, bucket: 'old-bucket' });
    await first.shutdown();
    running.length = 0;

    const onDisk = JSON.parse(await readFile(join(dataDir, 'uploads.json'), 'utf8')) as {
      uploads: { sha256: string; destination: unknown }[];
    };
    expect(onDisk.uploads).toHaveLength(1);
    expect(onDisk.uploads[0]).toMatchObject({ sha256: up.meta.sha256, destination: { bucket: 'old-bucket' } });
    // No secret, and not the access key id either (a presigned URL would carry it).
    expect(JSON.stringify(onDisk)).not.toMatch(/secretAccessKey|S3RVER/);

    now += 60_000; // a new upload would count from another time, so its expiry would differ
    const writes = s3Writes();
    const second = await open('old-bucket', { saveSecrets: false });
    const again = await second.services.storage.uploader.upload(bytes);
    expect(again).toMatchObject({ reused: true, url: up.url, expiresAt: up.expiresAt });
    expect(writes).toEqual([]);

    // Once the URL would lapse before a queued task fetches it, the restarted app uploads again.
    now = up.expiresAt! - 3_600_000;
    const fresh = await second.services.storage.uploader.upload(bytes);
    expect(fresh.reused).toBe(false);
    expect(fresh.expiresAt).toBeGreaterThan(up.expiresAt!);
  });

  it('a bucket changed between upload and release: the delete goes to the old bucket, the new one is untouched', async () => {
    const { bytes, meta } = await sketchPng('#f4f4f4');
    const app = await open('old-bucket');
    const job1 = await app.services.storage.uploader.upload(bytes);
    const key = `wss/${meta.key}`;
    expect(job1.ref.key).toBe(key);

    // The user moves to another bucket; the next job puts the same sketch there.
    await app.call('settings.update', { storage: { s3: { bucket: 'new-bucket' } } });
    const job2 = await app.services.storage.uploader.upload(bytes);
    expect(job2.reused).toBe(false);
    expect(job2.ref.destination).toMatchObject({ bucket: 'new-bucket' });
    expect(await exists('old-bucket', key)).toBe(true);
    expect(await exists('new-bucket', key)).toBe(true);

    expect(await app.services.storage.uploader.release(job1.ref)).toBe(true);
    expect(await exists('old-bucket', key)).toBe(false);
    expect(await exists('new-bucket', key)).toBe(true);
  });

  for (const kept of ['the whole ref', 'only adapter and key (an older job record)'] as const) {
    it(`across a restart too, with ${kept}: the restarted queue retains, then releases, and the delete finds the old bucket`, async () => {
      const { bytes, meta } = await sketchPng(kept === 'the whole ref' ? '#efefef' : '#ebebeb');
      const first = await open('old-bucket');
      const up = await first.services.storage.uploader.upload(bytes);
      // The job record keeps the ref as JSON.
      const full = JSON.parse(JSON.stringify(up.ref)) as typeof up.ref;
      const storedRef = kept === 'the whole ref' ? full : { adapter: full.adapter, key: full.key };
      await first.shutdown();
      running.length = 0;

      const second = await open('new-bucket', { saveSecrets: false });
      second.services.storage.uploader.retain(storedRef); // what the queue does for an unfinished job
      expect(await second.services.storage.uploader.release(storedRef)).toBe(true);
      expect(await exists('old-bucket', `wss/${meta.key}`)).toBe(false);
      const records = JSON.parse(await readFile(join(dataDir, 'uploads.json'), 'utf8')) as { uploads: unknown[] };
      expect(records.uploads).toEqual([]);
    });
  }

  it('two jobs on one upload: only the last release deletes, and held records survive a restart as records', async () => {
    const { bytes, meta } = await sketchPng('#eaeaea');
    const app = await open('old-bucket');
    const a = await app.services.storage.uploader.upload(bytes);
    const b = await app.services.storage.uploader.upload(bytes);
    expect(b.reused).toBe(true);
    expect(await app.services.storage.uploader.release(a.ref)).toBe(false);
    expect(await exists('old-bucket', `wss/${meta.key}`)).toBe(true);
    expect(await app.services.storage.uploader.release(b.ref)).toBe(true);
    expect(await exists('old-bucket', `wss/${meta.key}`)).toBe(false);
  });

  it('a damaged records file costs only a re-upload', async () => {
    const { bytes } = await sketchPng('#e5e5e5');
    await writeFile(join(dataDir, 'uploads.json'), '{"version":1,"uploads":[{"torn');
    const app = await open('old-bucket');
    const up = await app.services.storage.uploader.upload(bytes);
    expect(up.reused).toBe(false);
    const onDisk = JSON.parse(await readFile(join(dataDir, 'uploads.json'), 'utf8')) as { uploads: unknown[] };
    expect(onDisk.uploads).toHaveLength(1);
  });
});
