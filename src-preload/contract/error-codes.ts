// Every code an AppFailure (and so an IPC error) can carry, gathered from the lists each domain
// keeps beside its channels. test/unit/i18n/error-codes.test.ts holds the error catalogs to it.
import { DASHSCOPE_ERROR_CODES } from './dashscope-codes';
import { APP_ERROR_CODES } from './app';
import { DRAFT_ERROR_CODES } from './drafts';
import { GALLERY_ERROR_CODES } from './gallery';
import { JOB_ERROR_CODES } from './jobs';
import { IPC_ERROR_CODES } from './result';
import { SECRETS_ERROR_CODES } from './secrets';
import { SETTINGS_ERROR_CODES } from './settings';
import { STORAGE_ERROR_CODES } from './domain/storage';

export const ALL_ERROR_CODES = [
  ...IPC_ERROR_CODES,
  ...APP_ERROR_CODES,
  ...SETTINGS_ERROR_CODES,
  ...SECRETS_ERROR_CODES,
  ...STORAGE_ERROR_CODES,
  ...JOB_ERROR_CODES,
  ...GALLERY_ERROR_CODES,
  ...DRAFT_ERROR_CODES,
  // DashScope's own codes cross IPC unchanged (a job's error, a key test).
  ...DASHSCOPE_ERROR_CODES,
] as const;

export type AppErrorCode = (typeof ALL_ERROR_CODES)[number];
