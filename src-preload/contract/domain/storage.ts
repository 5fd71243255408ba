/**
 * Storage adapters as every process sees them: ids, the non-secret settings of each, their
 * secret fields, the form declarations the settings view is built from, and the error codes.
 * Environment-free (no electron, no node, no DOM); the IPC channels are in ../storage.ts.
 */
import { z } from 'zod';

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
  .regex(/^[A-Za-z0-9!_.*'()\-/]*$/, "letters, digits and !_.*'()-/ only");

export const HeaderNameSchema = z
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

/**
 * What an HTTP header value may hold: no CR/LF (they would split the header), no NUL or other
 * control characters (stacks refuse them with errors that quote the value); a tab is allowed.
 */
export const HEADER_VALUE_SAFE = /^[^\x00-\x08\x0a-\x1f\x7f]*$/;

/** A header sent with every custom-HTTP upload. A secret header's value is in the keychain, never here. */
export const HttpHeaderSchema = z.discriminatedUnion('secret', [
  z
    .object({
      name: HeaderNameSchema,
      secret: z.literal(false),
      value: z.string().max(4000).regex(HEADER_VALUE_SAFE, 'no line breaks or control characters'),
    })
    .strict(),
  // Strict: a secret value sent here by mistake is refused, not silently dropped.
  z.object({ name: HeaderNameSchema, secret: z.literal(true) }).strict(),
]);
export type HttpHeader = z.infer<typeof HttpHeaderSchema>;

/** Where a custom-HTTP upload URL names the object: `{key}` (`<sha256>.<ext>`) and `{sha256}`. */
export const URL_PLACEHOLDERS = ['{key}', '{sha256}'] as const;

/** The URL one upload goes to: the template with its placeholders filled. */
export const fillPlaceholders = (template: string, values: { readonly key: string; readonly sha256: string }): string =>
  template.replaceAll('{key}', values.key).replaceAll('{sha256}', values.sha256);

/** Filled with a sample of what each placeholder really becomes (hex digits, a dot, an extension). */
const fillTemplate = (template: string, hex: string, ext: string): string =>
  fillPlaceholders(template, { key: `${hex.repeat(64)}.${ext}`, sha256: hex.repeat(64) });

/**
 * True when a URL template's placeholders sit where they cannot change where the request goes
 * (path, query, fragment): filled two different ways it still parses to one origin. Secrets are
 * saved for that origin, so a placeholder in the scheme, host or port would let a secret saved
 * for one server travel to another (`https://upload.image{key}it.io`). Asked of the URL as the
 * WHATWG parser reads it, backslashes and all.
 */
export function placeholdersOutsideOrigin(template: string): boolean {
  if (!URL_PLACEHOLDERS.some((p) => template.includes(p))) return true;
  try {
    const origin = new URL(fillTemplate(template, '0', 'png')).origin;
    // 'null' is every non-http(s) URL's origin: equal, and meaningless.
    return origin !== 'null' && origin === new URL(fillTemplate(template, 'f', 'webp')).origin;
  } catch {
    return false;
  }
}

export const HttpConfigSchema = z.object({
  /**
   * Upload URL. `{key}` is replaced by the content-addressed object key (`<sha256>.<ext>`),
   * `{sha256}` by the digest: in the path or query only (a `format` issue otherwise).
   */
  url: z
    .string()
    .max(2000)
    .check((ctx) => {
      if (!placeholdersOutsideOrigin(ctx.value)) {
        ctx.issues.push({
          code: 'invalid_format',
          format: 'regex',
          input: ctx.value,
          message: '{key} and {sha256} only in the path or query',
        });
      }
    }),
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
export const S3SecretFieldSchema = z.enum(['accessKeyId', 'secretAccessKey']);
export type S3SecretField = z.infer<typeof S3SecretFieldSchema>;
export const HttpSecretFieldSchema = z.templateLiteral(['header:', HeaderNameSchema]);
export type HttpSecretField = z.infer<typeof HttpSecretFieldSchema>;
export const StorageSecretFieldSchema = z.union([S3SecretFieldSchema, HttpSecretFieldSchema]);
export type StorageSecretField = z.infer<typeof StorageSecretFieldSchema>;

/**
 * A secret's value (S3 key, secret header value). It travels in an HTTP header, so control
 * characters (CR, LF, NUL…; a tab is allowed) are refused: they could split or smuggle a header.
 */
export const SecretValueSchema = z
  .string()
  .min(1)
  .max(8000)
  .regex(HEADER_VALUE_SAFE, 'no line breaks or control characters');

/** Whether a secret is stored, and for long values its last four characters. Never the value. */
export const SecretPresenceSchema = z.object({ set: z.boolean(), tail: z.string().max(4).nullable() });
export type SecretPresence = z.infer<typeof SecretPresenceSchema>;

/**
 * A settings-form field, declared by the adapter. The renderer builds the form from these;
 * labels come from the settings catalog under `storageFields.<adapter>_<key>`. The schema is
 * the one description: main checks the declarations it sends with it, and the TypeScript
 * types below are derived from it.
 */
const ShowIfSchema = z.object({ key: z.string(), equals: z.union([z.string(), z.boolean()]) });
const fieldBase = { key: z.string(), showIf: ShowIfSchema.optional() };
export const FieldDeclSchema = z.discriminatedUnion('kind', [
  z.object({ ...fieldBase, kind: z.enum(['text', 'url']), required: z.boolean(), placeholder: z.string().optional() }),
  z.object({ ...fieldBase, kind: z.literal('number'), min: z.number(), max: z.number() }),
  z.object({ ...fieldBase, kind: z.literal('boolean') }),
  z.object({ ...fieldBase, kind: z.literal('select'), options: z.array(z.string()) }),
  /** Write-only: goes to the keychain, the form shows only whether it is set. */
  z.object({ ...fieldBase, kind: z.literal('secret'), required: z.boolean() }),
  /** A list of headers; each may be marked secret (value then goes to the keychain). */
  z.object({ ...fieldBase, kind: z.literal('headers') }),
]);

export const AdapterInfoSchema = z.object({
  id: StorageAdapterIdSchema,
  /** Vendor says: for development and testing, not production. The UI shows a note. */
  devOnly: z.boolean(),
  canDelete: z.boolean(),
  fields: z.array(FieldDeclSchema),
});
export type AdapterInfo = z.infer<typeof AdapterInfoSchema>;

/** The schema's type, read-only all the way down, so `as const` declarations satisfy it. */
type DeepReadonly<T> = T extends readonly (infer U)[]
  ? readonly DeepReadonly<U>[]
  : T extends object
    ? { readonly [P in keyof T]: DeepReadonly<T[P]> }
    : T;
/** Per variant of the union: the field's `key` narrowed to the adapter's own keys. */
type Keyed<F, K extends string> = F extends unknown ? DeepReadonly<Omit<F, 'key'>> & { readonly key: K } : never;

export type FieldDecl<K extends string = string> = Keyed<z.infer<typeof FieldDeclSchema>, K>;
export type AdapterDecl<K extends string> = DeepReadonly<Omit<AdapterInfo, 'id' | 'fields'>> & {
  readonly fields: readonly FieldDecl<K>[];
};

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
  {
    key: 'jsonPath',
    kind: 'text',
    required: true,
    placeholder: 'data.url',
    showIf: { key: 'urlSource', equals: 'json' },
  },
  { key: 'urlLifetimeHours', kind: 'number', min: 0, max: 8760 },
] as const satisfies readonly FieldDecl<keyof HttpConfig>[];

export const STORAGE_ADAPTERS = {
  'dashscope-temp': { fields: [], devOnly: true, canDelete: false },
  s3: { fields: s3Fields, devOnly: false, canDelete: true },
  http: { fields: httpFields, devOnly: false, canDelete: false },
} as const satisfies { [K in StorageAdapterId]: AdapterDecl<string> };

/**
 * Where one upload went, as the upload record and the job's ref keep it: enough to build the
 * adapter that deletes it again, whatever the settings say by then. Never holds a secret;
 * `credentialId` is a short hash naming the credentials without revealing them.
 */
export const UploadDestinationSchema = z.discriminatedUnion('adapter', [
  z.object({ adapter: z.literal('dashscope-temp'), endpoint: z.string().max(2000), credentialId: z.string().max(64) }),
  z.object({
    adapter: z.literal('s3'),
    endpoint: z.string().max(2000),
    region: z.string().max(64),
    bucket: z.string().max(255),
    pathStyle: z.boolean(),
    credentialId: z.string().max(64),
  }),
  z.object({ adapter: z.literal('http'), url: z.string().max(2000), method: z.enum(['PUT', 'POST']) }),
]);
export type UploadDestination = z.infer<typeof UploadDestinationSchema>;

/** Every code the storage layer raises; each has a translation in src-renderer/src/i18n/errors/storage.i18n.ts. */
export const STORAGE_ERROR_CODES = [
  'storage.notConfigured',
  'storage.missingSecret',
  'storage.badCredentials',
  'storage.unreachable',
  'storage.noSuchBucket',
  'storage.rejected',
  'storage.noUrlInResponse',
  'storage.badUrlInResponse',
  /** The storage's answer was larger than any upload answer holds; it was not read (params.limit). */
  'storage.responseTooLarge',
  /** Plain http to a host that is not this computer while secrets would travel. */
  'storage.insecureEndpoint',
  /** The storage answered with a redirect; secrets are never forwarded elsewhere. */
  'storage.redirectRefused',
  /** A saved secret header value holds a line break or control character (params.field). */
  'storage.badSecretValue',
  /** `{key}`/`{sha256}` in the upload URL's scheme, host or port (params.adapter, params.field); nothing is sent. */
  'storage.placeholderInOrigin',
  'storage.image.format',
  'storage.image.tooSmall',
  'storage.image.tooLarge',
  'storage.image.notSquare',
  'storage.image.tooHeavy',
  'storage.image.unreadable',
] as const;
export type StorageErrorCode = (typeof STORAGE_ERROR_CODES)[number];
