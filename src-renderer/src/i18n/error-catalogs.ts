import dashscopeErrors from '../features/errors/dashscope.i18n';
import ipc from '../features/errors/ipc.i18n';
import canvasErrors from '../features/canvas/errors.i18n';
import secretsErrors from '../features/errors/secrets.i18n';
import storageErrors from '../features/errors/storage.i18n';
import settingsErrors from '../features/errors/settings.i18n';
import galleryErrors from '../features/errors/gallery.i18n';
import jobsErrors from '../features/errors/jobs.i18n';
import fieldErrors from '../features/errors/fields.i18n';

/**
 * Flat maps from an error code (which may contain dots, e.g. `Throttling.RateQuota`) to its
 * text. They are looked up by exact key, not through vue-i18n's dotted paths.
 */
export const errorCatalogs = [ipc, dashscopeErrors, canvasErrors, secretsErrors, storageErrors, settingsErrors, galleryErrors, jobsErrors, fieldErrors];
