import {
  DEFAULT_REGION,
  KNOWN_REGIONS,
  type KnownRegion,
  type Region,
} from '../../src-preload/contract/domain/regions';
import { AppFailure } from '../../src-preload/contract/result';
import type { ApiKeyEndpoint, ApiKeyTarget, KeyTestResult, SecretsStatus } from '../../src-preload/contract/secrets';
import type { SettingsService } from '../settings/settings-service';
import { settingsBaseUrl, type RegionUrls } from '../dashscope/endpoints';
import { displayEndpoint } from '../common/endpoint-url';
import { API_KEY_ACCOUNT, apiKeyAccount } from './accounts';
import { assertSecretTransport, isSafeHeaderValue } from '../common/secret-transport';
import { originOf } from '../common/endpoint-url';
import type { ConfirmSecretDestination, SecretDestinationQuestion } from './confirm-text';
import { SettledFor } from './settled-for';
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
  /**
   * Main's own question before a key goes to an endpoint that is not a built-in region (the
   * import from the environment, the move of a key saved before keys were bound).
   */
  readonly confirmDestination: ConfirmSecretDestination;
}

/** One DashScope endpoint: its region, base URL and the origin its key is saved for. */
export interface ResolvedEndpoint {
  readonly region: Region;
  readonly baseUrl: string;
  readonly origin: string;
}

export interface ApiKeyTestInput {
  /** Typed, not saved; never stored. Absent: the key saved for `endpoint`. */
  readonly apiKey?: string | undefined;
  /** The endpoint on screen; absent: settings'. */
  readonly endpoint?: ApiKeyEndpoint | undefined;
  readonly workspaceId?: string | undefined;
}

const customUrlMissing = () =>
  new AppFailure('secrets.noApiKey', 'No custom DashScope endpoint is set.', { endpoint: '' }, [
    { path: ['endpoint', 'customBaseUrl'], kind: 'required' },
  ]);

/**
 * The DashScope API keys, one per endpoint (each region, each custom origin): entry, masked
 * status, first-run import and "Test key". A key is only ever handed out for the endpoint it was
 * saved for, so pointing the settings (or a forged request) at another host never sends it there.
 */
export class ApiKeyService {
  private readonly migrated = new SettledFor();
  /**
   * The user said no this run (to the import, to moving the old key): no more questions of that
   * kind until the next start, whatever endpoint a renderer names next, so a compromised one
   * cannot wear the user down with a dialog per endpoint. Built-in regions need no question.
   */
  private readonly declined = { importApiKey: false, legacyApiKey: false };

  constructor(private readonly deps: ApiKeyServiceDeps) {}

  /** Settings' endpoint, or the one given (a form's, saved or not). */
  resolve(endpoint?: ApiKeyEndpoint): ResolvedEndpoint {
    const dashscope = endpoint
      ? { region: endpoint.region, customBaseUrl: endpoint.customBaseUrl ?? '', workspaceId: '' }
      : this.deps.settings.get().dashscope;
    const baseUrl = settingsBaseUrl(dashscope, this.deps.regionUrls);
    const origin = originOf(baseUrl);
    if (!origin) throw customUrlMissing();
    return { region: dashscope.region, baseUrl, origin };
  }

  /**
   * The key saved for the endpoint `baseUrl` belongs to; for main-side callers that make
   * DashScope requests there. Never hand the result to IPC.
   */
  async keyFor(baseUrl: string): Promise<string | null> {
    const origin = originOf(baseUrl);
    if (!origin) return null;
    await this.migrate();
    if ((await this.deps.store.backendState()) === 'unavailable') return null;
    return this.deps.store.get(apiKeyAccount(origin));
  }

  /** The key for the endpoint in settings. */
  async get(): Promise<string | null> {
    let target: ResolvedEndpoint;
    try {
      target = this.resolve();
    } catch {
      return null;
    }
    return this.keyFor(target.baseUrl);
  }

  private async requireFor(target: ResolvedEndpoint): Promise<string> {
    const key = await this.keyFor(target.baseUrl);
    if (!key) {
      throw new AppFailure(
        'secrets.noApiKey',
        `No DashScope API key is saved for ${displayEndpoint(target.baseUrl)}.`,
        {
          endpoint: displayEndpoint(target.baseUrl),
        },
      );
    }
    return key;
  }

  async require(): Promise<string> {
    return this.requireFor(this.resolve());
  }

  /**
   * The key saved before keys were bound to an endpoint moves to the endpoint the settings name
   * (the one it was used with): at once for a built-in region, for a custom endpoint only after
   * the user says yes in main's dialog naming it, because the renderer may have pointed the
   * settings anywhere. Declined (or a custom endpoint not set), it stays where it was, sent
   * nowhere; after a no, not asked about again this run, but moved as soon as the settings name
   * a region.
   */
  private migrate(): Promise<void> {
    let target: ResolvedEndpoint | null;
    try {
      target = this.resolve();
    } catch {
      target = null;
    }
    return this.migrated.run(target ? `${target.region}|${target.origin}` : '', async () => {
      const { store } = this.deps;
      if (!target || (await store.backendState()) !== 'keychain') return;
      const legacy = await store.get(API_KEY_ACCOUNT);
      if (!legacy) return;
      if (target.region === 'custom' && !(await this.confirmCustom({ kind: 'legacyApiKey', origin: target.origin })))
        return;
      const account = apiKeyAccount(target.origin);
      if (!(await store.get(account))) await store.set(account, legacy);
      await store.delete(API_KEY_ACCOUNT);
    });
  }

  /** Main's question about a custom endpoint; after one no of its kind, no without asking. */
  private async confirmCustom(
    question: Extract<SecretDestinationQuestion, { kind: 'importApiKey' | 'legacyApiKey' }>,
  ): Promise<boolean> {
    if (this.declined[question.kind]) return false;
    const yes = await this.deps.confirmDestination(question);
    if (!yes) this.declined[question.kind] = true;
    return yes;
  }

  private target(t: ResolvedEndpoint): ApiKeyTarget {
    return { region: t.region, origin: t.origin };
  }

  /** Every region's endpoint, settings' custom one when set, and `asked`. */
  private endpoints(asked: ResolvedEndpoint): ResolvedEndpoint[] {
    const all: ResolvedEndpoint[] = KNOWN_REGIONS.map((region: KnownRegion) => this.resolve({ region }));
    const configured = this.deps.settings.get().dashscope;
    if (configured.region === 'custom') {
      try {
        all.push(this.resolve());
      } catch {
        // Not set yet.
      }
    }
    all.push(asked);
    const seen = new Set<string>();
    return all.filter((e) => {
      const id = `${e.region}|${e.origin}`;
      if (seen.has(id)) return false;
      seen.add(id);
      return true;
    });
  }

  async status(endpoint?: ApiKeyEndpoint): Promise<SecretsStatus> {
    const { store, settings, platform } = this.deps;
    let asked: ResolvedEndpoint;
    try {
      asked = this.resolve(endpoint);
    } catch {
      // A custom endpoint without a URL: report the default region's key instead of failing.
      asked = this.resolve({ region: DEFAULT_REGION });
    }
    const read = (baseUrl: string) => this.keyFor(baseUrl).catch(() => null);
    const key = await read(asked.baseUrl);
    const apiKeys: SecretsStatus['apiKeys'] = [];
    for (const e of this.endpoints(asked)) {
      apiKeys.push({ ...this.target(e), apiKey: presence(await read(e.baseUrl)) });
    }
    let importOffer: SecretsStatus['importOffer'] = null;
    if (!key && !settings.get().onboarding.apiKeyImportDismissed) {
      const candidate = await findImportCandidate(this.deps.importFrom);
      if (candidate) importOffer = { source: candidate.source, tail: presence(candidate.value).tail };
    }
    return {
      backend: await store.backendState(),
      platform,
      apiKey: presence(key),
      apiKeyFor: this.target(asked),
      apiKeys,
      importOffer,
    };
  }

  async set(apiKey: string, endpoint?: ApiKeyEndpoint): Promise<SecretsStatus> {
    const target = this.resolve(endpoint);
    await this.migrate();
    await this.deps.store.set(apiKeyAccount(target.origin), apiKey.trim());
    return this.status(endpoint);
  }

  async clear(endpoint?: ApiKeyEndpoint): Promise<SecretsStatus> {
    const target = this.resolve(endpoint);
    await this.migrate();
    await this.deps.store.delete(apiKeyAccount(target.origin));
    return this.status(endpoint);
  }

  /**
   * Saves the key the official SDKs would use for `endpoint`: at once for a built-in region
   * (where such a key is meant to go), for a custom endpoint only after the user says yes in
   * main's dialog naming it; declined, nothing is saved. Once the offer was dismissed there is
   * no import at all, whoever asks.
   */
  async importFromEnvironment(endpoint?: ApiKeyEndpoint): Promise<SecretsStatus> {
    const target = this.resolve(endpoint);
    const dismissed = this.deps.settings.get().onboarding.apiKeyImportDismissed;
    const candidate = dismissed ? null : await findImportCandidate(this.deps.importFrom);
    if (!candidate) throw new AppFailure('secrets.noImport', 'No DASHSCOPE_API_KEY or ~/.dashscope/api_key was found.');
    await this.migrate();
    if (target.region === 'custom') {
      // No question about an endpoint the key could not travel to anyway.
      assertSecretTransport(target.baseUrl, 'secrets');
      const yes = await this.confirmCustom({ kind: 'importApiKey', source: candidate.source, origin: target.origin });
      if (!yes) return this.status(endpoint);
    }
    await this.deps.store.set(apiKeyAccount(target.origin), candidate.value);
    return this.status(endpoint);
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
    this.migrated.reset();
    return this.status();
  }

  /**
   * Tests the endpoint on screen (or settings') with the typed key, or the key saved for THAT
   * endpoint. Nothing is stored. `candidate` as a string is the older call shape.
   */
  async test(input?: ApiKeyTestInput | string, signal?: AbortSignal): Promise<KeyTestResult> {
    const i: ApiKeyTestInput = typeof input === 'string' ? { apiKey: input } : (input ?? {});
    const target = this.resolve(i.endpoint);
    assertSecretTransport(target.baseUrl, 'secrets');
    const typed = i.apiKey?.trim() || null;
    const apiKey = typed ?? (await this.requireFor(target));
    if (!isSafeHeaderValue(apiKey) || !/^[\x21-\x7e]+$/.test(apiKey)) {
      throw new AppFailure('secrets.badKeyValue', 'The API key holds characters a header cannot carry.');
    }
    const saved = this.deps.settings.get().dashscope;
    return testApiKey({
      apiKey,
      dashscope: {
        region: target.region,
        customBaseUrl: target.region === 'custom' ? target.baseUrl : '',
        workspaceId: i.workspaceId ?? saved.workspaceId,
      },
      regionUrls: this.deps.regionUrls,
      check: this.deps.check,
      probeOtherRegions: typed !== null,
      ...(signal ? { signal } : {}),
    });
  }
}
