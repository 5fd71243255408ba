import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import keytar from 'keytar';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { API_KEY_ACCOUNT, apiKeyAccount, storageAccount } from '../../../src-main/secrets/accounts';
import type { Services } from '../../../src-main/services';
import type { DesktopLog } from '../../harness/node-deps';
import { startSimulator, type Simulator } from '../../sim';
import { Recorder } from '../storage/helpers';
import { openIpcApp, simRegions, type Call } from './helpers';

/**
 * Secrets bound to where they may go, with the real services: the real keychain when this
 * process runs in a D-Bus session with gnome-keyring (CI does), the simulator as DashScope, and
 * loopback servers that record every request's headers as the "somewhere else".
 */

let sim: Simulator;
let elsewhere: Recorder;
let target: Recorder;
let dataDir: string;
let services: Services;
let desktop: DesktopLog;
/** Every request the services made, before it left. */
let sent: string[];
let logged: string[];
let call: Call;

beforeAll(async () => {
  sim = await startSimulator();
  elsewhere = await new Recorder().start();
  target = await new Recorder().start();
});
afterAll(async () => {
  await sim?.close();
  await elsewhere?.close();
  await target?.close();
});

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'wss-binding-'));
  elsewhere.reset();
  target.reset();
  ({ services, desktop, call, sent, logged } = await openIpcApp({
    dataDir,
    clock: sim.clock,
    regionUrls: simRegions(sim),
    sessionWithoutKeychain: true,
    watch: true,
  }));
});

afterEach(async () => {
  vi.restoreAllMocks();
  await services.shutdown(2000);
  await rm(dataDir, { recursive: true, force: true });
});

const custom = (url: string) => ({ region: 'custom' as const, customBaseUrl: url });

describe('a DashScope key goes only to the endpoint it was saved for', () => {
  it('a key saved for Beijing is not sent to a custom endpoint, by any path', async () => {
    expect((await call('secrets.setApiKey', { apiKey: sim.apiKey })).ok).toBe(true);
    // The endpoint on screen (not saved): no key for it.
    const onScreen = await call('secrets.testApiKey', { endpoint: custom(`${elsewhere.origin}/api/v1`) });
    expect(onScreen.error?.code).toBe('secrets.noApiKey');
    // The custom endpoint saved in settings: neither Test key nor the job queue's client gets a key.
    services.settings.update({ dashscope: { region: 'custom', customBaseUrl: `${elsewhere.origin}/api/v1` } });
    expect((await call('secrets.testApiKey')).error?.code).toBe('secrets.noApiKey');
    await expect(services.dashscope.current()).rejects.toMatchObject({ code: 'secrets.noApiKey' });
    expect((await call('secrets.status')).value).toMatchObject({
      apiKey: { set: false },
      apiKeyFor: { region: 'custom', origin: elsewhere.origin },
    });
    expect(elsewhere.requests).toEqual([]);
    // Back on Beijing the saved key is there and works.
    services.settings.update({ dashscope: { region: 'cn-beijing' } });
    expect((await call('secrets.testApiKey')).value).toEqual({ endpoint: sim.baseUrl, region: 'cn-beijing' });
    const { client } = await services.dashscope.current();
    await expect(client.getTask('nope-0000')).resolves.toMatchObject({ status: 'UNKNOWN' });
  });

  it('each endpoint keeps its own key; status lists them by origin', async () => {
    await call('secrets.setApiKey', { apiKey: sim.apiKey });
    await call('secrets.setApiKey', {
      apiKey: 'sk-custom-endpoint-key-00001234',
      endpoint: custom(`${target.origin}/api/v1`),
    });
    const status = (await call('secrets.status', { endpoint: custom(`${target.origin}/api/v1`) })).value as {
      apiKey: { set: boolean; tail: string };
      apiKeys: { origin: string; apiKey: { set: boolean } }[];
    };
    expect(status.apiKey).toEqual({ set: true, tail: '1234' });
    // The three regions all point at the simulator here, so they share its origin (and its key).
    const withKey = new Set(status.apiKeys.filter((k) => k.apiKey.set).map((k) => k.origin));
    expect([...withKey].sort()).toEqual([new URL(sim.baseUrl).origin, target.origin].sort());
    expect(status.apiKeys.find((k) => k.origin === elsewhere.origin)).toBeUndefined();
    // The custom key is what the custom endpoint receives, and only there.
    expect((await call('secrets.testApiKey', { endpoint: custom(`${target.origin}/api/v1`) })).ok).toBe(true);
    expect(target.requests.map((r) => r.headers.authorization)).toEqual(['Bearer sk-custom-endpoint-key-00001234']);
    expect(elsewhere.requests).toEqual([]);
  });

  it('a redirect is refused and the key is not forwarded', async () => {
    elsewhere.redirectTo = target.origin;
    const r = await call('secrets.testApiKey', {
      apiKey: 'sk-typed-key-for-redirect-0000',
      endpoint: custom(`${elsewhere.origin}/api/v1`),
    });
    expect(r.error).toMatchObject({ code: 'secrets.redirectRefused', params: { endpoint: elsewhere.origin } });
    expect(elsewhere.requests).toHaveLength(1);
    expect(target.requests).toEqual([]);
    // The job queue's client too (saved key, saved custom endpoint).
    await services.apiKey.set('sk-saved-key-for-redirect-0000', custom(`${elsewhere.origin}/api/v1`));
    services.settings.update({ dashscope: { region: 'custom', customBaseUrl: `${elsewhere.origin}/api/v1` } });
    const { client } = await services.dashscope.current();
    await expect(client.getTask('t-1')).rejects.toMatchObject({ code: 'secrets.redirectRefused' });
    await expect(
      client.createTask({ sketchImageUrl: 'https://example.com/a.png', prompt: 'x', style: '<auto>' }),
    ).rejects.toMatchObject({
      code: 'secrets.redirectRefused',
    });
    expect(target.requests).toEqual([]);
  });

  it('plain http to a host that is not this computer is refused before anything is sent', async () => {
    const http = custom('http://dashscope.example.com/api/v1');
    const typed = await call('secrets.testApiKey', { apiKey: 'sk-typed-key-insecure-000000', endpoint: http });
    expect(typed.error).toMatchObject({
      code: 'secrets.insecureEndpoint',
      params: { endpoint: 'http://dashscope.example.com' },
    });
    await services.apiKey.set('sk-saved-key-insecure-000000', http);
    services.settings.update({ dashscope: http });
    expect((await call('secrets.testApiKey')).error?.code).toBe('secrets.insecureEndpoint');
    await expect(services.dashscope.current()).rejects.toMatchObject({ code: 'secrets.insecureEndpoint' });
    expect(sent).toEqual([]);
    // https there, and http to loopback, are fine.
    expect((await call('secrets.testApiKey', { apiKey: sim.apiKey, endpoint: custom(sim.baseUrl) })).ok).toBe(true);
  });

  it('tests a typed key against the endpoint on screen and stores nothing', async () => {
    const before = await keychainAccounts();
    const statusBefore = (await call('secrets.status')).value;
    const r = await call('secrets.testApiKey', { apiKey: sim.apiKey, endpoint: custom(sim.baseUrl) });
    expect(r.value).toEqual({ endpoint: sim.baseUrl, region: 'custom' });
    expect(await keychainAccounts()).toEqual(before);
    expect((await call('secrets.status')).value).toEqual(statusBefore);
    expect(services.settings.get().dashscope.region).toBe('cn-beijing');
    // An on-screen custom endpoint without a URL is a field error, not a request.
    const missing = await call('secrets.testApiKey', { apiKey: sim.apiKey, endpoint: { region: 'custom' } });
    expect(missing.error).toMatchObject({
      code: 'ipc.invalidPayload',
      issues: [{ path: ['endpoint', 'customBaseUrl'], kind: 'required' }],
    });
  });

  it('a saved key with a line break is refused without its value in the error or a log', async () => {
    const evil = 'sk-evil-0000\r\nX-Injected: yes';
    // Past the IPC schema, as an old or tampered keychain entry would be.
    await services.secrets.set(apiKeyAccount(new URL(sim.baseUrl).origin), evil);
    const queries = sim.counters.get('task.get');
    const r = await call('secrets.testApiKey');
    expect(r.error?.code).toBe('secrets.badKeyValue');
    const seen = JSON.stringify(r) + logged.join('\n');
    expect(seen).not.toContain('sk-evil');
    expect(seen).not.toContain('X-Injected');
    const { client } = await services.dashscope.current();
    const e = await client.getTask('t').catch((x: unknown) => x);
    expect(e).toMatchObject({ code: 'secrets.badKeyValue' });
    expect(String((e as Error).message)).not.toContain('sk-evil');
    expect(sim.counters.get('task.get')).toBe(queries);
  });
});

describe.skipIf(!process.env.DBUS_SESSION_BUS_ADDRESS)(
  'moving the key saved before keys were bound (real keychain)',
  () => {
    it('moves the single old key to the custom endpoint configured, once the user says yes', async () => {
      expect(await services.secrets.backendState()).toBe('keychain');
      services.settings.update({ dashscope: custom(sim.baseUrl) });
      desktop.confirmAnswers.push(true);
      await services.secrets.set(API_KEY_ACCOUNT, sim.apiKey);
      const status = (await call('secrets.status')).value as { apiKey: { set: boolean } };
      expect(status.apiKey.set).toBe(true);
      const accounts = await keychainAccounts();
      expect(accounts).toContain(apiKeyAccount(new URL(sim.baseUrl).origin));
      expect(accounts).not.toContain(API_KEY_ACCOUNT);
      expect((await call('secrets.testApiKey')).ok).toBe(true);
      expect(desktop.confirmRequests.map((r) => r.detail)).toEqual([
        expect.stringContaining(new URL(sim.baseUrl).origin),
      ]);
    });

    it('moves old storage secrets to the destination in settings once the user says yes', async () => {
      services.settings.update({
        storage: { s3: { endpoint: 'https://s3.example.com', region: 'us-east-1', bucket: 'b' } },
      });
      desktop.confirmAnswers.push(true);
      await services.secrets.set('storage.s3.accessKeyId', 'AKIAOLDSTYLE000');
      await services.secrets.set('storage.s3.secretAccessKey', 'old-secret-value-0000');
      const status = (await call('storage.status')).value as { secrets: Record<string, { set: boolean }> };
      expect(status.secrets['s3.accessKeyId']).toEqual({ set: true, tail: 'E000' });
      expect(status.secrets['s3.secretAccessKey']).toMatchObject({ set: true, tail: '0000' });
      const accounts = await keychainAccounts();
      expect(accounts).toContain(storageAccount('s3', 'accessKeyId', 'https://s3.example.com'));
      expect(accounts).not.toContain('storage.s3.accessKeyId');
      expect(desktop.confirmRequests.map((r) => r.detail)).toEqual([expect.stringContaining('https://s3.example.com')]);
    });
  },
);

/** Accounts under the harness's keychain service for this data folder (session backend: none). */
async function keychainAccounts(): Promise<string[]> {
  if (!process.env.DBUS_SESSION_BUS_ADDRESS) return [];
  const service = `Wanx Sketch Studio (harness ${dataDir.split('/').pop()})`;
  return (await keytar.findCredentials(service)).map((c) => c.account).sort();
}
