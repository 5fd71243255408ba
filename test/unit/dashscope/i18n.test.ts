import { describe, expect, it } from 'vitest';
import { DASHSCOPE_ERROR_CODES } from '../../../src-main/dashscope/codes';
import catalog from '../../../src-renderer/src/features/errors/dashscope.i18n';

describe('dashscope error translations', () => {
  const codes = [...DASHSCOPE_ERROR_CODES].sort();

  it.each(['en', 'zh-CN'] as const)('%s covers exactly the exported code list', (locale) => {
    expect(Object.keys(catalog[locale]).sort()).toEqual(codes);
  });

  it('has no duplicate codes in the list', () => {
    expect(new Set(DASHSCOPE_ERROR_CODES).size).toBe(DASHSCOPE_ERROR_CODES.length);
  });

  it('gives every code a real sentence in both languages, Chinese in zh-CN', () => {
    for (const code of DASHSCOPE_ERROR_CODES) {
      const en: string = catalog.en[code];
      const zh: string = catalog['zh-CN'][code];
      expect(en.length, code).toBeGreaterThan(10);
      expect(zh, code).toMatch(/[\u4e00-\u9fff]/);
      expect(en, code).not.toMatch(/[{}@|]/); // vue-i18n syntax would garble these texts
      expect(zh, code).not.toMatch(/[{}@|]/);
    }
  });
});
