import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppFailure } from '../../../src-preload/contract/result';
import { systemClock } from '../../../src-main/common/clock';
import { DashScopeClients, type TaskIdentity } from '../../../src-main/secrets/client-pool';
import { SessionSecretBackend } from '../../../src-main/secrets/backend';
import { keyIdOf, TaskKeys, taskKeyAccount } from '../../../src-main/secrets/task-keys';
import { DEFAULT_SETTINGS } from '../../../src-main/settings/defaults';

/** The pool's handling of task identities: which key goes where. No request is made. */
const REGION = {
  'cn-beijing': 'https://a.example/api/v1',
  'ap-southeast-1': 'https://b.example/api/v1',
  'us-east-1': 'https://c.example/api/v1',
};

function pool(saved: Record<string, string>, o: { backend?: SessionSecretBackend; namesPath?: string } = {}) {
  const backend = o.backend ?? new SessionSecretBackend();
  const keys = new TaskKeys(backend, o.namesPath ?? null);
  const sent: string[] = [];
  const clients = new DashScopeClients({
    settings: () => DEFAULT_SETTINGS,
    apiKey: async (baseUrl) => saved[new URL(baseUrl).origin] ?? null,
    taskKeys: keys,
    regionUrls: REGION,
    fetch: async (input) => {
      sent.push(String(input));
      throw new Error('no network in this test');
    },
    clock: systemClock,
    appName: 'test',
    appVersion: '0',
  });
  return { backend, keys, clients, sent };
}

const code = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    return e instanceof AppFailure ? e.code : String(e);
  }
  return 'resolved';
};

describe('DashScopeClients task identities', () => {
  it('current() pins its key under the task account of its origin and names it in the identity', async () => {
    const p = pool({ 'https://a.example': 'sk-one' });
    const c = await p.clients.current();
    expect(c.identity).toEqual({
      baseUrl: REGION['cn-beijing'],
      keyAccount: taskKeyAccount('https://a.example', keyIdOf('sk-one')),
      keyId: keyIdOf('sk-one'),
      workspace: null,
    });
    expect(await p.backend.get(c.identity.keyAccount)).toBe('sk-one');
  });

  it('forTask keeps the pinned key after the saved one changed, and refuses an identity whose account names another origin', async () => {
    const saved: Record<string, string> = { 'https://a.example': 'sk-one' };
    const p = pool(saved);
    const { identity } = await p.clients.current();
    saved['https://a.example'] = 'sk-two';
    const fresh = pool(saved);
    await fresh.backend.set(identity.keyAccount, 'sk-one');
    const again = await fresh.clients.forTask(identity);
    expect(again.keyId).toBe(keyIdOf('sk-one'));
    // A record pointing the old key's account at another host: nothing is read or sent.
    const forged: TaskIdentity = { ...identity, baseUrl: 'https://evil.example/api/v1' };
    expect(await code(fresh.clients.forTask(forged))).toBe('secrets.noApiKey');
    expect(await code(fresh.clients.forTask({ ...identity, baseUrl: 'http://a.example/api/v1' }))).toBe(
      'secrets.insecureEndpoint',
    );
    expect(fresh.sent).toEqual([]);
  });

  it('a pin whose value is another key is not used', async () => {
    const p = pool({});
    const identity: TaskIdentity = {
      baseUrl: REGION['cn-beijing'],
      keyAccount: taskKeyAccount('https://a.example', keyIdOf('sk-one')),
      keyId: keyIdOf('sk-one'),
      workspace: null,
    };
    await p.backend.set(identity.keyAccount, 'sk-someone-else');
    expect(await code(p.clients.forTask(identity))).toBe('secrets.noApiKey');
  });

  it('retire deletes pins no unfinished task uses unless they hold the saved key', async () => {
    const saved: Record<string, string> = { 'https://a.example': 'sk-one' };
    const p = pool(saved);
    const one = (await p.clients.current()).identity;
    saved['https://a.example'] = 'sk-two';
    const two = (await p.clients.current()).identity;
    await p.clients.retire([one, two], [one]);
    expect(await p.backend.get(one.keyAccount)).toBe('sk-one');
    await p.clients.retire([one, two], []);
    expect(await p.backend.get(one.keyAccount)).toBeNull();
    expect(await p.backend.get(two.keyAccount)).toBe('sk-two');
  });

  it('a pin no job record names (no create went out) is found again after a restart through the names file, and deleted once the key is cleared', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'wss-pins-'));
    try {
      const namesPath = join(dir, 'task-keys.json');
      const backend = new SessionSecretBackend();
      const saved: Record<string, string> = { 'https://a.example': 'sk-one' };
      const { identity } = await pool(saved, { backend, namesPath }).clients.current();
      const names = await readFile(namesPath, 'utf8');
      expect(names).toContain(keyIdOf('sk-one'));
      expect(names).not.toContain('sk-one');
      // Restart: the user cleared the key meanwhile; no record names the pin.
      delete saved['https://a.example'];
      const after = pool(saved, { backend, namesPath });
      await after.clients.retire([], []);
      expect(await backend.get(identity.keyAccount)).toBeNull();
      expect(await after.keys.list()).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
