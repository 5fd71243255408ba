import type { StorageSecretField } from '../../src-preload/contract/storage';

/** Keychain account names. Stable: renaming one loses the stored secret. */
export const API_KEY_ACCOUNT = 'dashscope.apiKey';

export type StorageSecretAdapter = 's3' | 'http';

export function storageAccount(adapter: 's3', field: 'accessKeyId' | 'secretAccessKey'): string;
export function storageAccount(adapter: 'http', field: `header:${string}`): string;
export function storageAccount(adapter: StorageSecretAdapter, field: StorageSecretField): string;
export function storageAccount(adapter: StorageSecretAdapter, field: StorageSecretField): string {
  // Header names are case-insensitive; one account per header whatever the user typed.
  const normalized = field.startsWith('header:') ? `header:${field.slice(7).toLowerCase()}` : field;
  return `storage.${adapter}.${normalized}`;
}
