import type { AppError } from '../../../src-preload/contract/result';
import { errorCatalogs } from './error-catalogs';
import { PARAM_FALLBACKS } from './error-fallbacks';
import { RULE_PARAMS } from './error-rule-params';
import type { Locale } from '../../../src-preload/contract/domain/locale';

const PLACEHOLDER = /\{(\w+)\}/g;

/** Fills the template; a missing param reads as a plain word (PARAM_FALLBACKS), or null if none fits. */
function interpolate(template: string, params: AppError['params'], locale: Locale): string | null {
  const { names } = PARAM_FALLBACKS[locale];
  let unfilled = false;
  const text = template.replace(PLACEHOLDER, (whole, name: string) => {
    const value = params?.[name] ?? names[name];
    if (value === undefined) unfilled = true;
    return value === undefined ? whole : String(value);
  });
  if (unfilled) return null;
  // "{endpoint} refused…" without an endpoint: "The server refused…".
  return template.startsWith('{') && !params?.[template.slice(1, template.indexOf('}'))]
    ? text.charAt(0).toUpperCase() + text.slice(1)
    : text;
}

/**
 * The user's-language sentence for an error; the English fallback when no catalog knows the code.
 * A `context` (e.g. `settings`, `test`) picks the wording of the code for where it is shown,
 * catalog key `<code>#<context>`, when a catalog has one.
 */
export function errorText(error: AppError, locale: Locale, context?: string): string {
  const codes = context ? [`${error.code}#${context}`, error.code] : [error.code];
  const rule = RULE_PARAMS[error.code];
  const params = rule ? { ...error.params, ...rule } : error.params;
  for (const code of codes) {
    for (const catalog of errorCatalogs) {
      const map = catalog[locale] as Record<string, string>;
      const text = map[code];
      if (text !== undefined)
        return interpolate(text, params, locale) ?? PARAM_FALLBACKS[locale].generic.replace('{code}', error.code);
    }
  }
  return error.message;
}
