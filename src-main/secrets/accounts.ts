import type { StorageSecretField } from '../../src-preload/contract/storage';

/**
 * Keychain account names. Stable: renaming one loses the stored secret (accounts from before
 * secrets were bound to an endpoint move after a check, see ApiKeyService/StorageService migrate).
 */

/** Before keys were bound to their endpoint: the one DashScope key. Also the keychain probe's account. */
export const API_KEY_ACCOUNT = 'dashscope.apiKey';

/** The DashScope key saved for one origin, e.g. `dashscope.apiKey@https://dashscope.aliyuncs.com`. */
export function apiKeyAccount(origin: string): string {
  return `${API_KEY_ACCOUNT}@${origin}`;
}

export type StorageSecretAdapter = 's3' | 'http';

function normalizedField(field: StorageSecretField): string {
  // Header names are case-insensitive; one account per header whatever the user typed.
  return field.startsWith('header:') ? `header:${field.slice(7).toLowerCase()}` : field;
}

/** Before storage secrets were bound to their endpoint (migrated once). */
export function legacyStorageAccount(adapter: StorageSecretAdapter, field: StorageSecretField): string {
  return `storage.${adapter}.${normalizedField(field)}`;
}

/** A storage secret saved for one destination origin, e.g. `storage.s3.secretAccessKey@https://s3.example.com`. */
export function storageAccount(adapter: StorageSecretAdapter, field: StorageSecretField, origin: string): string {
  return `${legacyStorageAccount(adapter, field)}@${origin}`;
}
