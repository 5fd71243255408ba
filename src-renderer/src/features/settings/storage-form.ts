import type { AppError, FieldIssue } from '../../../../src-preload/contract/result';
import type { FieldErrors } from '../../composables/useFieldErrors';
import type {
  HttpConfig,
  HttpHeader,
  HttpSecretField,
  S3Config,
  S3SecretField,
  StorageSecretField,
  StorageTest,
} from '../../../../src-preload/contract/storage';

/**
 * The pure part of the sketch-upload form (StorageSection.vue): which request paths are its
 * fields, how a refusal's issue paths map onto them, which typed secrets count, and what
 * "Test connection" sends. No Vue, no IPC: the section holds the state and calls these.
 */

/** The adapters that have a form (the temporary DashScope space has nothing to fill in). */
export type FormAdapter = 's3' | 'http';
export type FormPath = (string | number)[];

/** The configs on screen, per adapter (null until settings have loaded). */
export interface FormDrafts {
  readonly s3: S3Config | null;
  readonly http: HttpConfig | null;
}
/** Secret values typed and not saved yet, per adapter and field (`accessKeyId`, `header:X`). */
export type PendingSecrets = Readonly<Record<FormAdapter, Readonly<Record<string, string>>>>;

/** Error codes that name one field (`params.field`), and how that field is marked. */
export const FIELD_CODES: Readonly<Record<string, FieldIssue['kind']>> = {
  'storage.notConfigured': 'invalid',
  'storage.missingSecret': 'required',
  'storage.badSecretValue': 'format',
  'storage.placeholderInOrigin': 'format',
};

/** SecretField's error bindings for the field at `key`: marked, and described by its error, while it has one. */
export function secretErrorProps(
  errors: Pick<FieldErrors, 'attrs'>,
  key: string,
): { invalid: boolean; describedBy?: string } {
  const attrs = errors.attrs(key);
  const describedBy = attrs['aria-describedby'];
  return { invalid: attrs['aria-invalid'] === 'true', ...(describedBy ? { describedBy } : {}) };
}

/** The origin of a URL, or '' for anything that is not one. */
export function originOf(url: unknown): string {
  try {
    return new URL(String(url ?? '')).origin;
  } catch {
    return '';
  }
}

/** The address secrets are saved for: an S3 endpoint's origin, a custom-HTTP upload URL's origin. */
export function addressOf(a: FormAdapter, config: { endpoint?: unknown; url?: unknown } | null | undefined): string {
  return originOf(a === 's3' ? config?.endpoint : config?.url);
}

/** Every field the form may show an error under, by its path in the request it goes out in. */
export function fieldKeys(
  a: FormAdapter,
  declared: readonly { key: string }[],
  headers: readonly HttpHeader[],
): string[] {
  const keys = declared.map((f) => `storage.${a}.${f.key}`);
  if (a === 'http')
    headers.forEach((_, i) => keys.push(`storage.http.headers.${i}.name`, `storage.http.headers.${i}.value`));
  return keys;
}

/** Typed secrets of an adapter that still belong to a field on screen (a renamed header's do not). */
export function typedSecrets(
  a: FormAdapter,
  pending: PendingSecrets,
  headers: readonly HttpHeader[],
): [StorageSecretField, string][] {
  const typed = Object.entries(pending[a]).filter(([, v]) => v !== '');
  if (a === 's3') return typed as [StorageSecretField, string][];
  const names = new Set(headers.filter((h) => h.secret).map((h) => `header:${h.name}`));
  return typed.filter(([k]) => names.has(k)) as [StorageSecretField, string][];
}

/** Headers left incomplete: a name missing, or a secret value neither saved nor typed. */
export function headerIssues(
  headers: readonly HttpHeader[],
  present: (field: string) => boolean,
  typed: Readonly<Record<string, string>>,
): FieldIssue[] {
  const found: FieldIssue[] = [];
  headers.forEach((h, i) => {
    const at = (part: string) => ['storage', 'http', 'headers', i, part];
    if (!h.name.trim()) found.push({ path: at('name'), kind: 'required' });
    else if (h.secret && !present(`header:${h.name}`) && !typed[`header:${h.name}`])
      found.push({ path: at('value'), kind: 'required' });
  });
  return found;
}

/** The secret field a form path names (`accessKeyId`, `header:Authorization`), if it names one. */
export function secretOf(path: readonly (string | number)[], headers: readonly HttpHeader[]): string | undefined {
  const [, a, key, index, part] = path;
  if (a === 's3' && (key === 'accessKeyId' || key === 'secretAccessKey')) return key;
  if (a === 'http' && key === 'headers' && typeof index === 'number' && part === 'value') {
    const h = headers[index];
    return h?.secret ? `header:${h.name}` : undefined;
  }
  return undefined;
}

/** The form's path of a field an error names: a secret header's value, or `storage.<adapter>.<key>`. */
export function fieldPath(a: FormAdapter, field: string, headers: readonly HttpHeader[]): FormPath {
  if (field.startsWith('header:')) {
    const i = headers.findIndex((h) => `header:${h.name}` === field);
    if (i >= 0) return ['storage', 'http', 'headers', i, 'value'];
  }
  return ['storage', a, field];
}

/** Issue paths of the secret and test requests (`value`, `config.*`, `secrets.<i>.*`) as the form's. */
export function formIssues(
  error: AppError,
  a: FormAdapter | null,
  headers: readonly HttpHeader[],
  secretField?: string,
  request?: StorageTest,
): FieldIssue[] | undefined {
  if (!error.issues || !a) return error.issues;
  const typed = request && 'secrets' in request ? request.secrets : undefined;
  return error.issues.map((i) => {
    const [head, second] = i.path;
    if (secretField && head === 'value') return { ...i, path: fieldPath(a, secretField, headers) };
    if (head === 'config') return { ...i, path: ['storage', a, ...i.path.slice(1)] };
    const named = head === 'secrets' && typeof second === 'number' ? typed?.[second]?.field : undefined;
    return named ? { ...i, path: fieldPath(a, named, headers) } : i;
  });
}

/** What is on screen, saved or not: the chosen adapter, its fields and the secrets typed. */
export function testRequest(a: FormAdapter | null, drafts: FormDrafts, pending: PendingSecrets): StorageTest {
  const headers = drafts.http?.headers ?? [];
  if (a === 's3' && drafts.s3) {
    const typed = typedSecrets('s3', pending, headers).map(([field, value]) => ({
      field: field as S3SecretField,
      value,
    }));
    return { adapter: 's3', config: drafts.s3, ...(typed.length ? { secrets: typed } : {}) };
  }
  if (a === 'http' && drafts.http) {
    const typed = typedSecrets('http', pending, headers).map(([field, value]) => ({
      field: field as HttpSecretField,
      value,
    }));
    return { adapter: 'http', config: drafts.http, ...(typed.length ? { secrets: typed } : {}) };
  }
  return { adapter: 'dashscope-temp' };
}
