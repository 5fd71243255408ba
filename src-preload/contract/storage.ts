import { z } from 'zod';
import { channel } from './define';

/**
 * Where the sketch goes so DashScope can fetch it. The ids are stored in settings; renaming
 * one needs a settings migration.
 */
export const StorageAdapterIdSchema = z.enum(['dashscope-temp', 's3', 'http']);
export type StorageAdapterId = z.infer<typeof StorageAdapterIdSchema>;

/** Safe S3 object-key prefix: ASCII only, because DashScope rejects URLs with Chinese characters. */
const KeyPrefixSchema = z
  .string()
  .max(200)
  .regex(/^[A-Za-z0-9!_.*'()\-/]*$/, 'letters, digits and !_.*\'()-/ only');

const HeaderNameSchema = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'an HTTP header name');

/** Non-secret S3 fields; the access key id and secret live in the keychain. */
export const S3ConfigSchema = z.object({
  endpoint: z.string().max(2000),
  region: z.string().max(64),
  bucket: z.string().max(255),
  prefix: KeyPrefixSchema,
  pathStyle: z.boolean(),
  /** Lifetime of the presigned GET handed to DashScope. SigV4 caps presigned URLs at 7 days. */
  presignHours: z.number().int().min(1).max(168),
  /** Delete the object once the job that used it has finished. */
  deleteAfterTask: z.boolean(),
});
export type S3Config = z.infer<typeof S3ConfigSchema>;

/** A header sent with every custom-HTTP upload. A secret header's value is in the keychain, never here. */
export const HttpHeaderSchema = z.discriminatedUnion('secret', [
  z.object({ name: HeaderNameSchema, secret: z.literal(false), value: z.string().max(4000) }).strict(),
  // Strict: a secret value sent here by mistake is refused, not silently dropped.
  z.object({ name: HeaderNameSchema, secret: z.literal(true) }).strict(),
]);
export type HttpHeader = z.infer<typeof HttpHeaderSchema>;

export const HttpConfigSchema = z.object({
  /** Upload URL. `{key}` is replaced by the content-addressed object key (`<sha256>.<ext>`). */
  url: z.string().max(2000),
  method: z.enum(['PUT', 'POST']),
  /** Multipart field that carries the file (POST only). */
  fileField: z.string().min(1).max(100),
  headers: z.array(HttpHeaderSchema).max(20),
  /** Where the public URL of the upload is read from. */
  urlSource: z.enum(['json', 'location']),
  /** Dot path into the JSON response, e.g. `data.url` or `files.0.url`. */
  jsonPath: z.string().max(200),
  /** How long the server keeps the file; 0 = no expiry. Used to re-upload before it lapses. */
  urlLifetimeHours: z.number().int().min(0).max(8760),
});
export type HttpConfig = z.infer<typeof HttpConfigSchema>;

/** Secret fields per adapter. Custom-HTTP secrets are the values of its secret headers. */
export type S3SecretField = 'accessKeyId' | 'secretAccessKey';
export type HttpSecretField = `header:${string}`;
export type StorageSecretField = S3SecretField | HttpSecretField;

/**
 * A settings-form field, declared by the adapter. The renderer builds the form from these;
 * labels come from the settings catalog under `storageFields.<adapter>_<key>`.
 */
export type FieldDecl<K extends string = string> = { readonly key: K; readonly showIf?: { key: string; equals: string | boolean } } & (
  | { readonly kind: 'text' | 'url'; readonly required: boolean; readonly placeholder?: string }
  | { readonly kind: 'number'; readonly min: number; readonly max: number }
  | { readonly kind: 'boolean' }
  | { readonly kind: 'select'; readonly options: readonly string[] }
  /** Write-only: goes to the keychain, the form shows only whether it is set. */
  | { readonly kind: 'secret'; readonly required: boolean }
  /** A list of headers; each may be marked secret (value then goes to the keychain). */
  | { readonly kind: 'headers' }
);

export interface AdapterDecl<K extends string> {
  readonly fields: readonly FieldDecl<K>[];
  /** Vendor says: for development and testing, not production. The UI shows a note. */
  readonly devOnly: boolean;
  readonly canDelete: boolean;
}

const s3Fields = [
  { key: 'endpoint', kind: 'url', required: true, placeholder: 'https://s3.us-east-1.amazonaws.com' },
  { key: 'region', kind: 'text', required: true, placeholder: 'us-east-1' },
  { key: 'bucket', kind: 'text', required: true },
  { key: 'prefix', kind: 'text', required: false, placeholder: 'sketches/' },
  { key: 'pathStyle', kind: 'boolean' },
  { key: 'accessKeyId', kind: 'secret', required: true },
  { key: 'secretAccessKey', kind: 'secret', required: true },
  { key: 'presignHours', kind: 'number', min: 1, max: 168 },
  { key: 'deleteAfterTask', kind: 'boolean' },
] as const satisfies readonly FieldDecl<keyof S3Config | S3SecretField>[];

const httpFields = [
  { key: 'url', kind: 'url', required: true, placeholder: 'https://upload.example.com/sketches/{key}' },
  { key: 'method', kind: 'select', options: ['PUT', 'POST'] },
  { key: 'fileField', kind: 'text', required: true, showIf: { key: 'method', equals: 'POST' } },
  { key: 'headers', kind: 'headers' },
  { key: 'urlSource', kind: 'select', options: ['json', 'location'] },
  { key: 'jsonPath', kind: 'text', required: true, placeholder: 'data.url', showIf: { key: 'urlSource', equals: 'json' } },
  { key: 'urlLifetimeHours', kind: 'number', min: 0, max: 8760 },
] as const satisfies readonly FieldDecl<keyof HttpConfig>[];

export const STORAGE_ADAPTERS = {
  'dashscope-temp': { fields: [], devOnly: true, canDelete: false },
  s3: { fields: s3Fields, devOnly: false, canDelete: true },
  http: { fields: httpFields, devOnly: false, canDelete: false },
} as const satisfies { [K in StorageAdapterId]: AdapterDecl<string> };

/** Whether a secret is stored, and for long values its last four characters. Never the value. */
export const SecretPresenceSchema = z.object({ set: z.boolean(), tail: z.string().max(4).nullable() });
export type SecretPresence = z.infer<typeof SecretPresenceSchema>;

const ShowIfSchema = z.object({ key: z.string(), equals: z.union([z.string(), z.boolean()]) });
const FieldDeclSchema = z.discriminatedUnion('kind', [
  z.object({ key: z.string(), showIf: ShowIfSchema.optional(), kind: z.enum(['text', 'url']), required: z.boolean(), placeholder: z.string().optional() }),
  z.object({ key: z.string(), showIf: ShowIfSchema.optional(), kind: z.literal('number'), min: z.number(), max: z.number() }),
  z.object({ key: z.string(), showIf: ShowIfSchema.optional(), kind: z.literal('boolean') }),
  z.object({ key: z.string(), showIf: ShowIfSchema.optional(), kind: z.literal('select'), options: z.array(z.string()) }),
  z.object({ key: z.string(), showIf: ShowIfSchema.optional(), kind: z.literal('secret'), required: z.boolean() }),
  z.object({ key: z.string(), showIf: ShowIfSchema.optional(), kind: z.literal('headers') }),
]);

export const AdapterInfoSchema = z.object({
  id: StorageAdapterIdSchema,
  devOnly: z.boolean(),
  canDelete: z.boolean(),
  fields: z.array(FieldDeclSchema),
});
export type AdapterInfo = z.infer<typeof AdapterInfoSchema>;

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
  field: z.union([z.enum(['accessKeyId', 'secretAccessKey']), z.templateLiteral(['header:', HeaderNameSchema])]),
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

/** Every code the storage layer raises; each has a translation in features/errors/storage.i18n.ts. */
export const STORAGE_ERROR_CODES = [
  'storage.notConfigured',
  'storage.missingSecret',
  'storage.badCredentials',
  'storage.unreachable',
  'storage.noSuchBucket',
  'storage.rejected',
  'storage.noUrlInResponse',
  'storage.badUrlInResponse',
  'storage.image.format',
  'storage.image.tooSmall',
  'storage.image.tooLarge',
  'storage.image.notSquare',
  'storage.image.tooHeavy',
  'storage.image.unreadable',
] as const;
export type StorageErrorCode = (typeof STORAGE_ERROR_CODES)[number];
