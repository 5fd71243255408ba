import { describe, expect, it } from 'vitest';
import { SessionSecretBackend, type SecretBackend } from '../../../src-main/secrets/backend';
import { presence } from '../../../src-main/secrets/mask';
import { SecretStore } from '../../../src-main/secrets/secret-store';

const SECRET = 'sk-0123456789abcdefWXYZ';

/** A keychain that fails like libsecret without a Secret Service, until `up` is set. */
function flakyKeychain() {
  const inner = new SessionSecretBackend();
  const state = { up: false };
  const backend: SecretBackend = {
    kind: 'keychain',
    get: async (a) => {
      if (!state.up) throw new Error(`Cannot autolaunch D-Bus without X11 $DISPLAY (${a})`);
      return inner.get(a);
    },
    set: async (a, v) => {
      if (!state.up) throw new Error(`Cannot create an item in a locked collection: ${v}`);
      return inner.set(a, v);
    },
    delete: async (a) => inner.delete(a),
  };
  return { backend, state, inner };
}

describe('presence', () => {
  it('shows only the last four characters of long secrets', () => {
    expect(presence(SECRET)).toEqual({ set: true, tail: 'WXYZ' });
    expect(presence('short-key')).toEqual({ set: true, tail: null });
    expect(presence(null)).toEqual({ set: false, tail: null });
    expect(presence('')).toEqual({ set: false, tail: null });
  });
});

describe('SecretStore', () => {
  it('is unavailable when the keychain does not answer, and says so with a code', async () => {
    const { backend } = flakyKeychain();
    const store = new SecretStore(backend);
    expect(await store.backendState()).toBe('unavailable');
    await expect(store.set('a', SECRET)).rejects.toMatchObject({ code: 'secrets.keychainUnavailable' });
  });

  it('is unavailable when keytar could not be loaded at all', async () => {
    expect(await new SecretStore(null).backendState()).toBe('unavailable');
  });

  it('keeps secrets in memory in session-only mode and moves them into the keychain once it works', async () => {
    const k = flakyKeychain();
    const store = new SecretStore(k.backend);
    await store.useSessionOnly();
    expect(await store.backendState()).toBe('session');
    await store.set('dashscope.apiKey', SECRET);
    expect(await store.get('dashscope.apiKey')).toBe(SECRET);

    expect(await store.retryKeychain()).toBe('session'); // still down
    k.state.up = true;
    expect(await store.retryKeychain()).toBe('keychain');
    expect(await k.inner.get('dashscope.apiKey')).toBe(SECRET);
  });

  it('never lets keychain error text (which may quote the value) escape', async () => {
    const k = flakyKeychain();
    k.state.up = true;
    const store = new SecretStore(k.backend);
    expect(await store.backendState()).toBe('keychain');
    k.state.up = false; // daemon died
    const error = await store.set('x', SECRET).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'secrets.keychainFailed' });
    expect(JSON.stringify(error) + String(error)).not.toContain(SECRET);
    expect(await store.backendState()).toBe('unavailable');
  });
});
