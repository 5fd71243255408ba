import { useI18n } from 'vue-i18n';
import type { AppError } from '../../../src-preload/contract/result';
import { errorText } from '../i18n/error-text';
import type { Locale } from '../../../src-preload/contract/domain/locale';

type Translate = (key: string, named?: Record<string, unknown>) => string;

/**
 * Params that are ids (a storage adapter `s3`, a field `accessKeyId`, a header field
 * `header:Authorization`) as the labels the person sees in Settings.
 */
export function labelledParams(
  params: AppError['params'],
  t: Translate,
  te: (key: string) => boolean,
): AppError['params'] {
  if (!params) return params;
  const label = (key: string, fallback: string) => (te(key) ? t(key) : fallback);
  const out = { ...params };
  const adapter = typeof params.adapter === 'string' ? params.adapter : undefined;
  if (adapter) out.adapter = label(`settings.storage.adapters.${adapter}`, adapter);
  if (adapter && typeof params.field === 'string') {
    const field = params.field;
    out.field = field.startsWith('header:')
      ? t('settings.storage.headers.named', { name: field.slice('header:'.length) })
      : label(`settings.fields.${adapter}_${field}`, field);
  }
  return out;
}

/**
 * Translates an error for the screen, with id params as their on-screen labels; a `context`
 * (`settings`, `test`) picks the wording for where the message appears (see errorText).
 */
export function useErrorText() {
  const { locale, t, te } = useI18n();
  return (error: AppError, context?: string) =>
    errorText({ ...error, params: labelledParams(error.params, t as Translate, te) }, locale.value as Locale, context);
}
