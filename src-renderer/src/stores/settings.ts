import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { Settings, SettingsPatch } from '../../../src-preload/contract/settings';
import { api } from '../api';
import { resolveLocale, type Locale } from '../../../src-preload/contract/domain/locale';
import { useNotices } from './notices';

type ColorScheme = 'light' | 'dark';

const darkQuery = () => window.matchMedia('(prefers-color-scheme: dark)');

/**
 * Mirrors main's settings. Main is the source of truth; this store applies what it says
 * (language, theme) and sends changes back. Other windows' changes arrive as events.
 */
export const useSettings = defineStore('settings', () => {
  const settings = ref<Settings | null>(null);
  const osLocale = ref<string>(navigator.language);
  const systemDark = ref<boolean>(darkQuery().matches);

  const locale = computed<Locale>(() => resolveLocale(settings.value?.ui.language ?? 'system', osLocale.value));
  const colorScheme = computed<ColorScheme>(() => {
    const theme = settings.value?.ui.theme ?? 'system';
    if (theme === 'system') return systemDark.value ? 'dark' : 'light';
    return theme;
  });

  async function load(): Promise<void> {
    const [info, current] = await Promise.all([api.app.info(), api.settings.get()]);
    if (info.ok) osLocale.value = info.value.locale;
    if (current.ok) settings.value = current.value;
    else useNotices().error(current.error);
    darkQuery().addEventListener('change', (e) => (systemDark.value = e.matches));
    api.on('settings.changed', (next) => (settings.value = next));
  }

  async function update(patch: SettingsPatch): Promise<boolean> {
    const result = await api.settings.update(patch);
    if (!result.ok) {
      useNotices().error(result.error);
      return false;
    }
    settings.value = result.value;
    return true;
  }

  return { settings, locale, colorScheme, load, update };
});
