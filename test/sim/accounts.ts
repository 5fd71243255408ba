import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { apiError } from './http';
import type { Reply } from './http';
import type { MessageTable } from './state';
import type { SimAccount, SimApiKey } from './options';

export interface Caller {
  account: SimAccount;
  key: SimApiKey;
  keyId: string;
  workspace: string | undefined;
}

/** The accounts and keys the simulator knows; mutable at run time for tests. */
export class AccountRegistry {
  private accounts: SimAccount[] = [];

  constructor(initial: SimAccount[]) {
    for (const a of initial) this.add(a);
  }

  add(account: SimAccount): void {
    if (this.accounts.some((a) => a.id === account.id)) throw new Error(`account ${account.id} exists`);
    for (const k of account.keys) if (this.find(k.key)) throw new Error('key exists');
    const copy = { ...account, keys: [] as SimApiKey[], workspaces: [...(account.workspaces ?? [])] };
    this.accounts.push(copy);
    for (const k of account.keys) copy.keys.push(this.withId(k));
  }

  /** Another key on an existing account (a second key, a RAM user's key). */
  addKey(accountId: string, key: SimApiKey): SimApiKey {
    const a = this.byId(accountId);
    if (this.find(key.key)) throw new Error('key exists');
    const k = this.withId(key);
    a.keys.push(k);
    return k;
  }

  byId(accountId: string): SimAccount {
    const a = this.accounts.find((x) => x.id === accountId);
    if (!a) throw new Error(`no account ${accountId}`);
    return a;
  }

  /**
   * Every key has its own stable `api_key_id` (the list API reports it per task): the configured
   * one, else a `15xxxx` number derived from the key, unique among the known keys.
   */
  private withId(key: SimApiKey): SimApiKey {
    if (key.id !== undefined) return { ...key };
    const taken = new Set(this.accounts.flatMap((a) => a.keys.map((k) => k.id)));
    let n = parseInt(createHash('sha256').update(key.key).digest('hex').slice(0, 8), 16) % 10_000;
    while (taken.has(`15${String(n).padStart(4, '0')}`)) n = (n + 1) % 10_000;
    return { ...key, id: `15${String(n).padStart(4, '0')}` };
  }

  list(): readonly SimAccount[] {
    return this.accounts;
  }

  find(key: string): { account: SimAccount; key: SimApiKey } | undefined {
    for (const account of this.accounts) {
      const k = account.keys.find((x) => x.key === key);
      if (k) return { account, key: k };
    }
    return undefined;
  }

  update(accountId: string, patch: Partial<Pick<SimAccount, 'arrears' | 'workspaces'>>): void {
    Object.assign(this.byId(accountId), patch);
  }

  /** Keys in `sk-…1234` form, for logs and the CLI banner. */
  maskedKeys(): string[] {
    return this.accounts.flatMap((a) => a.keys.map((k) => `${k.key.slice(0, 3)}…${k.key.slice(-4)}`));
  }

  /**
   * Bearer auth as the service does it: no key → "No API-key provided.", unknown →
   * "Invalid API-key provided.", then the workspace header (CONTRACT.md §4.2).
   */
  authenticate(req: IncomingMessage, msg: MessageTable, opts: { checkWorkspace: boolean }): Caller | Reply {
    const header = req.headers.authorization ?? '';
    const m = /^Bearer\s+(.*)$/i.exec(header.trim());
    const token = m?.[1]?.trim() ?? '';
    if (!token) return apiError(401, 'InvalidApiKey', msg.noApiKey);
    const found = this.find(token);
    if (!found) return apiError(401, 'InvalidApiKey', msg.invalidApiKey);
    if (found.key.blocked) return apiError(401, 'InvalidApiKey', msg.blockedApiKey);
    const ws = req.headers['x-dashscope-workspace'];
    const workspace = Array.isArray(ws) ? ws[0] : ws;
    if (opts.checkWorkspace) {
      const known = found.account.workspaces ?? [];
      if (workspace !== undefined && !known.includes(workspace))
        return apiError(401, 'NOT AUTHORIZED', msg.notAuthorizedWorkspace);
      if (workspace === undefined && found.key.kind === 'ram')
        return apiError(401, 'NOT AUTHORIZED', msg.notAuthorizedWorkspace);
    }
    return { account: found.account, key: found.key, keyId: found.key.id!, workspace };
  }
}

export function isReply(x: Caller | Reply): x is Reply {
  return 'status' in x && 'body' in x;
}
