import { createHash } from 'node:crypto';
import { AppFailure } from '../../src-preload/contract/result';
import type { Settings } from '../../src-preload/contract/settings';
import type { Clock } from '../common/clock';
import type { FetchLike } from '../common/fetch';
import { assertSecretTransport } from '../common/secret-transport';
import { originOf } from '../common/endpoint-url';
import { settingsBaseUrl, type RegionUrls } from './endpoints';
import { DashScopeClient } from './client';

export interface DashScopeClientsDeps {
  readonly settings: () => Settings;
  /** The key saved for the endpoint the settings point at, or null. */
  readonly apiKey: (baseUrl: string) => Promise<string | null>;
  readonly regionUrls: RegionUrls;
  readonly fetch: FetchLike;
  readonly clock: Clock;
  readonly appName: string;
  readonly appVersion: string;
}

export interface CurrentClient {
  readonly client: DashScopeClient;
  readonly baseUrl: string;
  /**
   * Names the key without revealing it (a short sha256 prefix), stable across restarts: temporary
   * uploads are bound to the account, so a record made under another key must not be reused.
   */
  readonly keyId: string;
}

/**
 * One long-lived DashScope client per (endpoint, key, workspace), so its upload-policy cache and
 * remembered task ids survive between calls. Every caller (job queue, temporary storage) asks
 * here; a change of region, endpoint, key or workspace builds a new client on the next ask.
 */
export class DashScopeClients {
  private held: { identity: string; current: CurrentClient } | null = null;

  constructor(private readonly deps: DashScopeClientsDeps) {}

  /** The client for the settings and key of the moment; `secrets.noApiKey` when no key is saved. */
  async current(): Promise<CurrentClient> {
    const { dashscope } = this.deps.settings();
    const baseUrl = settingsBaseUrl(dashscope, this.deps.regionUrls);
    // Plain http to another computer would carry the key readable: refused before reading it.
    if (originOf(baseUrl)) assertSecretTransport(baseUrl, 'secrets');
    const apiKey = await this.deps.apiKey(baseUrl);
    if (!apiKey) throw new AppFailure('secrets.noApiKey', 'No DashScope API key is set.');
    const identity = JSON.stringify([baseUrl, apiKey, dashscope.workspaceId]);
    if (this.held?.identity !== identity) {
      const client = new DashScopeClient({
        apiKey,
        appName: this.deps.appName,
        appVersion: this.deps.appVersion,
        endpoint: { baseUrl },
        workspace: dashscope.workspaceId || undefined,
        fetch: this.deps.fetch,
        clock: this.deps.clock,
      });
      this.held = { identity, current: { client, baseUrl, keyId: createHash('sha256').update(apiKey).digest('hex').slice(0, 12) } };
    }
    return this.held.current;
  }
}
