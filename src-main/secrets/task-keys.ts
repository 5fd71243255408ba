import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../common/atomic-file';
import { secretId } from '../common/sha256';
import { API_KEY_ACCOUNT } from './accounts';
import type { SecretStore } from './secret-store';

/** Names a DashScope key without revealing it (common/sha256's secretId). */
export const keyIdOf = (apiKey: string): string => secretId(apiKey);

/**
 * The keychain account that keeps the key a DashScope task was created with, for as long as the
 * task is unfinished: `dashscope.apiKey#task-<keyId>@<origin>`. The user's own entry
 * (`dashscope.apiKey@<origin>`) may be replaced or cleared at any time; this one is not, so a
 * running task is still polled with its own key after the settings moved on. Bound to the origin
 * like the user's entry: the key is only ever sent where it was saved for.
 */
export function taskKeyAccount(origin: string, keyId: string): string {
  return `${API_KEY_ACCOUNT}#task-${keyId}@${origin}`;
}

/** A pin by name: where (origin) and which key (id). Never the key. */
export interface PinnedKey {
  readonly origin: string;
  readonly keyId: string;
}

const PinsFileSchema = z.object({
  version: z.literal(1),
  pins: z.array(z.object({ origin: z.string().max(2048), keyId: z.string().regex(/^[0-9a-f]{12}$/) })).max(1000),
});

/**
 * Pins and unpins task keys. A pin is written once per key per process (before the key's first
 * create), read when a task must be polled with a key the settings no longer name, and deleted
 * once no unfinished task uses it. The names of the pins (never the keys) are kept in a file
 * written before each pin, so every pin can be found again and deleted, even one whose create
 * never went out or whose records were cleared.
 */
export class TaskKeys {
  /** Accounts known to be written in this process. */
  private readonly pinned = new Set<string>();
  private names: PinnedKey[] | null = null;
  private writing: Promise<unknown> = Promise.resolve();

  /** `path`: the pins' names (`<dataDir>/task-keys.json`); in memory only when null. */
  constructor(
    private readonly store: Pick<SecretStore, 'get' | 'set' | 'delete'>,
    private readonly path: string | null = null,
  ) {}

  /** Writes the pin for `apiKey` at `origin` unless this process already did; returns its account. */
  async pin(origin: string, apiKey: string): Promise<string> {
    const keyId = keyIdOf(apiKey);
    const account = taskKeyAccount(origin, keyId);
    if (this.pinned.has(account)) return account;
    await this.remember({ origin, keyId }, true);
    await this.store.set(account, apiKey);
    this.pinned.add(account);
    return account;
  }

  /** The pinned key, only when it is still the very key `keyId` names. */
  async read(origin: string, keyId: string): Promise<string | null> {
    const value = await this.store.get(taskKeyAccount(origin, keyId));
    return value && keyIdOf(value) === keyId ? value : null;
  }

  async unpin(origin: string, keyId: string): Promise<void> {
    const account = taskKeyAccount(origin, keyId);
    // Forgotten first: a pin asked for again while the delete runs is written again.
    this.pinned.delete(account);
    await this.store.delete(account);
    await this.remember({ origin, keyId }, false);
  }

  /** Every pin this app may have written and not deleted yet. */
  async list(): Promise<PinnedKey[]> {
    return [...(await this.load())];
  }

  private async load(): Promise<PinnedKey[]> {
    if (this.names) return this.names;
    let names: PinnedKey[] = [];
    if (this.path) {
      try {
        const parsed = PinsFileSchema.safeParse(JSON.parse(await readFile(this.path, 'utf8')));
        if (parsed.success) names = parsed.data.pins;
      } catch {
        // Absent or damaged: only pins named by job records are found again.
      }
    }
    this.names ??= names;
    return this.names;
  }

  private async remember(p: PinnedKey, present: boolean): Promise<void> {
    const names = await this.load();
    const has = names.some((n) => n.origin === p.origin && n.keyId === p.keyId);
    if (has === present) return;
    this.names = present ? [...names, p] : names.filter((n) => !(n.origin === p.origin && n.keyId === p.keyId));
    const path = this.path;
    if (!path) return;
    const data = JSON.stringify({ version: 1, pins: this.names });
    const next = this.writing.then(async () => {
      await mkdir(dirname(path), { recursive: true });
      await writeFileAtomic(path, data);
    });
    this.writing = next.catch(() => undefined);
    // A names file that cannot be written costs at worst a pin found again only through job records.
    await this.writing;
  }
}
