import type {
  AdapterInfo,
  StorageAdapterId,
  StorageSecretField,
  StorageStatus,
  StorageTest,
} from '../../src-preload/contract/storage';
import { STORAGE_ADAPTERS, StorageAdapterIdSchema } from '../../src-preload/contract/storage';
import type { Settings } from '../../src-preload/contract/settings';
import type { SettingsService } from '../settings/settings-service';
import { legacyStorageAccount, storageAccount, type StorageSecretAdapter } from '../secrets/accounts';
import type { ConfirmSecretDestination } from '../secrets/confirm-text';
import { SettledFor } from '../secrets/settled-for';
import { presence } from '../secrets/mask';
import {
  buildAdapter,
  buildDeleter,
  httpOrigin,
  s3Origin,
  sketchUrlFor,
  type ActiveAdapter,
  type AdapterFactoryDeps,
  type AdapterOverrides,
  type KeptUpload,
} from './registry';
import { SketchUploader } from './uploader';
import { UploadRecords, type RecordsWrite } from './upload-cache';

/** The secret fields the current settings declare: fixed ones, plus one per secret header. */
function secretFields(settings: Settings): [StorageSecretAdapter, StorageSecretField][] {
  const out: [StorageSecretAdapter, StorageSecretField][] = [];
  for (const field of STORAGE_ADAPTERS.s3.fields) {
    if (field.kind === 'secret') out.push(['s3', field.key]);
  }
  for (const header of settings.storage.http.headers) {
    if (header.secret) out.push(['http', `header:${header.name}`]);
  }
  return out;
}

/** The origin an adapter's secrets are saved for under the saved settings; null while its address is not set. */
function savedOrigin(adapter: StorageSecretAdapter, settings: Settings): string | null {
  try {
    return adapter === 's3' ? s3Origin(settings.storage.s3) : httpOrigin(settings.storage.http);
  } catch {
    return null;
  }
}

export interface StorageServiceOptions {
  /** Where upload records live (`<dataDir>/uploads.json`); in memory only when absent. */
  readonly recordsPath?: string;
  /** How `uploads.json` is written durably (the job queue's tuning: a test plays a full disk). */
  readonly recordsWrite?: RecordsWrite | undefined;
  /** Main's own question before secrets saved by an older version go to the address in settings. */
  readonly confirmDestination: ConfirmSecretDestination;
}

/** Storage as the settings view sees it (secrets, test), plus the uploader the job queue uses. */
export class StorageService {
  readonly name = 'storage';
  readonly uploader: SketchUploader;
  private readonly records: UploadRecords;
  private readonly migrated = new SettledFor();
  /** Adapters whose old secrets the user declined to move this run: not asked about again until the next start. */
  private readonly declined = new Set<StorageSecretAdapter>();

  constructor(
    private readonly settings: SettingsService,
    private readonly deps: AdapterFactoryDeps,
    private readonly options: StorageServiceOptions,
  ) {
    this.records = new UploadRecords(options.recordsPath ?? null, undefined, options.recordsWrite);
    this.uploader = new SketchUploader({
      active: () => this.active(),
      clock: deps.clock,
      deleter: (destination) => buildDeleter(destination, deps),
      records: this.records,
    });
  }

  /** Opens the upload records first thing, which scrubs credentials an older build left in them. */
  async start(): Promise<void> {
    await this.records.open();
  }

  /** The adapter the settings choose, built fresh so changed settings and secrets apply at once. */
  async active(): Promise<ActiveAdapter> {
    await this.migrate();
    const settings = this.settings.get();
    return buildAdapter(settings.storage.adapter, settings, this.deps);
  }

  /**
   * Secrets saved before they were bound to a destination move to the origin the settings name
   * (where they were used), but only after the user says yes in main's dialog naming it, one
   * question per adapter: no storage address is built in, and the renderer may have pointed the
   * settings anywhere. Declined (or no address set), they stay where they were, sent nowhere;
   * after a no, that adapter is not asked about again this run.
   */
  private migrate(): Promise<void> {
    const settings = this.settings.get();
    const target = JSON.stringify(
      secretFields(settings).map(([adapter, field]) => [adapter, field, savedOrigin(adapter, settings)]),
    );
    return this.migrated.run(target, async () => {
      const { secrets } = this.deps;
      if ((await secrets.backendState()) !== 'keychain') return;
      const found = new Map<StorageSecretAdapter, { origin: string; fields: [StorageSecretField, string][] }>();
      for (const [adapter, field] of secretFields(settings)) {
        const origin = savedOrigin(adapter, settings);
        if (!origin) continue;
        const legacy = await secrets.get(legacyStorageAccount(adapter, field));
        if (!legacy) continue;
        const group = found.get(adapter) ?? { origin, fields: [] };
        group.fields.push([field, legacy]);
        found.set(adapter, group);
      }
      for (const [adapter, { origin, fields }] of found) {
        if (this.declined.has(adapter)) continue;
        if (!(await this.options.confirmDestination({ kind: 'legacyStorage', adapter, origin }))) {
          this.declined.add(adapter);
          continue;
        }
        for (const [field, legacy] of fields) {
          const account = storageAccount(adapter, field, origin);
          if (!(await secrets.get(account))) await secrets.set(account, legacy);
          await secrets.delete(legacyStorageAccount(adapter, field));
        }
      }
    });
  }

  async status(): Promise<StorageStatus> {
    await this.migrate();
    const settings = this.settings.get();
    const secrets: StorageStatus['secrets'] = {};
    const readable = (await this.deps.secrets.backendState()) !== 'unavailable';
    for (const [adapter, field] of secretFields(settings)) {
      const origin = savedOrigin(adapter, settings);
      const value =
        readable && origin
          ? await this.deps.secrets.get(storageAccount(adapter, field, origin)).catch(() => null)
          : null;
      secrets[`${adapter}.${field}`] = presence(value);
    }
    const adapters = StorageAdapterIdSchema.options.map((id) => {
      const { fields, devOnly, canDelete } = STORAGE_ADAPTERS[id];
      // Deep copy to a mutable array; the declaration itself stays frozen in the contract.
      const copy: AdapterInfo['fields'] = (fields as readonly AdapterInfo['fields'][number][]).map((f) =>
        structuredClone(f),
      );
      return { id, devOnly, canDelete, fields: copy };
    });
    return { active: settings.storage.adapter, adapters, secrets };
  }

  /** Saves a secret for the destination in the saved settings: save the address first. */
  async setSecret(adapter: StorageSecretAdapter, field: StorageSecretField, value: string): Promise<StorageStatus> {
    await this.migrate();
    const { storage } = this.settings.get();
    // No address saved yet: `storage.notConfigured` names it, because a secret needs a destination.
    const origin = adapter === 's3' ? s3Origin(storage.s3) : httpOrigin(storage.http);
    await this.deps.secrets.set(storageAccount(adapter, field, origin), value);
    return this.status();
  }

  async clearSecret(adapter: StorageSecretAdapter, field: StorageSecretField): Promise<StorageStatus> {
    await this.migrate();
    const origin = savedOrigin(adapter, this.settings.get());
    if (origin) await this.deps.secrets.delete(storageAccount(adapter, field, origin));
    return this.status();
  }

  /** The URL to hand DashScope for an upload, at the moment the create goes out (registry's sketchUrlFor). */
  async sketchUrl(upload: KeptUpload): Promise<string> {
    return sketchUrlFor(upload, this.deps, this.settings.get().storage.s3.presignHours);
  }

  /**
   * Tests any adapter, not only the active one, so a switch can be checked first: with the
   * form's unsaved config and typed secrets when given (nothing is saved), else the saved ones.
   * Saved secrets are used only for the destination they were saved for.
   */
  async test(request: StorageTest | StorageAdapterId, signal?: AbortSignal): Promise<{ endpoint: string }> {
    await this.migrate();
    const r: StorageTest = typeof request === 'string' ? ({ adapter: request } as StorageTest) : request;
    const overrides: AdapterOverrides =
      r.adapter === 'dashscope-temp'
        ? {}
        : {
            ...(r.adapter === 's3' ? { s3: r.config } : { http: r.config }),
            secrets: new Map((r.secrets ?? []).map((s) => [s.field as StorageSecretField, s.value])),
          };
    const { adapter } = await buildAdapter(r.adapter, this.settings.get(), this.deps, overrides);
    try {
      return await adapter.test(signal);
    } finally {
      adapter.dispose?.();
    }
  }
}
