import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import keytar from 'keytar';
import { keytarBackend, KEYCHAIN_SERVICE } from '../../../src-main/secrets/backend';
import { apiKeyAccount, storageAccount } from '../../../src-main/secrets/accounts';
import { ApiKeyService } from '../../../src-main/secrets/api-key-service';
import { loadKeytarBackend } from '../../../src-main/secrets/load-keytar';
import { SecretStore } from '../../../src-main/secrets/secret-store';
import { MemorySettingsBackend } from '../../../src-main/settings/open-backend';
import { SettingsService } from '../../../src-main/settings/settings-service';
import { REGION_BASE_URLS } from '../../../src-preload/contract/settings';

// Real gnome-keyring over D-Bus. Run inside:
//   XDG_DATA_HOME=$(mktemp -d) dbus-run-session -- sh -c 'echo -n test | gnome-keyring-daemon --unlock --components=secrets >/dev/null && npx vitest run test/integration/secrets'
const hasBus = Boolean(process.env.DBUS_SESSION_BUS_ADDRESS);
if (!hasBus && process.env.CI === 'true') {
  throw new Error(
    'CI=true but DBUS_SESSION_BUS_ADDRESS is unset: keychain tests must run inside dbus-run-session + gnome-keyring.',
  );
}
if (!hasBus) {
  console.warn(
    '\n*** SKIPPING keychain integration tests: DBUS_SESSION_BUS_ADDRESS is unset. ***\n' +
      '*** Run them inside dbus-run-session with gnome-keyring-daemon --unlock (see test file header). ***\n',
  );
}

const KEY = 'sk-integration-0123456789abcdWXYZ';
const BEIJING = 'https://dashscope.aliyuncs.com';

describe.skipIf(!hasBus)('secrets in the real OS keychain (gnome-keyring)', () => {
  it('writes, reads and deletes under the service "Wanx Sketch Studio"', async () => {
    const backend = await loadKeytarBackend();
    expect(backend).not.toBeNull();
    const store = new SecretStore(backend);
    expect(await store.backendState()).toBe('keychain');

    const account = storageAccount('s3', 'secretAccessKey', 'https://s3.example.com');
    await store.set(account, 'wJalrXUtnFEMI/K7MDENG/bPxRfiCY');
    expect(await store.get(account)).toBe('wJalrXUtnFEMI/K7MDENG/bPxRfiCY');
    // Visible to other keytar clients under our service name: it really is in the keychain.
    const creds = await keytar.findCredentials(KEYCHAIN_SERVICE);
    expect(creds).toContainEqual({ account, password: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCY' });

    await store.delete(account);
    expect(await store.get(account)).toBeNull();
    expect(await keytar.findCredentials(KEYCHAIN_SERVICE)).not.toContainEqual(expect.objectContaining({ account }));
  });

  it('survives a restart: a new store on the same keychain finds the API key, and status shows only the tail', async () => {
    const settings = new SettingsService(new MemorySettingsBackend(), () => {});
    const make = () =>
      new ApiKeyService({
        store: new SecretStore(keytarBackend(keytar)),
        settings,
        importFrom: { env: {}, homeDir: '/nonexistent', readTextFile: async () => null },
        check: async () => ({ kind: 'valid' }),
        regionUrls: REGION_BASE_URLS,
        platform: 'linux',
        confirmDestination: async () => false,
      });
    const status = await make().set(KEY);
    expect(status).toMatchObject({
      backend: 'keychain',
      platform: 'linux',
      apiKey: { set: true, tail: 'WXYZ' },
      apiKeyFor: { region: 'cn-beijing', origin: BEIJING },
      importOffer: null,
    });
    // Saved for Beijing only: the other regions show no key.
    expect(status.apiKeys.filter((k) => k.apiKey.set).map((k) => k.origin)).toEqual([BEIJING]);
    expect(JSON.stringify(status)).not.toContain(KEY.slice(0, -4));

    const afterRestart = make();
    expect(await afterRestart.get()).toBe(KEY);
    expect((await afterRestart.clear()).apiKey).toEqual({ set: false, tail: null });
    expect(await keytar.getPassword(KEYCHAIN_SERVICE, apiKeyAccount(BEIJING))).toBeNull();
  });

  it('offers to import DASHSCOPE_API_KEY on first run and stores it in the keychain', async () => {
    const settings = new SettingsService(new MemorySettingsBackend(), () => {});
    const service = new ApiKeyService({
      store: new SecretStore(keytarBackend(keytar)),
      settings,
      importFrom: { env: { DASHSCOPE_API_KEY: KEY }, homeDir: '/nonexistent', readTextFile: async () => null },
      check: async () => ({ kind: 'valid' }),
      regionUrls: REGION_BASE_URLS,
      platform: 'linux',
      confirmDestination: async () => false,
    });
    expect((await service.status()).importOffer).toEqual({ source: 'env', tail: 'WXYZ' });
    const after = await service.importFromEnvironment();
    expect(after.apiKey).toEqual({ set: true, tail: 'WXYZ' });
    expect(after.importOffer).toBeNull();
    expect(await keytar.getPassword(KEYCHAIN_SERVICE, apiKeyAccount(BEIJING))).toBe(KEY);
    await service.clear();
    // Cleared, env still set: the offer comes back unless dismissed.
    expect((await service.status()).importOffer).not.toBeNull();
    expect((await service.dismissImport()).importOffer).toBeNull();
  });
});

describe('without a Secret Service (real keytar, no D-Bus session)', () => {
  // Runs in a child process whose environment has no session bus, so it runs in CI too,
  // where this process itself sits inside one.
  it('reports the keychain as unavailable instead of failing, and offers session-only storage', () => {
    const env = { ...process.env };
    for (const name of ['DBUS_SESSION_BUS_ADDRESS', 'DISPLAY', 'WAYLAND_DISPLAY', 'XDG_RUNTIME_DIR']) delete env[name];
    const probe = join(__dirname, 'fixtures', 'no-bus-probe.ts');
    const run = spawnSync(join(process.cwd(), 'node_modules', '.bin', 'tsx'), [probe], {
      env,
      encoding: 'utf8',
      timeout: 15_000,
    });
    expect(run.status, run.stderr).toBe(0);
    const line = run.stdout.trim().split('\n').pop() ?? '';
    expect(JSON.parse(line)).toEqual({
      before: 'unavailable',
      setError: 'secrets.keychainUnavailable',
      after: 'session',
      readBack: true,
    });
    expect(run.stdout + run.stderr).not.toContain(KEY);
  });
});
