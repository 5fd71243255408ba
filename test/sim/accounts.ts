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
    this.accounts.push({ ...account, keys: account.keys.map((k) => ({ ...k })), workspaces: [...(account.workspaces ?? [])] });
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
    const a = this.accounts.find((x) => x.id === accountId);
    if (!a) throw new Error(`no account ${accountId}`);
    Object.assign(a, patch);
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
      if (workspace !== undefined && !known.includes(workspace)) return apiError(401, 'NOT AUTHORIZED', msg.notAuthorizedWorkspace);
      if (workspace === undefined && found.key.kind === 'ram') return apiError(401, 'NOT AUTHORIZED', msg.notAuthorizedWorkspace);
    }
    return { account: found.account, key: found.key, keyId: found.key.id ?? found.key.key.slice(-6), workspace };
  }
}

export function isReply(x: Caller | Reply): x is Reply {
  return 'status' in x && 'body' in x;
}
