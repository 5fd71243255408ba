import { z } from 'zod';
import { channel } from './define';
import { RegionSchema } from './domain/regions';
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

/**
 * A DashScope endpoint as the form shows it, saved or not. Each key is stored for one endpoint
 * (a region, or a custom URL by its origin) and is only ever sent there. `customBaseUrl` counts
 * only for `custom`; plain http is accepted by the schema but main refuses it to any host
 * that is not loopback (`secrets.insecureEndpoint`).
 */
export const ApiKeyEndpointSchema = z.discriminatedUnion('region', [
  z.object({ region: RegionSchema.exclude(['custom']), customBaseUrl: z.string().max(2000).optional() }).strict(),
  z.object({ region: z.literal('custom'), customBaseUrl: z.url({ protocol: /^https?$/ }).max(2000) }).strict(),
]);
export type ApiKeyEndpoint = z.infer<typeof ApiKeyEndpointSchema>;

/** Which endpoint a presence describes: its region and the origin the key is bound to. */
export const ApiKeyTargetSchema = z.object({ region: RegionSchema, origin: z.string() });
export type ApiKeyTarget = z.infer<typeof ApiKeyTargetSchema>;

export const SecretsStatusSchema = z.object({
  backend: SecretBackendStateSchema,
  /** Which OS the fix hint is for when the keychain is unavailable. */
  platform: z.string(),
  /** The key saved for `apiKeyFor`: the endpoint asked about, else the one in settings. */
  apiKey: SecretPresenceSchema,
  apiKeyFor: ApiKeyTargetSchema,
  /** Every region, plus the custom endpoint in settings (and the one asked about), with its key's presence. */
  apiKeys: z.array(ApiKeyTargetSchema.extend({ apiKey: SecretPresenceSchema })),
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
  /** Presence of the key for `endpoint` (the form's, saved or not), or for the endpoint in settings. */
  'secrets.status': channel(
    z.object({ endpoint: ApiKeyEndpointSchema.optional() }).strict().optional(),
    SecretsStatusSchema,
  ),
  /** Saves the key for `endpoint`, or for the endpoint in settings when omitted. */
  'secrets.setApiKey': channel(
    z.object({ apiKey: ApiKeyInput, endpoint: ApiKeyEndpointSchema.optional() }).strict(),
    SecretsStatusSchema,
  ),
  'secrets.clearApiKey': channel(
    z.object({ endpoint: ApiKeyEndpointSchema.optional() }).strict().optional(),
    SecretsStatusSchema,
  ),
  /**
   * A cheap authenticated call against `endpoint` (the one on screen, saved or not; settings'
   * when omitted) with the typed `apiKey` (never stored) or the key saved for THAT endpoint
   * (`secrets.noApiKey` when there is none). `workspaceId` likewise defaults to settings'.
   * Fails with `secrets.keyInvalid`, `secrets.keyWrongRegion` (params.region = where it works),
   * `secrets.keyNetwork` (params.endpoint), `secrets.insecureEndpoint`, `secrets.redirectRefused`.
   */
  'secrets.testApiKey': channel(
    z
      .object({
        apiKey: ApiKeyInput.optional(),
        endpoint: ApiKeyEndpointSchema.optional(),
        workspaceId: z
          .string()
          .max(128)
          .regex(/^[A-Za-z0-9_-]*$/)
          .optional(),
      })
      .strict()
      .optional(),
    KeyTestResultSchema,
  ),
  /** Keep secrets in memory until quit, because no keychain is usable. */
  'secrets.useSessionOnly': channel(z.undefined(), SecretsStatusSchema),
  /** Re-checks the keychain, e.g. after the user started gnome-keyring. */
  'secrets.retryKeychain': channel(z.undefined(), SecretsStatusSchema),
  /**
   * Imports the found key for `endpoint`, or for the endpoint in settings: for a built-in region
   * at once, for a custom endpoint only once the user says yes in a dialog main shows naming it
   * (declined: nothing saved, the status as it was). `secrets.noImport` when nothing is found or
   * the offer was dismissed.
   */
  'secrets.importApiKey': channel(
    z.object({ endpoint: ApiKeyEndpointSchema.optional() }).strict().optional(),
    SecretsStatusSchema,
  ),
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
  /** Plain http to a host that is not this computer: a key would travel readable. */
  'secrets.insecureEndpoint',
  /** The endpoint answered with a redirect; a key is never forwarded elsewhere. */
  'secrets.redirectRefused',
  /** A saved key holds characters an HTTP header cannot carry (line breaks, control characters). */
  'secrets.badKeyValue',
] as const;
