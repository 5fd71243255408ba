import { randomUUID } from 'node:crypto';
import type { Clock } from '../common/clock';
import type { FetchLike } from '../common/fetch';
import { DashScopeClient } from '../dashscope/client';
import { DashScopeError } from '../dashscope/errors';
import type { KeyCheck } from './key-test';

/**
 * "Test key" over the DashScope client: a task query on a random id costs nothing and needs a
 * valid key — 200 UNKNOWN when the key is good, 401 InvalidApiKey when not.
 */
export function dashscopeKeyCheck(deps: {
  fetch: FetchLike;
  clock: Clock;
  appName: string;
  appVersion: string;
}): KeyCheck {
  return async ({ baseUrl, apiKey, workspaceId }, signal) => {
    const client = new DashScopeClient({
      apiKey,
      appName: deps.appName,
      appVersion: deps.appVersion,
      endpoint: { baseUrl },
      workspace: workspaceId || undefined,
      fetch: deps.fetch,
      clock: deps.clock,
      // A test answers now; a retry would only delay "network error" by seconds.
      retry: { maxAttempts: 1 },
      requestTimeoutMs: 15_000,
    });
    try {
      await client.getTask(randomUUID(), { signal });
      return { kind: 'valid' };
    } catch (e) {
      if (!(e instanceof DashScopeError)) throw e;
      if (e.code === 'Client.Aborted') throw e;
      if (e.code === 'InvalidApiKey') return { kind: 'invalid' };
      if (e.code === 'Client.NetworkError' || e.code === 'Client.Timeout') return { kind: 'unreachable' };
      return { kind: 'failed', code: e.code };
    }
  };
}
