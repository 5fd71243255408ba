import type { AppError, Result } from '../../src-preload/contract/result';

/** A failed call's AppError, thrown by `unwrap` so a chain of calls stops at the first failure. */
export class CallError extends Error {
  constructor(readonly appError: AppError) {
    super(appError.message);
    this.name = 'CallError';
  }
}

/** The value of a call that succeeded; a failed one throws its AppError (read back with `appErrorOf`). */
export function unwrap<T>(r: Result<T>): T {
  if (!r.ok) throw new CallError(r.error);
  return r.value;
}

/** The AppError behind a failed call; anything else is a bug, logged so 'internal' says true. */
export function appErrorOf(e: unknown): AppError {
  if (e instanceof CallError) return e.appError;
  console.error(e);
  return { code: 'internal', message: e instanceof Error ? e.message : String(e) };
}
