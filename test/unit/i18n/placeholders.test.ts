import { describe, expect, it } from 'vitest';
import { SKETCH_MAX_MB, SKETCH_MAX_PX, SKETCH_MIN_PX } from '../../../src-preload/contract/domain/generation';
import { IMPORT_MAX_MB, IMPORT_MAX_MEGAPIXELS } from '../../../src-renderer/src/features/canvas/import/read-image';
import { errorCatalogs } from '../../../src-renderer/src/i18n/error-catalogs';
import { PARAM_FALLBACKS } from '../../../src-renderer/src/i18n/error-fallbacks';
import { errorText } from '../../../src-renderer/src/i18n/error-text';
import { LOCALES } from '../../../src-preload/contract/domain/locale';

const UNFILLED = /\{\w+\}/;

describe('error messages never show an unfilled {placeholder}', () => {
  // Every code of every catalog, in both languages, as a row shows it when the error came with
  // no params (a retry line names only the code it backs off from).
  const codes = new Set(errorCatalogs.flatMap((c) => Object.keys(c.en)));
  for (const locale of LOCALES) {
    it(`${locale}: every code without params`, () => {
      const bad = [...codes]
        .map((code) => [code, errorText({ code, message: code }, locale)] as const)
        .filter(([, text]) => UNFILLED.test(text));
      expect(bad).toEqual([]);
    });
    it(`${locale}: params given are used, missing ones read naturally`, () => {
      expect(
        errorText({ code: 'storage.unreachable', message: '', params: { endpoint: 'https://x.example' } }, locale),
      ).toContain('https://x.example');
    });
  }
  it('an English sentence that starts with a missing name still starts with a capital', () => {
    expect(errorText({ code: 'storage.rejected', message: '' }, 'en')).toMatch(/^The server refused the upload/);
  });
});

describe('messages that state a limit take its number from the constant', () => {
  const rules: Array<[code: string, params: Record<string, number> | undefined, numbers: number[]]> = [
    ['jobs.badSketch', undefined, [SKETCH_MIN_PX, SKETCH_MAX_PX, SKETCH_MAX_MB]],
    // Main's own params (here a measurement) never replace the rule the sentence states.
    ['jobs.badSketch', { min: 100, max: 12_000_000, bytes: 12_000_000 }, [SKETCH_MIN_PX, SKETCH_MAX_PX, SKETCH_MAX_MB]],
    ['InvalidFile.Resolution', undefined, [SKETCH_MIN_PX, SKETCH_MAX_PX]],
    ['canvas.import.tooLarge', undefined, [IMPORT_MAX_MB, IMPORT_MAX_MEGAPIXELS]],
  ];
  for (const locale of LOCALES) {
    it.each(rules)(`${locale}: %s with params %o states %o`, (code, params, numbers) => {
      const text = errorText({ code, message: '', ...(params ? { params } : {}) }, locale);
      expect(text).not.toMatch(UNFILLED);
      expect(text).not.toBe(PARAM_FALLBACKS[locale].generic.replace('{code}', code));
      const shown = (text.match(/\d+/g) ?? []).map(Number);
      expect(shown).toEqual(expect.arrayContaining(numbers));
    });
  }
});
