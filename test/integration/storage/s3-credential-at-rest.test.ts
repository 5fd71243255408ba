import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type S3rver from 's3rver';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../../src-main/ipc/dispatcher';
import { createHandlers } from '../../../src-main/ipc/handlers';
import { createOriginCheck, RENDERER_ORIGIN } from '../../../src-main/security/origins';
import { jobsEnv, sketchRequest, startQueueApp, type JobsEnv, type QueueApp } from '../jobs/helpers';
import { sketchPng } from './helpers';
import { startS3rver } from './s3rver';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

/**
 * The S3 access key id is kept as a secret (keychain), so no file the app writes may hold it.
 * A presigned GET carries it (`X-Amz-Credential=<id>/…`) and lives up to 7 days: upload records
 * (`uploads.json`) and job records keep the object's key and address instead, and the GET is
 * signed when the create goes out. Real services behind the real dispatcher, a real s3rver
 * (whose access key id is `S3RVER`), the simulator as DashScope fetching the sketch.
 */

const ACCESS_KEY_ID = 'S3RVER';

let s3: S3rver;
let endpoint: string;
let env: JobsEnv;
let app: QueueApp;

beforeAll(async () => {
  ({ s3, endpoint } = await startS3rver('s3rver-at-rest-'));
});
afterAll(async () => {
  await s3?.close();
});

/** The renderer's calls, through the dispatcher with the app's own sender check. */
let call: <T>(channel: string, payload?: unknown) => Promise<T>;

beforeEach(async () => {
  env = await jobsEnv();
  app = await startQueueApp(env.dataDir, env.sim);
  const dispatch = createDispatcher(createHandlers(app.services), {
    isTrustedSender: createOriginCheck([RENDERER_ORIGIN]),
  });
  call = async <T>(channel: string, payload?: unknown) => {
    const r = await dispatch(channel, payload, `${RENDERER_ORIGIN}/index.html#/draw`);
    if (!r.ok) throw new Error(`${channel}: ${JSON.stringify(r.error)}`);
    return r.value as T;
  };
  await call('settings.update', {
    storage: {
      adapter: 's3',
      s3: {
        endpoint,
        region: 'us-east-1',
        bucket: 'sketches',
        prefix: 'wss/',
        pathStyle: true,
        presignHours: 168,
        deleteAfterTask: false,
      },
    },
  });
  await call('storage.setSecret', { adapter: 's3', field: 'accessKeyId', value: ACCESS_KEY_ID });
  await call('storage.setSecret', { adapter: 's3', field: 'secretAccessKey', value: 'S3RVER' });
});
afterEach(async () => {
  await app.close();
  await env.close();
});

/** Every file under the data folder that holds `needle`, with what surrounds it. */
async function filesHolding(needle: string): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(env.dataDir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || /\.(png|jpe?g|webp)$/.test(entry.name)) continue;
    const path = join(entry.parentPath, entry.name);
    const text = await readFile(path, 'utf8');
    const at = text.indexOf(needle);
    if (at >= 0) found.push(`${path.slice(env.dataDir.length)}: …${text.slice(Math.max(0, at - 60), at + 40)}…`);
  }
  return found;
}

describe('the S3 access key id is never written to disk', () => {
  it('an uploads.json from an earlier version, holding presigned GETs, is scrubbed when the app starts', async () => {
    await app.close();
    // What builds before the unsigned-address change kept: the presigned GET, credential and all.
    const presigned = `${endpoint}/sketches/wss/abc.png?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=${ACCESS_KEY_ID}%2F20261203%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20261203T080000Z&X-Amz-Expires=604800&X-Amz-Signature=${'0'.repeat(64)}&X-Amz-SignedHeaders=host`;
    const record = {
      fingerprint: 'f',
      sha256: 'a'.repeat(64),
      adapter: 's3',
      key: 'wss/abc.png',
      url: presigned,
      expiresAt: Date.now() + 86_400_000,
      headers: {},
      destination: {
        adapter: 's3',
        endpoint,
        region: 'us-east-1',
        bucket: 'sketches',
        pathStyle: true,
        credentialId: 'c1',
      },
      deleteAfterTask: false,
      holders: 0,
      createdAt: Date.now(),
    };
    await writeFile(join(env.dataDir, 'uploads.json'), JSON.stringify({ version: 1, uploads: [record] }));
    expect(await filesHolding(ACCESS_KEY_ID)).not.toEqual([]);

    app = await startQueueApp(env.dataDir, env.sim);
    // Started and idle: no upload, no job touched the records, yet the file no longer holds the id.
    expect(await filesHolding(ACCESS_KEY_ID)).toEqual([]);
    // The record itself is kept (its object can still be deleted and reused), as its bare address.
    const kept = JSON.parse(await readFile(join(env.dataDir, 'uploads.json'), 'utf8')) as { uploads: unknown[] };
    expect(kept.uploads).toMatchObject([{ key: 'wss/abc.png', url: `${endpoint}/sketches/wss/abc.png` }]);
  });

  it('a generation through S3 works, and neither uploads.json nor the job record holds the key id', async () => {
    const {
      ids: [id],
    } = await call<{ ids: string[] }>('jobs.enqueue', await sketchRequest({ n: 1 }));
    const done = await app.until(
      (s) => s.jobs.some((j) => j.id === id && (j.state === 'done' || j.state === 'failed')),
      'the job to end',
      60_000,
    );
    // DashScope (the simulator) fetched the sketch from s3rver with a URL that worked.
    expect(done.jobs.find((j) => j.id === id)).toMatchObject({ state: 'done' });
    // Everything written and settled (the same shutdown the app does on quit) before the folder is read.
    await app.close();
    expect(await filesHolding(ACCESS_KEY_ID)).toEqual([]);
  });

  it('the uploader hands out the object’s address; the URL DashScope gets is signed when asked for, and works', async () => {
    const { bytes } = await sketchPng('#fbfbfb');
    const up = await app.services.storage.uploader.upload(bytes);
    expect(up.url).not.toContain(ACCESS_KEY_ID);
    expect(await filesHolding(ACCESS_KEY_ID)).toEqual([]);
    // Reused after that: the same address, still no key id anywhere.
    const again = await app.services.storage.uploader.upload(bytes);
    expect(again).toMatchObject({ reused: true, url: up.url });

    const signed = await app.services.storage.sketchUrl(again);
    expect(signed).toContain(`X-Amz-Credential=${ACCESS_KEY_ID}`);
    expect(signed).toContain('X-Amz-Expires=604800');
    const fetched = await fetch(signed);
    expect(fetched.status).toBe(200);
    expect(Buffer.from(await fetched.arrayBuffer()).equals(Buffer.from(bytes))).toBe(true);
    // What was kept is the bare address: no signature, no credential (a private bucket answers it 403).
    expect(new URL(up.url).search).toBe('');
  });
});
