import { createHash } from 'node:crypto';
import { API_KEY_ACCOUNT } from './accounts';
import type { SecretStore } from './secret-store';

/**
 * Names a key without revealing it (a short sha256 prefix), stable across restarts. Records and
 * upload destinations keep it to tell one key from another; never enough to recover the key.
 */
export function keyIdOf(apiKey: string): string {
  return createHash('sha256').update(apiKey).digest('hex').slice(0, 12);
}

/**
 * The keychain account that keeps the key a DashScope task was created with, for as long as the
 * task is unfinished: `dashscope.apiKey#task-<keyId>@<origin>`. The user's own entry
 * (`dashscope.apiKey@<origin>`) may be replaced or cleared at any time; this one is not, so a
 * running task is still polled with its own key after the settings moved on. Bound to the origin
 * like the user's entry: the key is only ever sent where it was saved for.
 */
export function taskKeyAccount(origin: string, keyId: string): string {
  return `${API_KEY_ACCOUNT}#task-${keyId}@${origin}`;
}

/**
 * Pins and unpins task keys. A pin is written once per key per process (before the key's first
 * create), read when a task must be polled with a key the settings no longer name, and deleted
 * once no unfinished task uses it.
 */
export class TaskKeys {
  /** Accounts known to be written in this process. */
  private readonly pinned = new Set<string>();

  constructor(private readonly store: Pick<SecretStore, 'get' | 'set' | 'delete'>) {}

  /** Writes the pin for `apiKey` at `origin` unless this process already did; returns its account. */
  async pin(origin: string, apiKey: string): Promise<string> {
    const account = taskKeyAccount(origin, keyIdOf(apiKey));
    if (this.pinned.has(account)) return account;
    await this.store.set(account, apiKey);
    this.pinned.add(account);
    return account;
  }

  /** The pinned key, only when it is still the very key `keyId` names. */
  async read(origin: string, keyId: string): Promise<string | null> {
    const value = await this.store.get(taskKeyAccount(origin, keyId));
    return value && keyIdOf(value) === keyId ? value : null;
  }

  async unpin(origin: string, keyId: string): Promise<void> {
    const account = taskKeyAccount(origin, keyId);
    // Forgotten first: a pin asked for again while the delete runs is written again.
    this.pinned.delete(account);
    await this.store.delete(account);
  }
}
