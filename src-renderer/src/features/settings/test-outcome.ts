import type { AppError } from '../../../../src-preload/contract/result';

/** What a settings "Test" call answered. */
export type TestOutcomeValue = { ok: true; endpoint: string } | { ok: false; error: AppError };
