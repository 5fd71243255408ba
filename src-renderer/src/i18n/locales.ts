// The locale rule lives in the shared domain (main's notifications use it too).
export { LOCALES, localeFromOs, resolveLocale, type LanguagePreference, type Locale } from '../../../src-preload/contract/domain/locale';
