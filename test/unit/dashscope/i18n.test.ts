import { describe, expect, it } from 'vitest';
import { DASHSCOPE_ERROR_CODES } from '../../../src-preload/contract/dashscope-codes';
import catalog from '../../../src-renderer/src/i18n/errors/dashscope.i18n';
import { RULE_PARAMS } from '../../../src-renderer/src/i18n/error-rule-params';

/** The text with the rule's own placeholders ({min}, {max}…, filled from the constants) taken out. */
const withoutRuleParams = (code: string, text: string) =>
  Object.keys(RULE_PARAMS[code] ?? {}).reduce((t, name) => t.replaceAll(`{${name}}`, ''), text);

// That every code has a text is test/unit/i18n/error-codes.test.ts; this is how the texts read.
describe('dashscope error translations', () => {
  it('gives every code a real sentence in both languages, Chinese in zh-CN', () => {
    for (const code of DASHSCOPE_ERROR_CODES) {
      const en: string = catalog.en[code];
      const zh: string = catalog['zh-CN'][code];
      expect(en.length, code).toBeGreaterThan(10);
      expect(zh, code).toMatch(/[\u4e00-\u9fff]/);
      // vue-i18n syntax would garble these texts; only a limit's placeholder, always filled, may stand.
      expect(withoutRuleParams(code, en), code).not.toMatch(/[{}@|]/);
      expect(withoutRuleParams(code, zh), code).not.toMatch(/[{}@|]/);
    }
  });
});
