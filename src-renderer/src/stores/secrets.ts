import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { Result } from '../../../src-preload/contract/result';
import type { SecretsStatus } from '../../../src-preload/contract/secrets';
import type { StorageStatus } from '../../../src-preload/contract/storage';
import { api } from '../api';
import { useNotices } from './notices';

/**
 * What the renderer may know about secrets: whether each is set and a four-character tail.
 * Every action returns main's fresh status, so this store never guesses.
 */
export const useSecrets = defineStore('secrets', () => {
  const status = ref<SecretsStatus | null>(null);
  const storage = ref<StorageStatus | null>(null);

  function take<T>(result: Result<T>, into: { value: T | null }): boolean {
    if (!result.ok) {
      useNotices().error(result.error);
      return false;
    }
    into.value = result.value;
    return true;
  }

  async function load(): Promise<void> {
    const [s, st] = await Promise.all([api.secrets.status(), api.storage.status()]);
    take(s, status);
    take(st, storage);
  }

  /** The secrets status alone (Draw asks whether a key is saved). */
  async function loadStatus(): Promise<void> {
    const s = await api.secrets.status();
    if (s.ok) status.value = s.value;
  }

  /** After anything that changes the keychain state, both views of it are refreshed. */
  async function secretsAction(call: Promise<Result<SecretsStatus>>): Promise<boolean> {
    const ok = take(await call, status);
    if (ok) take(await api.storage.status(), storage);
    return ok;
  }

  const storageAction = async (call: Promise<Result<StorageStatus>>) => take(await call, storage);

  return { status, storage, load, loadStatus, secretsAction, storageAction };
});
