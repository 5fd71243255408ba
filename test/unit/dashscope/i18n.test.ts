import { describe, expect, it } from 'vitest';
import { DASHSCOPE_ERROR_CODES } from '../../../src-preload/contract/dashscope-codes';
import catalog from '../../../src-renderer/src/i18n/errors/dashscope.i18n';

// That every code has a text is test/unit/i18n/error-codes.test.ts; this is how the texts read.
describe('dashscope error translations', () => {
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
