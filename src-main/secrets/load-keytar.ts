import { keytarBackend, type KeytarLike, type SecretBackend } from './backend';

/**
 * keytar as the secret backend, or null when its native module can't be loaded (missing
 * libsecret, wrong ABI). Null is not fatal: the settings view then explains the fix and offers
 * session-only storage.
 */
export async function loadKeytarBackend(): Promise<SecretBackend | null> {
  try {
    const mod = (await import('keytar')) as KeytarLike & { default?: KeytarLike };
    return keytarBackend(mod.default ?? mod);
  } catch {
    return null;
  }
}
