import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../../src-main/common/clock';
import { ApiKeyService } from '../../../src-main/secrets/api-key-service';
import { SessionSecretBackend } from '../../../src-main/secrets/backend';
import { dashscopeKeyCheck } from '../../../src-main/secrets/dashscope-key-check';
import { SecretStore } from '../../../src-main/secrets/secret-store';
import { MemorySettingsBackend } from '../../../src-main/settings/open-backend';
import { SettingsService } from '../../../src-main/settings/settings-service';
import { startSimulator, type Simulator } from '../../sim';
import { deadPort } from '../storage/helpers';

// "Test key" end to end: the DashScope client's task query against two simulators standing in
// for two regions, each knowing a different account's key.
const SG_KEY = 'sk-singapore-000000000000000000000001';
let beijing: Simulator;
let singapore: Simulator;
let deadUrl: string;

beforeAll(async () => {
  beijing = await startSimulator();
  singapore = await startSimulator({ accounts: [{ id: '2000000000000002', keys: [{ key: SG_KEY, kind: 'main' }] }] });
  deadUrl = `http://127.0.0.1:${await deadPort()}/api/v1`;
});
afterAll(async () => {
  await beijing?.close();
  await singapore?.close();
});

function service(region: 'cn-beijing' | 'custom' = 'cn-beijing', customBaseUrl = '') {
  const settings = new SettingsService(new MemorySettingsBackend(), () => {});
  settings.update({ dashscope: { region, customBaseUrl } });
  const store = new SecretStore(new SessionSecretBackend());
  return new ApiKeyService({
    store,
    settings,
    importFrom: { env: {}, homeDir: '/nonexistent', readTextFile: async () => null },
    check: dashscopeKeyCheck({
      fetch: (i, init) => fetch(i, init),
      clock: systemClock,
      appName: 'Wanx Sketch Studio',
      appVersion: '0.0.0-test',
    }),
    regionUrls: { 'cn-beijing': beijing.baseUrl, 'ap-southeast-1': singapore.baseUrl, 'us-east-1': deadUrl },
    platform: 'linux',
    confirmDestination: async () => false,
  });
}

describe('Test key (DashScope client against the simulator)', () => {
  it('accepts a valid key with a cheap task query', async () => {
    const before = beijing.counters.get('task.get');
    await expect(service().test(beijing.apiKey)).resolves.toEqual({ endpoint: beijing.baseUrl, region: 'cn-beijing' });
    expect(beijing.counters.get('task.get')).toBe(before + 1);
    expect(beijing.counters.get('create')).toBe(0);
  });

  it('tests the saved key when none is typed', async () => {
    const s = service();
    await expect(s.test()).rejects.toMatchObject({ code: 'secrets.noApiKey' });
    await s.set(beijing.apiKey);
    await expect(s.test()).resolves.toMatchObject({ region: 'cn-beijing' });
  });

  it('reports a key from another region as "wrong region", naming that region', async () => {
    await expect(service().test(SG_KEY)).rejects.toMatchObject({
      code: 'secrets.keyWrongRegion',
      params: { region: 'ap-southeast-1', endpoint: beijing.baseUrl },
    });
  });

  it('never sends a saved key to another region to find out where it belongs', async () => {
    const s = service();
    await s.set(SG_KEY); // saved for Beijing, though it is a Singapore key
    const inSingapore = singapore.counters.get('task.get');
    await expect(s.test()).rejects.toMatchObject({ code: 'secrets.keyInvalid', params: { endpoint: beijing.baseUrl } });
    expect(singapore.counters.get('task.get')).toBe(inSingapore);
    // Typed, the same key is probed in the other regions and named as Singapore's.
    await expect(s.test(SG_KEY)).rejects.toMatchObject({ code: 'secrets.keyWrongRegion' });
    expect(singapore.counters.get('task.get')).toBe(inSingapore + 1);
  });

  it('reports an unknown key as invalid', async () => {
    await expect(service().test('sk-nobody-knows-this-key-0000000')).rejects.toMatchObject({
      code: 'secrets.keyInvalid',
      params: { endpoint: beijing.baseUrl },
    });
  });

  it('reports an unreachable endpoint as a network error', async () => {
    await expect(service('custom', deadUrl).test(beijing.apiKey)).rejects.toMatchObject({
      code: 'secrets.keyNetwork',
      params: { endpoint: deadUrl },
    });
  });
});
