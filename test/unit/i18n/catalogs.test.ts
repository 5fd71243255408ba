import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IPC_ERROR_CODES } from '../../../src-preload/contract/result';
import { catalogs } from '../../../src-renderer/src/i18n/catalogs';
import { errorCatalogs } from '../../../src-renderer/src/i18n/error-catalogs';
import { localeFromOs, resolveLocale } from '../../../src-renderer/src/i18n/locales';

function leafKeys(value: unknown, prefix = ''): string[] {
  if (typeof value === 'string') return [prefix];
  if (typeof value !== 'object' || value === null) return [`${prefix}<not a string>`];
  return Object.entries(value).flatMap(([k, v]) => leafKeys(v, prefix ? `${prefix}.${k}` : k));
}

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!).sort();
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

  it('every error catalog covers the same codes in both languages, and the IPC codes are covered', () => {
    const all = new Set<string>();
    for (const catalog of errorCatalogs) {
      const en = Object.keys(catalog.en).sort();
      expect(Object.keys(catalog['zh-CN']).sort()).toEqual(en);
      for (const code of en) {
        all.add(code);
        const enText = (catalog.en as Record<string, string>)[code]!;
        const zhText = (catalog['zh-CN'] as Record<string, string>)[code]!;
        expect(placeholders(zhText), code).toEqual(placeholders(enText));
      }
    }
    for (const code of IPC_ERROR_CODES) expect(all, code).toContain(code);
  });

  it('every error catalog file in the tree is registered', () => {
    const dir = join(__dirname, '../../../src-renderer/src/features/errors');
    const files = readdirSync(dir).filter((f) => f.endsWith('.i18n.ts'));
    const source = readFileSync(join(__dirname, '../../../src-renderer/src/i18n/error-catalogs.ts'), 'utf8');
    for (const f of files) expect(source, relative(dir, f)).toContain(`/errors/${f.replace(/\.ts$/, '')}'`);
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
