import { z } from 'zod';
import { channel } from './define';
import { RegionSchema } from './settings';
import { SecretPresenceSchema } from './storage';

/**
 * Where secrets are kept right now:
 * - `keychain`: the OS keychain (Secret Service, macOS Keychain, Windows Credential Manager);
 * - `unavailable`: no usable keychain, and the user has not chosen session-only yet;
 * - `session`: the user chose to keep secrets in memory until the app quits.
 */
export const SecretBackendStateSchema = z.enum(['keychain', 'unavailable', 'session']);
export type SecretBackendState = z.infer<typeof SecretBackendStateSchema>;

export const ApiKeySourceSchema = z.enum(['env', 'file']);
export type ApiKeySource = z.infer<typeof ApiKeySourceSchema>;

export const SecretsStatusSchema = z.object({
  backend: SecretBackendStateSchema,
  /** Which OS the fix hint is for when the keychain is unavailable. */
  platform: z.string(),
  apiKey: SecretPresenceSchema,
  /** A key found in DASHSCOPE_API_KEY or ~/.dashscope/api_key that the user may import. */
  importOffer: z.object({ source: ApiKeySourceSchema, tail: z.string().max(4).nullable() }).nullable(),
});
export type SecretsStatus = z.infer<typeof SecretsStatusSchema>;

/** DashScope keys are ASCII tokens (`sk-…`, `sk-ws-…` up to ~115 characters). */
const ApiKeyInput = z
  .string()
  .trim()
  .min(8)
  .max(512)
  .regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces');

export const KeyTestResultSchema = z.object({
  /** The endpoint that accepted the key (no path secrets, no query). */
  endpoint: z.string(),
  region: RegionSchema,
});
export type KeyTestResult = z.infer<typeof KeyTestResultSchema>;

export const secretsChannels = {
  'secrets.status': channel(z.undefined(), SecretsStatusSchema),
  'secrets.setApiKey': channel(z.object({ apiKey: ApiKeyInput }).strict(), SecretsStatusSchema),
  'secrets.clearApiKey': channel(z.undefined(), SecretsStatusSchema),
  /**
   * A cheap authenticated call with the given key, or the saved one when omitted. Fails with
   * `secrets.keyInvalid`, `secrets.keyWrongRegion` (params.region = where it works) or
   * `secrets.keyNetwork` (params.endpoint).
   */
  'secrets.testApiKey': channel(
    z.object({ apiKey: ApiKeyInput.optional() }).strict().optional(),
    KeyTestResultSchema,
  ),
  /** Keep secrets in memory until quit, because no keychain is usable. */
  'secrets.useSessionOnly': channel(z.undefined(), SecretsStatusSchema),
  /** Re-checks the keychain, e.g. after the user started gnome-keyring. */
  'secrets.retryKeychain': channel(z.undefined(), SecretsStatusSchema),
  'secrets.importApiKey': channel(z.undefined(), SecretsStatusSchema),
  'secrets.dismissImport': channel(z.undefined(), SecretsStatusSchema),
};

export const SECRETS_ERROR_CODES = [
  'secrets.keychainUnavailable',
  'secrets.keychainFailed',
  'secrets.noApiKey',
  'secrets.noImport',
  'secrets.keyInvalid',
  'secrets.keyWrongRegion',
  'secrets.keyNetwork',
  'secrets.keyCheckFailed',
] as const;
