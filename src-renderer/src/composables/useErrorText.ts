import { useI18n } from 'vue-i18n';
import type { AppError } from '../../../src-preload/contract/result';
import { errorText } from '../i18n/error-text';
import type { Locale } from '../i18n/locales';

export function useErrorText() {
  const { locale } = useI18n();
  return (error: AppError) => errorText(error, locale.value as Locale);
}
