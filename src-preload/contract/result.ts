import { z } from 'zod';
import type { AppErrorCode } from './error-codes';

/** At most this many issues travel with one error; a form shows one per field anyway. */
export const MAX_FIELD_ISSUES = 20;

/**
 * Stable kinds of what can be wrong with one value, the renderer words each one
 * (src-renderer/src/i18n/errors/fields.i18n.ts). `required`: empty or absent; `tooShort`/`tooLong`: text length
 * (params.minimum/maximum); `tooSmall`/`tooBig`: a number's range; `tooFew`/`tooMany`: list length;
 * `url`: not a web address of an allowed scheme; `format`: characters or shape not allowed;
 * `integer`: not a whole number; `option`: not one of the choices; `unknownKey`: a field the
 * request may not carry (always a bug); `invalid`: anything else.
 */
export const FIELD_ISSUE_KINDS = [
  'required',
  'tooShort',
  'tooLong',
  'tooSmall',
  'tooBig',
  'tooFew',
  'tooMany',
  'url',
  'format',
  'integer',
  'option',
  'unknownKey',
  'invalid',
] as const;
export const FieldIssueKindSchema = z.enum(FIELD_ISSUE_KINDS);
export type FieldIssueKind = z.infer<typeof FieldIssueKindSchema>;

export const FieldIssueSchema = z.object({
  /** Path inside the request payload, e.g. `['dashscope', 'customBaseUrl']`. */
  path: z.array(z.union([z.string(), z.number()])).max(20),
  kind: FieldIssueKindSchema,
  /** Limits only (`minimum`, `maximum`), never the value. */
  params: z.record(z.string(), z.number()).optional(),
});
export type FieldIssue = z.infer<typeof FieldIssueSchema>;

/**
 * Every IPC call answers with a Result instead of throwing: an Electron `invoke` rejection
 * loses the error's shape, and the UI needs a stable code to translate.
 */
export const AppErrorSchema = z.object({
  /** Stable, translatable code, e.g. `ipc.invalidPayload` or `dashscope.InvalidApiKey`. */
  code: z.string(),
  /** English fallback text for logs and for codes a catalog does not know yet. Never holds a secret. */
  message: z.string(),
  /** Values interpolated into the translated message (endpoint, limit, field…). */
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  /**
   * For a request refused as invalid: what is wrong with which field, so a form can say it under
   * that field (see src-renderer/src/composables/useFieldErrors.ts). Never holds the value.
   */
  issues: z.array(FieldIssueSchema).max(MAX_FIELD_ISSUES).optional(),
});
export type AppError = z.infer<typeof AppErrorSchema>;

type ZodIssue = z.core.$ZodIssue;

function limit(value: unknown): number | undefined {
  return typeof value === 'number' || typeof value === 'bigint' ? Number(value) : undefined;
}

function issueKind(issue: ZodIssue): { kind: FieldIssueKind; params?: Record<string, number> } {
  switch (issue.code) {
    case 'too_small': {
      const minimum = limit(issue.minimum) ?? 0;
      if (issue.origin === 'string')
        return minimum <= 1 ? { kind: 'required' } : { kind: 'tooShort', params: { minimum } };
      if (issue.origin === 'array' || issue.origin === 'set') return { kind: 'tooFew', params: { minimum } };
      return { kind: 'tooSmall', params: { minimum } };
    }
    case 'too_big': {
      const maximum = limit(issue.maximum) ?? 0;
      if (issue.origin === 'string') return { kind: 'tooLong', params: { maximum } };
      if (issue.origin === 'array' || issue.origin === 'set') return { kind: 'tooMany', params: { maximum } };
      return { kind: 'tooBig', params: { maximum } };
    }
    case 'invalid_format':
      return { kind: issue.format === 'url' ? 'url' : 'format' };
    case 'invalid_type':
      if (issue.expected === 'int') return { kind: 'integer' };
      return { kind: issue.input === undefined ? 'required' : 'invalid' };
    case 'invalid_value':
      return { kind: 'option' };
    case 'unrecognized_keys':
      return { kind: 'unknownKey' };
    default:
      return { kind: 'invalid' };
  }
}

/**
 * A union's branches each explain their failure; the one that says something about the value
 * (rather than "not the other literal") is the one a person needs.
 */
function unionBranch(issue: Extract<ZodIssue, { code: 'invalid_union' }>): readonly ZodIssue[] {
  const telling = issue.errors.find((branch) =>
    branch.some((i) => i.code !== 'invalid_value' && i.code !== 'invalid_type'),
  );
  return telling ?? issue.errors[0] ?? [];
}

/** Zod issues as field issues: path, stable kind and limits, never the value or zod's English. */
export function fieldIssues(issues: readonly ZodIssue[], base: readonly (string | number)[] = []): FieldIssue[] {
  const out: FieldIssue[] = [];
  for (const issue of issues) {
    const path = [...base, ...issue.path.filter((p): p is string | number => typeof p !== 'symbol')];
    if (issue.code === 'invalid_union' && issue.errors.length) {
      out.push(...fieldIssues(unionBranch(issue), path));
    } else if (issue.code === 'unrecognized_keys' && issue.keys.length) {
      for (const key of issue.keys) out.push({ path: [...path, key], kind: 'unknownKey' });
    } else {
      const { kind, params } = issueKind(issue);
      out.push(params ? { path, kind, params } : { path, kind });
    }
    if (out.length >= MAX_FIELD_ISSUES) break;
  }
  return out.slice(0, MAX_FIELD_ISSUES);
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const err = (
  code: AppErrorCode,
  message: string,
  params?: AppError['params'],
  issues?: readonly FieldIssue[],
): Result<never> => ({
  ok: false,
  error: { code, message, ...(params ? { params } : {}), ...(issues?.length ? { issues: [...issues] } : {}) },
});

/** Errors a service throws on purpose; the dispatcher turns them into `{ ok: false }`. */
export class AppFailure extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly params?: AppError['params'],
    /** Field-level detail, when the failure is about values a form sent (see FieldIssue). */
    readonly issues?: readonly FieldIssue[],
  ) {
    super(message);
    this.name = 'AppFailure';
  }
}

/** Codes raised by the IPC layer itself. Every one needs a translation (test/unit/i18n). */
export const IPC_ERROR_CODES = [
  'ipc.unknownChannel',
  'ipc.invalidPayload',
  'ipc.forbiddenSender',
  'ipc.invalidResponse',
  'internal',
  /** A bridge that lost main: the test harness's web bridge when its connection closes (test/harness). */
  'renderer.noBridge',
] as const;
