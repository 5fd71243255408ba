import type { AppError } from '../../../src-preload/contract/result';
import { errorCatalogs } from './error-catalogs';
import type { Locale } from './locales';

function interpolate(template: string, params: AppError['params']): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}

/**
 * The user's-language sentence for an error; the English fallback when no catalog knows the code.
 * A `context` (e.g. `settings`, `test`) picks the wording of the code for where it is shown,
 * catalog key `<code>#<context>`, when a catalog has one.
 */
export function errorText(error: AppError, locale: Locale, context?: string): string {
  const codes = context ? [`${error.code}#${context}`, error.code] : [error.code];
  for (const code of codes) {
    for (const catalog of errorCatalogs) {
      const map = catalog[locale] as Record<string, string>;
      const text = map[code];
      if (text !== undefined) return interpolate(text, error.params);
    }
  }
  return error.message;
}
