import { AppFailure } from '../../src-preload/contract/result';
import type { Settings } from '../../src-preload/contract/settings';
import type { Clock } from '../common/clock';
import type { FetchLike } from '../common/fetch';
import { assertSecretTransport } from '../common/secret-transport';
import { originOf } from '../common/endpoint-url';
import { keyIdOf, taskKeyAccount, type TaskKeys } from './task-keys';
import { settingsBaseUrl, type RegionUrls } from '../dashscope/endpoints';
import { DashScopeClient } from '../dashscope/client';

export interface DashScopeClientsDeps {
  readonly settings: () => Settings;
  /** The key saved for the endpoint the settings point at, or null. */
  readonly apiKey: (baseUrl: string) => Promise<string | null>;
  /** Where the key of each unfinished task is kept while the user's own entry may change. */
  readonly taskKeys: Pick<TaskKeys, 'pin' | 'read' | 'unpin' | 'list'>;
  readonly regionUrls: RegionUrls;
  readonly fetch: FetchLike;
  readonly clock: Clock;
  readonly appName: string;
  readonly appVersion: string;
}

/**
 * Who a DashScope task belongs to: the endpoint, the key (by the keychain account that keeps it
 * and its id) and the workspace its create used. A job record keeps it, and every later call
 * about that task uses it, whatever the settings say by then: a task is visible only to its own
 * account and region.
 */
export interface TaskIdentity {
  /** `…/api/v1` of the endpoint the create went to. */
  readonly baseUrl: string;
  /** The keychain account holding the key (`taskKeyAccount`). */
  readonly keyAccount: string;
  /** `keyIdOf(key)`: tells the key from any other without revealing it. */
  readonly keyId: string;
  readonly workspace: string | null;
}

export interface CurrentClient {
  readonly client: DashScopeClient;
  readonly baseUrl: string;
  /**
   * Names the key without revealing it (a short sha256 prefix), stable across restarts: temporary
   * uploads are bound to the account, so a record made under another key must not be reused.
   */
  readonly keyId: string;
  /** What a job record keeps for the task this client creates. */
  readonly identity: TaskIdentity;
}

const identityKey = (i: Pick<TaskIdentity, 'baseUrl' | 'keyId' | 'workspace'>) =>
  JSON.stringify([i.baseUrl, i.keyId, i.workspace]);

/**
 * One long-lived DashScope client per (endpoint, key, workspace), so its upload-policy cache and
 * remembered task ids survive between calls. New work asks for `current()` (the settings and key
 * of the moment); a task already created asks for `forTask(identity)`, which keeps answering with
 * the task's own endpoint, key and workspace after the settings changed.
 */
export class DashScopeClients {
  private readonly clients = new Map<string, CurrentClient>();
  /** Pins this process deleted (`origin\nkeyId`): not deleted again on every later finish. */
  private readonly retired = new Set<string>();

  constructor(private readonly deps: DashScopeClientsDeps) {}

  /**
   * The client for the settings and key of the moment; `secrets.noApiKey` when no key is saved.
   * Its key is pinned in the keychain first, so a task it creates can be followed with it later.
   */
  async current(): Promise<CurrentClient> {
    const { dashscope } = this.deps.settings();
    const baseUrl = settingsBaseUrl(dashscope, this.deps.regionUrls);
    const origin = this.originFor(baseUrl);
    const apiKey = await this.deps.apiKey(baseUrl);
    if (!apiKey) throw new AppFailure('secrets.noApiKey', 'No DashScope API key is set.');
    await this.deps.taskKeys.pin(origin, apiKey);
    // Pinned again: a later retire may delete it again.
    this.retired.delete(`${origin}\n${keyIdOf(apiKey)}`);
    return this.clientFor(baseUrl, origin, apiKey, dashscope.workspaceId || null);
  }

  /**
   * The client of the identity a task was created with: its pinned key, else the key saved for
   * its endpoint when that is still the same key. When neither holds it any more (the keychain
   * lost the pin) the endpoint's saved key is the best left; `secrets.noApiKey` when there is none.
   */
  async forTask(identity: TaskIdentity): Promise<CurrentClient> {
    const held = this.clients.get(identityKey(identity));
    if (held) return held;
    const origin = this.originFor(identity.baseUrl);
    // A record names its account; a key goes only where its account says it was saved for.
    if (identity.keyAccount !== taskKeyAccount(origin, identity.keyId)) {
      throw new AppFailure('secrets.noApiKey', 'The task names a key saved for another endpoint.');
    }
    const apiKey =
      (await this.deps.taskKeys.read(origin, identity.keyId)) ?? (await this.deps.apiKey(identity.baseUrl));
    if (!apiKey) throw new AppFailure('secrets.noApiKey', 'The DashScope API key of this task is no longer saved.');
    return this.clientFor(identity.baseUrl, origin, apiKey, identity.workspace);
  }

  /**
   * Deletes every pin (those of `ended`, and every one the pins' names file lists) that no
   * unfinished task uses and that does not hold the key saved for its endpoint now (that one is
   * pinned anyway). So a key the user replaced or cleared leaves the keychain once its last task
   * ended. Best effort: a locked keychain keeps the pin until the next call.
   */
  async retire(ended: readonly TaskIdentity[], inUse: readonly TaskIdentity[]): Promise<void> {
    const name = (origin: string, keyId: string) => `${origin}\n${keyId}`;
    const used = new Set(inUse.map((i) => name(originOf(i.baseUrl) ?? '', i.keyId)));
    const candidates = new Map<string, { origin: string; keyId: string }>();
    for (const i of ended) {
      const origin = originOf(i.baseUrl);
      if (origin) candidates.set(name(origin, i.keyId), { origin, keyId: i.keyId });
    }
    try {
      for (const p of await this.deps.taskKeys.list()) candidates.set(name(p.origin, p.keyId), p);
    } catch {
      // Only the records' pins this time.
    }
    for (const [id, { origin, keyId }] of candidates) {
      if (used.has(id) || this.retired.has(id)) continue;
      try {
        const saved = await this.deps.apiKey(origin);
        if (saved && keyIdOf(saved) === keyId) continue;
        await this.deps.taskKeys.unpin(origin, keyId);
        this.retired.add(id);
        for (const [k, c] of this.clients)
          if (originOf(c.baseUrl) === origin && c.keyId === keyId) this.clients.delete(k);
      } catch {
        // Next time.
      }
    }
  }

  private originFor(baseUrl: string): string {
    const origin = originOf(baseUrl);
    if (!origin) throw new AppFailure('secrets.noApiKey', 'No DashScope endpoint is set.');
    // Plain http to another computer would carry the key readable: refused before reading it.
    assertSecretTransport(baseUrl, 'secrets');
    return origin;
  }

  private clientFor(baseUrl: string, origin: string, apiKey: string, workspace: string | null): CurrentClient {
    const keyId = keyIdOf(apiKey);
    const identity: TaskIdentity = { baseUrl, keyAccount: taskKeyAccount(origin, keyId), keyId, workspace };
    const k = identityKey(identity);
    let held = this.clients.get(k);
    if (!held) {
      const client = new DashScopeClient({
        apiKey,
        appName: this.deps.appName,
        appVersion: this.deps.appVersion,
        endpoint: { baseUrl },
        workspace: workspace ?? undefined,
        fetch: this.deps.fetch,
        clock: this.deps.clock,
      });
      held = { client, baseUrl, keyId, identity };
      this.clients.set(k, held);
    }
    return held;
  }
}
