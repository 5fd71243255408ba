import { z } from 'zod';
import { channel } from './define';
import { AdapterInfoSchema, SecretPresenceSchema, StorageAdapterIdSchema, StorageSecretFieldSchema } from './domain/storage';

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

export const storageChannels = {
  'storage.status': channel(z.undefined(), StorageStatusSchema),
  'storage.setSecret': channel(
    z
      .object({ ...secretFieldShape, value: z.string().min(1).max(8000) })
      .strict()
      .refine(belongsToAdapter, wrongAdapter),
    StorageStatusSchema,
  ),
  'storage.clearSecret': channel(
    z.object(secretFieldShape).strict().refine(belongsToAdapter, wrongAdapter),
    StorageStatusSchema,
  ),
  /** Checks the chosen adapter with its saved settings; fails with a code naming the endpoint. */
  'storage.test': channel(
    z.object({ adapter: StorageAdapterIdSchema }).strict(),
    z.object({ endpoint: z.string() }),
  ),
};

