import { z } from 'zod';

/**
 * The app's languages and the one rule that picks one: the language setting, or for "system"
 * the OS locale (Chinese in any region reads zh-CN; everything else falls back to English).
 * The renderer's i18n, main's desktop notifications and main's secret dialogs all use it.
 */
export const LOCALES = ['en', 'zh-CN'] as const;
export type Locale = (typeof LOCALES)[number];

/** The language setting: follow the OS, or one of the app's languages. */
export const LANGUAGE_PREFERENCES = ['system', ...LOCALES] as const;
export const LanguageSchema = z.enum(LANGUAGE_PREFERENCES);
export type LanguagePreference = z.infer<typeof LanguageSchema>;

export function localeFromOs(osLocale: string | undefined): Locale {
  return osLocale?.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

export function resolveLocale(preference: LanguagePreference, osLocale: string | undefined): Locale {
  return preference === 'system' ? localeFromOs(osLocale) : preference;
}
