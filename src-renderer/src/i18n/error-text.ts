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

/** The user's-language sentence for an error; the English fallback when no catalog knows the code. */
export function errorText(error: AppError, locale: Locale): string {
  for (const catalog of errorCatalogs) {
    const map = catalog[locale] as Record<string, string>;
    const text = map[error.code];
    if (text !== undefined) return interpolate(text, error.params);
  }
  return error.message;
}
