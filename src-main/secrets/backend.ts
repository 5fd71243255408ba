/**
 * Where secrets physically live. The app and the keychain integration tests use keytar
 * (Secret Service / Keychain / Credential Manager); when no keychain is usable the user may
 * choose the in-memory one for this session.
 */
export interface SecretBackend {
  readonly kind: 'keychain' | 'session';
  get(account: string): Promise<string | null>;
  set(account: string, value: string): Promise<void>;
  delete(account: string): Promise<void>;
}

/** The part of keytar we use; the shell passes `import * as keytar from 'keytar'`. */
export interface KeytarLike {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
}

export const KEYCHAIN_SERVICE = 'Wanx Sketch Studio';

export function keytarBackend(keytar: KeytarLike, service: string = KEYCHAIN_SERVICE): SecretBackend {
  return {
    kind: 'keychain',
    get: (account) => keytar.getPassword(service, account),
    set: (account, value) => keytar.setPassword(service, account, value),
    delete: async (account) => {
      await keytar.deletePassword(service, account);
    },
  };
}

/** Session-only storage, chosen by the user when no keychain works. Gone when the app quits. */
export class SessionSecretBackend implements SecretBackend {
  readonly kind = 'session' as const;
  private readonly values = new Map<string, string>();
  async get(account: string): Promise<string | null> {
    return this.values.get(account) ?? null;
  }
  async set(account: string, value: string): Promise<void> {
    this.values.set(account, value);
  }
  async delete(account: string): Promise<void> {
    this.values.delete(account);
  }
  entries(): [string, string][] {
    return [...this.values.entries()];
  }
}
