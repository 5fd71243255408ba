import type {
  AdapterInfo,
  StorageAdapterId,
  StorageSecretField,
  StorageStatus,
} from '../../src-preload/contract/storage';
import { STORAGE_ADAPTERS, StorageAdapterIdSchema } from '../../src-preload/contract/storage';
import type { SettingsService } from '../settings/settings-service';
import { storageAccount, type StorageSecretAdapter } from '../secrets/accounts';
import { presence } from '../secrets/mask';
import { buildAdapter, type ActiveAdapter, type AdapterFactoryDeps } from './registry';
import { SketchUploader } from './uploader';

/** The secret fields the current settings declare: fixed ones, plus one per secret header. */
function secretFields(settings: ReturnType<SettingsService['get']>): [StorageSecretAdapter, StorageSecretField][] {
  const out: [StorageSecretAdapter, StorageSecretField][] = [];
  for (const field of STORAGE_ADAPTERS.s3.fields) {
    if (field.kind === 'secret') out.push(['s3', field.key]);
  }
  for (const header of settings.storage.http.headers) {
    if (header.secret) out.push(['http', `header:${header.name}`]);
  }
  return out;
}

/** Storage as the settings view sees it (secrets, test), plus the uploader the job queue uses. */
export class StorageService {
  readonly uploader: SketchUploader;

  constructor(
    private readonly settings: SettingsService,
    private readonly deps: AdapterFactoryDeps,
  ) {
    this.uploader = new SketchUploader({ active: () => this.active(), clock: deps.clock });
  }

  /** The adapter the settings choose, built fresh so changed settings and secrets apply at once. */
  active(): Promise<ActiveAdapter> {
    const settings = this.settings.get();
    return buildAdapter(settings.storage.adapter, settings, this.deps);
  }

  async status(): Promise<StorageStatus> {
    const settings = this.settings.get();
    const secrets: StorageStatus['secrets'] = {};
    const readable = (await this.deps.secrets.backendState()) !== 'unavailable';
    for (const [adapter, field] of secretFields(settings)) {
      const value = readable ? await this.deps.secrets.get(storageAccount(adapter, field)).catch(() => null) : null;
      secrets[`${adapter}.${field}`] = presence(value);
    }
    const adapters = StorageAdapterIdSchema.options.map((id) => {
      const { fields, devOnly, canDelete } = STORAGE_ADAPTERS[id];
      // Deep copy to a mutable array; the declaration itself stays frozen in the contract.
      const copy: AdapterInfo['fields'] = (fields as readonly AdapterInfo['fields'][number][]).map((f) => structuredClone(f));
      return { id, devOnly, canDelete, fields: copy };
    });
    return { active: settings.storage.adapter, adapters, secrets };
  }

  async setSecret(adapter: StorageSecretAdapter, field: StorageSecretField, value: string): Promise<StorageStatus> {
    await this.deps.secrets.set(storageAccount(adapter, field), value);
    return this.status();
  }

  async clearSecret(adapter: StorageSecretAdapter, field: StorageSecretField): Promise<StorageStatus> {
    await this.deps.secrets.delete(storageAccount(adapter, field));
    return this.status();
  }

  /** Tests any adapter with the saved settings, not only the active one, so a switch can be checked first. */
  async test(id: StorageAdapterId, signal?: AbortSignal): Promise<{ endpoint: string }> {
    const { adapter } = await buildAdapter(id, this.settings.get(), this.deps);
    try {
      return await adapter.test(signal);
    } finally {
      adapter.dispose?.();
    }
  }
}
