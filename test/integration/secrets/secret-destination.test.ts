import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createDispatcher } from '../../../src-main/ipc/dispatcher';
import { createHandlers } from '../../../src-main/ipc/handlers';
import {
  API_KEY_ACCOUNT,
  apiKeyAccount,
  legacyStorageAccount,
  storageAccount,
} from '../../../src-main/secrets/accounts';
import { createOriginCheck, RENDERER_ORIGIN } from '../../../src-main/security/origins';
import type { Services } from '../../../src-main/services';
import type { DesktopLog } from '../../harness/node-deps';
import { startSimulator, type Simulator } from '../../sim';
import { Recorder } from '../storage/helpers';
import { openIpcApp, secretHeaderHttp, simRegions, type Answer, type Call } from './helpers';

/**
 * "A secret goes only where the user put it", attacked from a compromised renderer: the real
 * services behind the real dispatcher with the app's own sender check, the simulator as the
 * built-in regions, and a loopback recorder as the endpoint the renderer names, which records
 * whether a Bearer token or a secret header arrived. Main's confirmation is the harness's
 * stand-in (declines unless a test scripts a yes) and every question it was asked is logged.
 */

const ENV_KEY = 'sk-from-the-environment-0000WXYZ';
const LEGACY_KEY = 'sk-saved-by-an-older-version-LGCY';

let sim: Simulator;
let attacker: Recorder;
let dataDir: string;
let services: Services;
let desktop: DesktopLog;
let call: Call;

beforeAll(async () => {
  sim = await startSimulator();
  attacker = await new Recorder().start();
});
afterAll(async () => {
  await sim?.close();
  await attacker?.close();
});

async function open(env: Record<string, string> = { DASHSCOPE_API_KEY: ENV_KEY }, dir?: string): Promise<void> {
  dataDir = dir ?? (await mkdtemp(join(tmpdir(), 'wss-destination-')));
  ({ services, desktop, call } = await openIpcApp({ dataDir, clock: sim.clock, env, regionUrls: simRegions(sim) }));
}

beforeEach(() => {
  attacker.reset();
});
afterEach(async () => {
  await services.shutdown(2000);
  await rm(dataDir, { recursive: true, force: true });
});

const custom = (url: string) => ({ region: 'custom' as const, customBaseUrl: url });
const bearers = () => attacker.requests.map((r) => r.headers.authorization).filter(Boolean);

describe('the key found in DASHSCOPE_API_KEY or ~/.dashscope/api_key', () => {
  it('is not saved for, nor sent to, an endpoint the renderer names unless the user confirms in main’s own dialog', async () => {
    await open();
    if ((await services.secrets.backendState()) === 'unavailable') await services.apiKey.useSessionOnly();
    const evil = custom(`${attacker.origin}/api/v1`);
    // The dispatcher really checks the sender: another origin gets nothing done.
    const dispatch = createDispatcher(createHandlers(services), {
      isTrustedSender: createOriginCheck([RENDERER_ORIGIN]),
    });
    const foreign = (await dispatch('secrets.importApiKey', { endpoint: evil }, 'https://evil.example/')) as Answer;
    expect(foreign.error?.code).toBe('ipc.forbiddenSender');

    const imported = await call('secrets.importApiKey', { endpoint: evil });
    // Main asked, naming where the key would go; the user (the stand-in) said no.
    expect(desktop.confirmRequests).toHaveLength(1);
    expect(desktop.confirmRequests[0]!.detail).toContain(attacker.origin);
    expect(desktop.confirmRequests[0]!.message).toContain('DASHSCOPE_API_KEY');
    expect(imported.ok).toBe(true);
    expect(imported.value).toMatchObject({
      apiKey: { set: false },
      apiKeyFor: { region: 'custom', origin: attacker.origin },
    });

    const tested = await call('secrets.testApiKey', { endpoint: evil });
    expect(tested.error?.code).toBe('secrets.noApiKey');
    expect(bearers()).toEqual([]);
    expect(await services.secrets.get(apiKeyAccount(attacker.origin))).toBeNull();
  });

  it('goes to a custom endpoint once the user confirms there, and only there', async () => {
    await open();
    if ((await services.secrets.backendState()) === 'unavailable') await services.apiKey.useSessionOnly();
    desktop.confirmAnswers.push(true);
    const mine = custom(`${attacker.origin}/api/v1`);
    expect((await call('secrets.importApiKey', { endpoint: mine })).value).toMatchObject({
      apiKey: { set: true, tail: 'WXYZ' },
    });
    expect((await call('secrets.testApiKey', { endpoint: mine })).ok).toBe(true);
    expect(bearers()).toEqual([`Bearer ${ENV_KEY}`]);
  });

  it('cannot wear the user down: one question at a time, and none after a no', async () => {
    await open();
    if ((await services.secrets.backendState()) === 'unavailable') await services.apiKey.useSessionOnly();
    const other = await new Recorder().start();
    try {
      // While one dialog is open, another request opens none and counts as no.
      let answer!: (yes: boolean) => void;
      desktop.confirmAnswers.push(new Promise<boolean>((resolve) => (answer = resolve)), true);
      const first = call('secrets.importApiKey', { endpoint: custom(`${attacker.origin}/api/v1`) });
      await vi.waitUntil(() => desktop.confirmRequests.length === 1);
      const second = await call('secrets.importApiKey', { endpoint: custom(`${other.origin}/api/v1`) });
      expect(second.value).toMatchObject({ apiKey: { set: false } });
      expect(desktop.confirmRequests).toHaveLength(1);
      answer(false);
      expect((await first).value).toMatchObject({ apiKey: { set: false } });
      // Declined once: later imports to other custom endpoints ask nothing and save nothing.
      desktop.confirmAnswers.push(true);
      for (let port = 1; port <= 3; port++) {
        expect(
          (await call('secrets.importApiKey', { endpoint: custom(`http://127.0.0.${port}:9/api/v1`) })).value,
        ).toMatchObject({ apiKey: { set: false } });
      }
      expect(desktop.confirmRequests).toHaveLength(1);
      for (const origin of [attacker.origin, other.origin])
        expect(await services.secrets.get(apiKeyAccount(origin))).toBeNull();
      // A built-in region still imports.
      expect((await call('secrets.importApiKey', { endpoint: { region: 'cn-beijing' } })).value).toMatchObject({
        apiKey: { set: true },
      });
    } finally {
      await other.close();
    }
  });

  it('is imported for a built-in region without a question', async () => {
    await open();
    if ((await services.secrets.backendState()) === 'unavailable') await services.apiKey.useSessionOnly();
    expect((await call('secrets.importApiKey', { endpoint: { region: 'ap-southeast-1' } })).value).toMatchObject({
      apiKey: { set: true, tail: 'WXYZ' },
      apiKeyFor: { region: 'ap-southeast-1' },
    });
    expect(desktop.confirmRequests).toEqual([]);
  });

  it('stays put once the user dismissed the offer: no import anywhere, no question, no way to bring the offer back', async () => {
    await open();
    if ((await services.secrets.backendState()) === 'unavailable') await services.apiKey.useSessionOnly();
    expect((await call('secrets.status')).value).toMatchObject({ importOffer: { source: 'env' } });
    expect((await call('secrets.dismissImport')).value).toMatchObject({ importOffer: null });
    desktop.confirmAnswers.push(true, true);

    for (const endpoint of [custom(`${attacker.origin}/api/v1`), { region: 'cn-beijing' as const }]) {
      expect((await call('secrets.importApiKey', { endpoint })).error?.code).toBe('secrets.noImport');
      expect((await call('secrets.testApiKey', { endpoint })).error?.code).toBe('secrets.noApiKey');
    }
    expect(desktop.confirmRequests).toEqual([]);
    expect(bearers()).toEqual([]);
    // The renderer can dismiss, never undo a dismissal.
    const undo = await call('settings.update', { onboarding: { apiKeyImportDismissed: false } });
    expect(undo.error?.code).toBe('ipc.invalidPayload');
    expect(services.settings.get().onboarding.apiKeyImportDismissed).toBe(true);
  });

  it('the question is in the app’s language', async () => {
    await open();
    if ((await services.secrets.backendState()) === 'unavailable') await services.apiKey.useSessionOnly();
    await call('settings.update', { ui: { language: 'zh-CN' } });
    await call('secrets.importApiKey', { endpoint: custom(`${attacker.origin}/api/v1`) });
    expect(desktop.confirmRequests[0]!.detail).toContain(attacker.origin);
    expect(desktop.confirmRequests[0]!.title).toMatch(/[\u4e00-\u9fff]/);
    expect(desktop.confirmRequests[0]!.confirmLabel).toMatch(/[\u4e00-\u9fff]/);
  });
});

describe.skipIf(!process.env.DBUS_SESSION_BUS_ADDRESS)(
  'secrets saved before they were bound to an endpoint (real keychain)',
  () => {
    it('the old API key does not move to a custom endpoint the settings name unless the user confirms', async () => {
      await open({});
      expect(await services.secrets.backendState()).toBe('keychain');
      await services.secrets.set(API_KEY_ACCOUNT, LEGACY_KEY);
      // The renderer points the settings at its server, then asks main to test "the saved key".
      expect((await call('settings.update', { dashscope: custom(`${attacker.origin}/api/v1`) })).ok).toBe(true);
      expect((await call('secrets.testApiKey')).error?.code).toBe('secrets.noApiKey');
      expect(desktop.confirmRequests).toHaveLength(1);
      expect(desktop.confirmRequests[0]!.detail).toContain(attacker.origin);
      expect(bearers()).toEqual([]);
      expect(await services.secrets.get(apiKeyAccount(attacker.origin))).toBeNull();
      // Declined: the old key stays where it was, unsent, and is not asked about again in this run.
      expect(await services.secrets.get(API_KEY_ACCOUNT)).toBe(LEGACY_KEY);
      await call('secrets.status');
      expect(desktop.confirmRequests).toHaveLength(1);
    });

    it('declined for one endpoint, the old key is not asked about again this run, yet moves once the settings name a built-in region', async () => {
      await open({});
      await services.secrets.set(API_KEY_ACCOUNT, sim.apiKey);
      await call('settings.update', { dashscope: custom(`${attacker.origin}/api/v1`) });
      expect((await call('secrets.testApiKey')).error?.code).toBe('secrets.noApiKey');
      // Neither the same endpoint nor the next custom one is asked about again.
      await call('secrets.status');
      desktop.confirmAnswers.push(true);
      await call('settings.update', { dashscope: custom('http://127.0.0.1:9/api/v1') });
      await call('secrets.status');
      expect(desktop.confirmRequests).toHaveLength(1);
      await call('settings.update', { dashscope: { region: 'cn-beijing' } });
      expect((await call('secrets.testApiKey')).ok).toBe(true);
      expect(desktop.confirmRequests).toHaveLength(1);
      expect(await services.secrets.get(API_KEY_ACCOUNT)).toBeNull();
      expect(bearers()).toEqual([]);
    });

    it('the old API key moves to a built-in region without a question, and to a custom one after a yes', async () => {
      await open({});
      await services.secrets.set(API_KEY_ACCOUNT, sim.apiKey);
      expect((await call('secrets.testApiKey')).ok).toBe(true);
      expect(desktop.confirmRequests).toEqual([]);
      expect(await services.secrets.get(apiKeyAccount(new URL(sim.baseUrl).origin))).toBe(sim.apiKey);
      expect(await services.secrets.get(API_KEY_ACCOUNT)).toBeNull();
      await services.shutdown(2000);

      const dir = dataDir;
      await open({}, dir);
      await services.secrets.set(API_KEY_ACCOUNT, LEGACY_KEY);
      await call('settings.update', { dashscope: custom(`${attacker.origin}/api/v1`) });
      desktop.confirmAnswers.push(true);
      expect((await call('secrets.testApiKey')).ok).toBe(true);
      expect(bearers()).toEqual([`Bearer ${LEGACY_KEY}`]);
      expect(await services.secrets.get(API_KEY_ACCOUNT)).toBeNull();
    });

    it('old storage secrets do not move to the destination the settings name unless the user confirms', async () => {
      await open({});
      const http = secretHeaderHttp(`${attacker.origin}/upload/{key}`);
      await services.secrets.set(legacyStorageAccount('http', 'header:Authorization'), 'Bearer old-upload-token-0001');
      expect((await call('settings.update', { storage: { http } })).ok).toBe(true);
      const tested = await call('storage.test', { adapter: 'http' });
      expect(tested.error).toMatchObject({ code: 'storage.missingSecret' });
      expect(desktop.confirmRequests).toHaveLength(1);
      expect(desktop.confirmRequests[0]!.detail).toContain(attacker.origin);
      expect(attacker.requests.map((r) => r.headers.authorization)).toEqual([]);
      expect(await services.secrets.get(storageAccount('http', 'header:Authorization', attacker.origin))).toBeNull();
      expect(await services.secrets.get(legacyStorageAccount('http', 'header:Authorization'))).toBe(
        'Bearer old-upload-token-0001',
      );
    });

    it('declined for one address, old storage secrets are not asked about again this run, whatever address the settings name next', async () => {
      await open({});
      const http = (origin: string) => secretHeaderHttp(`${origin}/upload/{key}`);
      await services.secrets.set(legacyStorageAccount('http', 'header:Authorization'), 'Bearer old-upload-token-0001');
      await call('settings.update', { storage: { http: http('https://first.example') } });
      await call('storage.status');
      await call('storage.status');
      expect(desktop.confirmRequests.map((r) => r.detail)).toEqual([expect.stringContaining('https://first.example')]);
      desktop.confirmAnswers.push(true);
      await call('settings.update', { storage: { http: http(attacker.origin) } });
      expect((await call('storage.test', { adapter: 'http' })).error?.code).toBe('storage.missingSecret');
      expect(desktop.confirmRequests).toHaveLength(1);
      expect(attacker.requests).toEqual([]);
      expect(await services.secrets.get(legacyStorageAccount('http', 'header:Authorization'))).toBe(
        'Bearer old-upload-token-0001',
      );
    });

    it('old storage secrets move after a yes, and then go there', async () => {
      await open({});
      const http = secretHeaderHttp(`${attacker.origin}/upload/{key}`);
      await services.secrets.set(legacyStorageAccount('http', 'header:Authorization'), 'Bearer old-upload-token-0001');
      await call('settings.update', { storage: { http } });
      desktop.confirmAnswers.push(true);
      expect((await call('storage.test', { adapter: 'http' })).ok).toBe(true);
      expect(desktop.confirmRequests).toHaveLength(1);
      expect(attacker.requests.map((r) => r.headers.authorization)).toEqual(['Bearer old-upload-token-0001']);
      expect(await services.secrets.get(legacyStorageAccount('http', 'header:Authorization'))).toBeNull();
    });
  },
);
