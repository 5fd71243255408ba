/**
 * The app's languages and the one rule that picks one: the language setting, or for "system"
 * the OS locale (Chinese in any region reads zh-CN; everything else falls back to English).
 * The renderer's i18n and main's desktop notifications both use it.
 */
export const LOCALES = ['en', 'zh-CN'] as const;
export type Locale = (typeof LOCALES)[number];
export type LanguagePreference = 'system' | Locale;

export function localeFromOs(osLocale: string | undefined): Locale {
  return osLocale?.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

export function resolveLocale(preference: LanguagePreference, osLocale: string | undefined): Locale {
  return preference === 'system' ? localeFromOs(osLocale) : preference;
}
