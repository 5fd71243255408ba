import { createPinia } from 'pinia';
import { createApp, watch } from 'vue';
import App from './App.vue';
import { createAppI18n } from './i18n';
import { router } from './router';
import { useSettings } from './stores/settings';
import './styles/base.css';

async function start(): Promise<void> {
  const app = createApp(App);
  const pinia = createPinia();
  app.use(pinia);

  const settings = useSettings(pinia);
  await settings.load();

  const i18n = createAppI18n(settings.locale);
  app.use(i18n);
  app.use(router);

  // The document follows the settings: language for screen readers and fonts, theme for CSS.
  watch(
    () => [settings.locale, settings.colorScheme] as const,
    ([locale, scheme]) => {
      i18n.global.locale.value = locale;
      document.documentElement.lang = locale;
      document.documentElement.dataset.theme = scheme;
    },
    { immediate: true },
  );

  app.mount('#app');
}

void start();
