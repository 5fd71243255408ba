export const LOCALES = ['en', 'zh-CN'] as const;
export type Locale = (typeof LOCALES)[number];
export type LanguagePreference = 'system' | Locale;

/** Chinese in any region reads the zh-CN catalog; everything else falls back to English. */
export function localeFromOs(osLocale: string | undefined): Locale {
  return osLocale?.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

export function resolveLocale(preference: LanguagePreference, osLocale: string | undefined): Locale {
  return preference === 'system' ? localeFromOs(osLocale) : preference;
}
