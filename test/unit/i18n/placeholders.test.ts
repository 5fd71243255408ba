import { describe, expect, it } from 'vitest';
import { errorCatalogs } from '../../../src-renderer/src/i18n/error-catalogs';
import { errorText } from '../../../src-renderer/src/i18n/error-text';
import { LOCALES } from '../../../src-preload/contract/domain/locale';

const UNFILLED = /\{\w+\}/;

describe('error messages never show an unfilled {placeholder}', () => {
  // Every code of every catalog, in both languages, as a row shows it when the error came with
  // no params (a retry line names only the code it backs off from).
  const codes = new Set(errorCatalogs.flatMap((c) => Object.keys(c.en)));
  for (const locale of LOCALES) {
    it(`${locale}: every code without params`, () => {
      const bad = [...codes].map((code) => [code, errorText({ code, message: code }, locale)] as const).filter(([, text]) => UNFILLED.test(text));
      expect(bad).toEqual([]);
    });
    it(`${locale}: params given are used, missing ones read naturally`, () => {
      expect(errorText({ code: 'storage.unreachable', message: '', params: { endpoint: 'https://x.example' } }, locale)).toContain('https://x.example');
    });
  }
  it('an English sentence that starts with a missing name still starts with a capital', () => {
    expect(errorText({ code: 'storage.rejected', message: '' }, 'en')).toMatch(/^The server refused the upload/);
  });
});
