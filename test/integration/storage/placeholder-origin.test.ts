import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FetchLike } from '../../../src-main/common/fetch';
import { createServices, type Services } from '../../../src-main/services';
import { CustomHttpAdapter } from '../../../src-main/storage/adapters/custom-http';
import { buildAdapter } from '../../../src-main/storage/registry';
import type { HttpConfig } from '../../../src-preload/contract/storage';
import { createNodeDeps } from '../../harness/node-deps';
import { openIpcApp, secretHeaderHttp as http, type Call } from '../secrets/helpers';
import { Recorder, sketchPng } from './helpers';

/**
 * A custom-HTTP secret header is saved for the origin of the upload URL. `{key}`/`{sha256}` in
 * the host would make that origin one thing while the request goes elsewhere
 * (`https://upload.image{key}it.io` "is" upload.imagekit.io, but the secret would go to
 * upload.imageconnection-testit.io). Attacked through the real dispatcher with the app's sender
 * check; the network is a hostile resolver (a fetch wrapper) that sends every host to one
 * loopback recorder, the host moved into the path, so the recorder sees where each secret went.
 */

const TOKEN = 'Bearer imagekit-private-token-0001';
const SAVED = 'https://upload.imagekit.io/api/v1/files/{key}';
const EVIL = 'https://upload.image{key}it.io/api/v1/files/upload';

let net: Recorder;
let dataDir: string;
let services: Services;
let call: Call;
let resolver: FetchLike;

beforeAll(async () => {
  net = await new Recorder().start();
});
afterAll(async () => {
  await net?.close();
});

beforeEach(async () => {
  net.requests.length = 0;
  dataDir = await mkdtemp(join(tmpdir(), 'wss-placeholder-'));
  resolver = (input, init) => {
    const u = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    return fetch(`${net.origin}/${u.host}${u.pathname}${u.search}`, init);
  };
  ({ services, call } = await openIpcApp({ dataDir, fetch: resolver, sessionWithoutKeychain: true }));
  // The user's own setup: ImageKit with a private token in a secret header.
  expect((await call('settings.update', { storage: { adapter: 'http', http: http(SAVED) } })).ok).toBe(true);
  expect((await call('storage.setSecret', { adapter: 'http', field: 'header:Authorization', value: TOKEN })).ok).toBe(
    true,
  );
});
afterEach(async () => {
  await services.shutdown(2000);
  await rm(dataDir, { recursive: true, force: true });
});

/** Hosts each request carrying the token was meant for. */
const tokenWentTo = () => net.requests.filter((r) => r.headers.authorization === TOKEN).map((r) => r.url.split('/')[1]);

describe('custom HTTP: {key} and {sha256} only in the path or query', () => {
  it('the user’s own setup works: the token goes to upload.imagekit.io', async () => {
    expect((await call('storage.test', { adapter: 'http' })).ok).toBe(true);
    expect(tokenWentTo()).toEqual(['upload.imagekit.io']);
  });

  it('a renderer cannot save a URL with a placeholder in the host: refused under the URL field', async () => {
    const r = await call('settings.update', { storage: { http: { url: EVIL } } });
    expect(r.error).toMatchObject({
      code: 'ipc.invalidPayload',
      issues: [{ path: ['storage', 'http', 'url'], kind: 'format' }],
    });
    expect(services.settings.get().storage.http.url).toBe(SAVED);
    for (const url of [
      'https://{sha256}.example.com/u',
      'https://upload.imagekit.io:44{key}/u',
      '{key}://upload.imagekit.io/u',
      'https:\\\\evil{key}.io\\u',
    ]) {
      const again = await call('settings.update', { storage: { http: { url } } });
      expect(again.error?.issues, url).toEqual([{ path: ['storage', 'http', 'url'], kind: 'format' }]);
    }
    // In the path and the query they are fine.
    expect(
      (await call('settings.update', { storage: { http: { url: 'https://upload.imagekit.io/u/{key}?sha={sha256}' } } }))
        .ok,
    ).toBe(true);
    expect(tokenWentTo()).toEqual([]);
  });

  it('nor test one with the saved token: refused, nothing sent', async () => {
    const r = await call('storage.test', { adapter: 'http', config: http(EVIL) });
    expect(r.error).toMatchObject({
      code: 'ipc.invalidPayload',
      issues: [{ path: ['config', 'url'], kind: 'format' }],
    });
    expect(net.requests).toEqual([]);
  });

  it('settings written by an older version with {key} in the host lose that URL on load; the token goes nowhere', async () => {
    await services.shutdown(2000);
    const file = join(dataDir, 'settings.json');
    const stored = JSON.parse(await readFile(file, 'utf8')) as { storage: { http: HttpConfig } };
    stored.storage.http.url = EVIL;
    await writeFile(file, JSON.stringify(stored));
    const { deps } = createNodeDeps({ dataDir, emit: () => undefined, fetch: resolver });
    services = createServices(deps);
    if ((await services.secrets.backendState()) === 'unavailable') await services.apiKey.useSessionOnly();
    expect(services.settings.get().storage.http).toMatchObject({
      url: '',
      headers: [{ name: 'Authorization', secret: true }],
    });
    await expect(services.storage.test({ adapter: 'http' })).rejects.toMatchObject({ code: 'storage.notConfigured' });
    expect(net.requests).toEqual([]);
  });

  it('a template that reaches an adapter anyway sends no secret', async () => {
    const settings = services.settings.get();
    const adapterDeps = {
      secrets: services.secrets,
      dashscope: services.dashscope,
      fetch: resolver,
      clock: services.deps.clock,
      regionUrls: {} as never,
      appName: 'x',
      appVersion: '0',
    };
    const built = buildAdapter(
      'http',
      { ...settings, storage: { ...settings.storage, http: http(EVIL) } },
      adapterDeps,
    );
    await expect(built).rejects.toMatchObject({
      code: 'storage.placeholderInOrigin',
      params: { adapter: 'http', field: 'url' },
    });
    // The adapter itself checks the final URL against the origin its secrets were looked up for.
    const adapter = new CustomHttpAdapter({
      config: http(EVIL),
      secretHeaders: { Authorization: TOKEN },
      secretOrigin: 'https://upload.imagekit.io',
      fetch: resolver,
      clock: services.deps.clock,
    });
    await expect(adapter.test()).rejects.toMatchObject({ code: 'storage.placeholderInOrigin' });
    const { bytes, meta } = await sketchPng();
    await expect(adapter.upload(bytes, meta)).rejects.toMatchObject({ code: 'storage.placeholderInOrigin' });
    expect(net.requests).toEqual([]);
  });
});
