import { z } from 'zod';
import { channel } from './define';
import {
  AdapterInfoSchema,
  HttpConfigSchema,
  HttpSecretFieldSchema,
  S3ConfigSchema,
  S3SecretFieldSchema,
  SecretPresenceSchema,
  SecretValueSchema,
  StorageAdapterIdSchema,
  StorageSecretFieldSchema,
} from './domain/storage';

// The storage domain (adapter ids, configs, field declarations, codes) lives in domain/storage.ts.
export * from './domain/storage';

export const StorageStatusSchema = z.object({
  active: StorageAdapterIdSchema,
  /** Every adapter with its declared fields; the renderer builds each settings form from these. */
  adapters: z.array(AdapterInfoSchema),
  /** Presence of each secret field, keyed `<adapter>.<field>` (e.g. `s3.secretAccessKey`, `http.header:Authorization`). */
  secrets: z.record(z.string(), SecretPresenceSchema),
});
export type StorageStatus = z.infer<typeof StorageStatusSchema>;

const secretFieldShape = {
  adapter: z.enum(['s3', 'http']),
  field: StorageSecretFieldSchema,
};
const belongsToAdapter = (r: { adapter: 's3' | 'http'; field: string }) =>
  (r.adapter === 's3') === !r.field.startsWith('header:');
const wrongAdapter = 'field does not belong to this adapter';

/** A typed secret for `storage.test`; never stored. */
const testSecret = <F extends z.ZodType>(field: F) => z.object({ field, value: SecretValueSchema }).strict();

export const StorageTestSchema = z.discriminatedUnion('adapter', [
  z.object({ adapter: z.literal('dashscope-temp') }).strict(),
  z
    .object({
      adapter: z.literal('s3'),
      config: S3ConfigSchema.strict().optional(),
      secrets: z.array(testSecret(S3SecretFieldSchema)).max(2).optional(),
    })
    .strict(),
  z
    .object({
      adapter: z.literal('http'),
      config: HttpConfigSchema.strict().optional(),
      secrets: z.array(testSecret(HttpSecretFieldSchema)).max(20).optional(),
    })
    .strict(),
]);
export type StorageTest = z.infer<typeof StorageTestSchema>;

export const storageChannels = {
  'storage.status': channel(z.undefined(), StorageStatusSchema),
  'storage.setSecret': channel(
    z
      .object({ ...secretFieldShape, value: SecretValueSchema })
      .strict()
      .refine(belongsToAdapter, wrongAdapter),
    StorageStatusSchema,
  ),
  'storage.clearSecret': channel(
    z.object(secretFieldShape).strict().refine(belongsToAdapter, wrongAdapter),
    StorageStatusSchema,
  ),
  /**
   * Checks an adapter without saving anything: with `config` the form's (unsaved) settings, else
   * the saved ones; with `secrets` the typed values, else those saved for THAT destination
   * (secrets are bound to the endpoint's origin and never sent elsewhere). Fails with a code
   * naming the endpoint.
   */
  'storage.test': channel(StorageTestSchema, z.object({ endpoint: z.string() })),
};
