import { AppFailure } from '../../src-preload/contract/result';
import type { KeyTestResult, SecretsStatus } from '../../src-preload/contract/secrets';
import type { SettingsService } from '../settings/settings-service';
import type { RegionUrls } from '../settings/endpoint';
import { API_KEY_ACCOUNT } from './accounts';
import { findImportCandidate, type ApiKeyImportDeps } from './import-source';
import { testApiKey, type KeyCheck } from './key-test';
import { presence } from './mask';
import type { SecretStore } from './secret-store';

export interface ApiKeyServiceDeps {
  readonly store: SecretStore;
  readonly settings: SettingsService;
  readonly importFrom: ApiKeyImportDeps;
  readonly check: KeyCheck;
  readonly regionUrls: RegionUrls;
  readonly platform: string;
}

/** The DashScope API key: entry, masked status, first-run import and "Test key". */
export class ApiKeyService {
  constructor(private readonly deps: ApiKeyServiceDeps) {}

  /** For main-side callers that make DashScope requests. Never hand the result to IPC. */
  async get(): Promise<string | null> {
    if ((await this.deps.store.backendState()) === 'unavailable') return null;
    return this.deps.store.get(API_KEY_ACCOUNT);
  }

  async require(): Promise<string> {
    const key = await this.get();
    if (!key) throw new AppFailure('secrets.noApiKey', 'No DashScope API key is set.');
    return key;
  }

  async status(): Promise<SecretsStatus> {
    const { store, settings, platform } = this.deps;
    const key = await this.get().catch(() => null);
    let importOffer: SecretsStatus['importOffer'] = null;
    if (!key && !settings.get().onboarding.apiKeyImportDismissed) {
      const candidate = await findImportCandidate(this.deps.importFrom);
      if (candidate) importOffer = { source: candidate.source, tail: presence(candidate.value).tail };
    }
    return { backend: await store.backendState(), platform, apiKey: presence(key), importOffer };
  }

  async set(apiKey: string): Promise<SecretsStatus> {
    await this.deps.store.set(API_KEY_ACCOUNT, apiKey.trim());
    return this.status();
  }

  async clear(): Promise<SecretsStatus> {
    await this.deps.store.delete(API_KEY_ACCOUNT);
    return this.status();
  }

  async importFromEnvironment(): Promise<SecretsStatus> {
    const candidate = await findImportCandidate(this.deps.importFrom);
    if (!candidate) throw new AppFailure('secrets.noImport', 'No DASHSCOPE_API_KEY or ~/.dashscope/api_key was found.');
    await this.deps.store.set(API_KEY_ACCOUNT, candidate.value);
    return this.status();
  }

  async dismissImport(): Promise<SecretsStatus> {
    this.deps.settings.update({ onboarding: { apiKeyImportDismissed: true } });
    return this.status();
  }

  async useSessionOnly(): Promise<SecretsStatus> {
    await this.deps.store.useSessionOnly();
    return this.status();
  }

  async retryKeychain(): Promise<SecretsStatus> {
    await this.deps.store.retryKeychain();
    return this.status();
  }

  /** Tests `candidate` (typed, not saved yet) or the saved key. */
  async test(candidate?: string, signal?: AbortSignal): Promise<KeyTestResult> {
    const apiKey = candidate?.trim() || (await this.require());
    return testApiKey({
      apiKey,
      dashscope: this.deps.settings.get().dashscope,
      regionUrls: this.deps.regionUrls,
      check: this.deps.check,
      ...(signal ? { signal } : {}),
    });
  }
}
