import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogs } from '../../../src-renderer/src/i18n/catalogs';
import { createAppI18n } from '../../../src-renderer/src/i18n';
import { errorCatalogs } from '../../../src-renderer/src/i18n/error-catalogs';
import { localeFromOs, resolveLocale } from '../../../src-preload/contract/domain/locale';

function leafKeys(value: unknown, prefix = ''): string[] {
  if (typeof value === 'string') return [prefix];
  if (typeof value !== 'object' || value === null) return [`${prefix}<not a string>`];
  return Object.entries(value).flatMap(([k, v]) => leafKeys(v, prefix ? `${prefix}.${k}` : k));
}

/** Placeholders per plural form ("{n} object | {n} objects"): Chinese has one form, English two. */
function placeholders(text: string): string[][] {
  const forms = text
    .split(' | ')
    .map((form) => [...new Set([...form.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!))].sort());
  return [...new Map(forms.map((f) => [f.join(), f])).values()];
}

describe('translation catalogs', () => {
  it.each(Object.entries(catalogs))('%s has the same keys and placeholders in en and zh-CN', (_ns, catalog) => {
    const en = leafKeys(catalog.en).sort();
    const zh = leafKeys(catalog['zh-CN']).sort();
    expect(zh).toEqual(en);
    for (const key of en) {
      const get = (root: unknown) => key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], root);
      const enText = get(catalog.en) as string;
      const zhText = get(catalog['zh-CN']) as string;
      expect(enText.trim(), key).not.toBe('');
      expect(zhText.trim(), key).not.toBe('');
      expect(placeholders(zhText), key).toEqual(placeholders(enText));
    }
  });

  // Which codes the error catalogs must hold: error-codes.test.ts.
  it('every error catalog has the same codes and placeholders in both languages', () => {
    for (const catalog of errorCatalogs) {
      const en = Object.keys(catalog.en).sort();
      expect(Object.keys(catalog['zh-CN']).sort()).toEqual(en);
      for (const code of en) {
        const enText = (catalog.en as Record<string, string>)[code]!;
        const zhText = (catalog['zh-CN'] as Record<string, string>)[code]!;
        expect(placeholders(zhText), code).toEqual(placeholders(enText));
      }
    }
  });

  it('every error catalog file in the tree is registered', () => {
    const dir = join(__dirname, '../../../src-renderer/src/i18n/errors');
    const files = readdirSync(dir).filter((f) => f.endsWith('.i18n.ts'));
    const source = readFileSync(join(__dirname, '../../../src-renderer/src/i18n/error-catalogs.ts'), 'utf8');
    for (const f of files) expect(source, relative(dir, f)).toContain(`/errors/${f.replace(/\.ts$/, '')}'`);
  });

  it('counts read naturally: English picks singular or plural, Chinese has one form', () => {
    const i18n = createAppI18n('en');
    const t = i18n.global.t as (key: string, named: Record<string, unknown>, plural: number) => string;
    const count = (n: number) => t('canvas.status.strokes', { n }, n);
    expect([count(0), count(1), count(2)]).toEqual(['0 objects', '1 object', '2 objects']);
    expect(t('canvas.drafts.unreadable', { n: 1 }, 1)).toBe('1 draft on disk could not be read and was skipped.');
    i18n.global.locale.value = 'zh-CN';
    expect([count(1), count(3)]).toEqual(['1 个对象', '3 个对象']);
  });

  it('picks the default language from the OS locale', () => {
    expect(localeFromOs('zh-CN')).toBe('zh-CN');
    expect(localeFromOs('zh-TW')).toBe('zh-CN');
    expect(localeFromOs('en-GB')).toBe('en');
    expect(localeFromOs('fr')).toBe('en');
    expect(localeFromOs(undefined)).toBe('en');
    expect(resolveLocale('en', 'zh-CN')).toBe('en');
    expect(resolveLocale('system', 'zh-Hans-CN')).toBe('zh-CN');
  });
});
