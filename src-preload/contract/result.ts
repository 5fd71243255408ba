import { z } from 'zod';

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
});
export type AppError = z.infer<typeof AppErrorSchema>;

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const err = (code: string, message: string, params?: AppError['params']): Result<never> => ({
  ok: false,
  error: params ? { code, message, params } : { code, message },
});

/** Errors a service throws on purpose; the dispatcher turns them into `{ ok: false }`. */
export class AppFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly params?: AppError['params'],
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
] as const;
