import { AppFailure, SettingsSchema, type Settings, type SettingsPatch } from '../../src-preload/contract';
import type { SettingsNotice } from '../../src-preload/contract/settings';
import type { Emit } from '../common/events';
import type { SettingsBackend } from './backend';
import { CURRENT_SCHEMA_VERSION, migrate, SCHEMA_VERSION_KEY, type StoredDoc } from './migrations';
import { sanitizeSettings } from './sanitize';

function mergePatch(current: Settings, patch: SettingsPatch): Settings {
  const { storage, ...flat } = patch;
  const next: Record<string, unknown> = { ...current };
  for (const [section, values] of Object.entries(flat)) {
    if (values) next[section] = { ...(current[section as keyof Settings] as object), ...values };
  }
  if (storage) {
    next.storage = {
      adapter: storage.adapter ?? current.storage.adapter,
      s3: { ...current.storage.s3, ...storage.s3 },
      http: { ...current.storage.http, ...storage.http },
    };
  }
  return next as Settings;
}

/** Rules that span fields, checked on update (a stored file is sanitized field by field instead). */
function checkConsistency(s: Settings): void {
  if (s.dashscope.region === 'custom' && s.dashscope.customBaseUrl === '') {
    throw new AppFailure('settings.customUrlRequired', 'Enter the endpoint URL for the custom region.');
  }
}

export class SettingsService {
  private current: Settings;
  /** Keys of the stored document we don't know (written by a newer app); kept on every write. */
  private readonly foreign: StoredDoc;
  private readonly notices: SettingsNotice[];

  constructor(
    private readonly backend: SettingsBackend,
    private readonly emit: Emit,
    openNotices: readonly (SettingsNotice | null)[] = [],
  ) {
    this.notices = openNotices.filter((n): n is SettingsNotice => n !== null);
    const outcome = migrate(this.readRaw());
    this.foreign = outcome.doc;
    this.current = sanitizeSettings(outcome.doc);
    if (outcome.kind === 'newer') {
      this.notices.push({ code: 'settings.newerVersion', params: { version: outcome.version } });
    } else if (outcome.kind === 'migrated') {
      this.write(this.current);
    }
  }

  get(): Settings {
    return structuredClone(this.current);
  }

  update(patch: SettingsPatch): Settings {
    const parsed = SettingsSchema.safeParse(mergePatch(this.current, patch));
    if (!parsed.success) {
      throw new AppFailure('settings.invalid', 'These settings are not valid.');
    }
    checkConsistency(parsed.data);
    this.write(parsed.data);
    this.current = parsed.data;
    const next = this.get();
    this.emit('settings.changed', next);
    return next;
  }

  /** Main-side only (after the gallery moved there); the renderer's patches cannot name a folder. */
  setGalleryFolder(folder: string): Settings {
    const parsed = SettingsSchema.safeParse({ ...this.current, gallery: { folder } });
    if (!parsed.success) throw new AppFailure('settings.invalid', 'That gallery folder cannot be saved.');
    this.write(parsed.data);
    this.current = parsed.data;
    const next = this.get();
    this.emit('settings.changed', next);
    return next;
  }

  pendingNotices(): SettingsNotice[] {
    return structuredClone(this.notices);
  }

  dismissNotices(): void {
    this.notices.length = 0;
  }

  private readRaw(): StoredDoc {
    try {
      const raw: unknown = this.backend.store;
      return typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as StoredDoc) : {};
    } catch {
      // openSettingsBackend already backed up a bad file; a later failure keeps the defaults.
      return {};
    }
  }

  private write(settings: Settings): void {
    const version = Math.max(CURRENT_SCHEMA_VERSION, Number(this.foreign[SCHEMA_VERSION_KEY]) || 0);
    try {
      this.backend.store = { ...this.foreign, ...settings, [SCHEMA_VERSION_KEY]: version };
    } catch {
      throw new AppFailure('settings.writeFailed', 'The settings file could not be saved.', {
        path: this.backend.path,
      });
    }
  }
}
