import canvasErrors from './errors/canvas.i18n';
import dashscopeErrors from './errors/dashscope.i18n';
import fieldErrors from './errors/fields.i18n';
import galleryErrors from './errors/gallery.i18n';
import ipc from './errors/ipc.i18n';
import jobsErrors from './errors/jobs.i18n';
import secretsErrors from './errors/secrets.i18n';
import settingsErrors from './errors/settings.i18n';
import storageErrors from './errors/storage.i18n';

/**
 * Flat maps from an error code (which may contain dots, e.g. `Throttling.RateQuota`) to its
 * text. They are looked up by exact key, not through vue-i18n's dotted paths.
 */
export const errorCatalogs = [
  ipc,
  dashscopeErrors,
  canvasErrors,
  secretsErrors,
  storageErrors,
  settingsErrors,
  galleryErrors,
  jobsErrors,
  fieldErrors,
];
