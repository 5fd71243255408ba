import about from '../features/about/i18n';
import appearance from '../features/appearance/i18n';
import shell from './shell.i18n';
import canvas from '../features/canvas/i18n';
import settings from '../features/settings/i18n';
import gallery from '../features/gallery/i18n';
import generate from '../features/generate/i18n';
import queue from '../features/queue/i18n';
import usage from '../features/usage/i18n';

/**
 * Feature catalogs, each holding both languages side by side, registered under a namespace:
 * `t('shell.nav.draw')`. test/unit/i18n checks every catalog has the same keys in both.
 */
export const catalogs = {
  shell,
  about,
  appearance,
  canvas,
  settings,
  gallery,
  generate,
  queue,
  usage,
};
