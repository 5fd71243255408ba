import { SettingsSchema, type Settings, type SettingsPatch } from '../../src-preload/contract/settings';
import type { Emit } from '../common/events';
import type { SettingsBackend } from './backend';
import { DEFAULT_SETTINGS } from './defaults';

/** Fills what a stored file lacks from the defaults, section by section. */
function withDefaults(stored: Record<string, unknown>): Settings {
  const ui = typeof stored.ui === 'object' && stored.ui !== null ? stored.ui : {};
  const candidate = { ...DEFAULT_SETTINGS, ...stored, ui: { ...DEFAULT_SETTINGS.ui, ...ui } };
  const parsed = SettingsSchema.safeParse(candidate);
  return parsed.success ? parsed.data : structuredClone(DEFAULT_SETTINGS);
}

export class SettingsService {
  constructor(
    private readonly backend: SettingsBackend,
    private readonly emit: Emit,
  ) {}

  get(): Settings {
    return withDefaults(this.backend.store);
  }

  update(patch: SettingsPatch): Settings {
    const current = this.get();
    const next = SettingsSchema.parse({ ...current, ui: { ...current.ui, ...patch.ui } });
    this.backend.store = next;
    this.emit('settings.changed', next);
    return next;
  }
}
