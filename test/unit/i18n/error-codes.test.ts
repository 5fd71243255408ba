// One list of every code the error catalogs translate, and the catalogs themselves, kept in step
// both ways: each code reads in zh-CN and en, and each catalog key (`<code>` or
// `<code>#<context>`, see i18n/error-text.ts) is a code something can raise.
import { describe, expect, it } from 'vitest';
import { ALL_ERROR_CODES } from '../../../src-preload/contract/error-codes';
import { FIELD_ISSUE_KINDS } from '../../../src-preload/contract/result';
import { SettingsNoticeSchema } from '../../../src-preload/contract/settings';
import { IMPORT_ERROR_CODES } from '../../../src-renderer/src/features/canvas/import/read-image';
import { errorCatalogs } from '../../../src-renderer/src/i18n/error-catalogs';

/** Codes the renderer words besides AppErrorCode: notices, form-field kinds, its own canvas checks. */
const codes: readonly string[] = [
  ...ALL_ERROR_CODES,
  ...SettingsNoticeSchema.shape.code.options,
  ...FIELD_ISSUE_KINDS.map((kind) => `field.${kind}`),
  ...IMPORT_ERROR_CODES,
];

const keysOf = (locale: 'en' | 'zh-CN'): string[] => errorCatalogs.flatMap((catalog) => Object.keys(catalog[locale]));

describe('error codes and their translations', () => {
  it('lists each code once', () => {
    expect(codes.filter((code, i) => codes.indexOf(code) !== i)).toEqual([]);
  });

  it.each(['en', 'zh-CN'] as const)('%s: every code has exactly one text, every key belongs to a code', (locale) => {
    const keys = keysOf(locale);
    const untranslated = codes.filter((code) => keys.filter((key) => key === code).length !== 1);
    const strays = keys.filter((key) => !codes.includes(key.split('#')[0]!));
    expect({ untranslated, strays }).toEqual({ untranslated: [], strays: [] });
  });
});
