// The renderer's source and its feature catalogs (i18n/catalogs.ts) name the same keys: each key a
// literal `t('…')` asks for exists in both languages, and each catalog key is used somewhere.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogs } from '../../../src-renderer/src/i18n/catalogs';

const srcDir = join(import.meta.dirname, '../../../src-renderer/src');

function leafKeys(value: unknown, prefix: string): string[] {
  if (typeof value === 'string') return [prefix];
  return Object.entries(value as object).flatMap(([k, v]) => leafKeys(v, `${prefix}.${k}`));
}

/** Every .ts and .vue file of the renderer except the catalogs themselves. */
function rendererSource(): string {
  return readdirSync(srcDir, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.(ts|vue)$/.test(f) && !/i18n\.ts$/.test(f))
    .map((f) => readFileSync(join(srcDir, f), 'utf8'))
    .join('\n');
}

const namespaces = Object.keys(catalogs);
const keysIn = (locale: 'en' | 'zh-CN'): string[] =>
  Object.entries(catalogs).flatMap(([ns, catalog]) => leafKeys(catalog[locale], ns));

/** Keys asked for by a literal `t('…')`, `$t('…')` or `te('…')`. */
const askedKeys = (source: string): string[] =>
  [...source.matchAll(/\$?\bte?\(\s*['"]([^'"]+)['"]/g)].map((m) => m[1]!);

/**
 * Keys used in any way: a quoted key anywhere (kept in a list, handed to a notice, then `t(key)`),
 * or one a template literal builds, `queue.state.${job.state}`, which uses every key it can
 * match (each `${…}` stands for one segment or part of one).
 */
function isUsed(source: string): (key: string) => boolean {
  const quoted = new Set([...source.matchAll(/['"]([\w-]+(?:\.[\w-]+)+)['"]/g)].map((m) => m[1]!));
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const built = [...source.matchAll(/`([\w-]+\.[^`]*\$\{[^`]*)`/g)]
    .map((m) => m[1]!)
    .filter((template) => namespaces.includes(template.split('.')[0]!))
    .map(
      (template) =>
        new RegExp(
          `^${template
            .split(/\$\{(?:[^{}]|\{[^}]*\})*\}/)
            .map(escape)
            .join('[^.]*')}$`,
        ),
    );
  return (key) => quoted.has(key) || built.some((pattern) => pattern.test(key));
}

describe('translation keys', () => {
  const source = rendererSource();

  it.each(['en', 'zh-CN'] as const)('every literal t() key exists in %s', (locale) => {
    const keys = new Set(keysIn(locale));
    expect([...new Set(askedKeys(source))].filter((key) => !keys.has(key))).toEqual([]);
  });

  it('every catalog key is used', () => {
    const used = isUsed(source);
    expect(keysIn('en').filter((key) => !used(key))).toEqual([]);
  });

  it('sees literal keys and the keys a template literal builds', () => {
    const probe = "t('a.b'); $t(\"a.c\"); te('a.d'); x.t( 'a.e' ); const k = `canvas.tools.${tool}`;";
    expect(askedKeys(probe)).toEqual(['a.b', 'a.c', 'a.d', 'a.e']);
    const used = isUsed(probe);
    expect([used('a.b'), used('canvas.tools.pencil'), used('canvas.tools.x.y'), used('canvas.toolsX')]).toEqual([
      true,
      true,
      false,
      false,
    ]);
  });
});
