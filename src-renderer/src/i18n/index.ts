import { createI18n } from 'vue-i18n';
import { catalogs } from './catalogs';
import { LOCALES, type Locale } from '../../../src-preload/contract/domain/locale';

type Catalogs = typeof catalogs;
type Messages = { [N in keyof Catalogs]: Catalogs[N]['en'] };

function messagesFor(locale: Locale): Messages {
  const out: Record<string, unknown> = {};
  for (const [ns, catalog] of Object.entries(catalogs)) out[ns] = catalog[locale];
  return out as Messages;
}

export function createAppI18n(locale: Locale) {
  return createI18n<[Messages], Locale, false>({
    legacy: false,
    locale,
    fallbackLocale: 'en',
    messages: Object.fromEntries(LOCALES.map((l) => [l, messagesFor(l)])) as Record<Locale, Messages>,
    missingWarn: false,
    fallbackWarn: false,
  });
}
