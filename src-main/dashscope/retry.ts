import type { Clock } from '../common/clock';
import { DashScopeError } from './errors';

export interface RetryPolicy {
  /** Total attempts including the first. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Source of jitter in [0, 1); injectable so tests are deterministic. */
  random: () => number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 5,
  baseDelayMs: 500,
  maxDelayMs: 10_000,
  random: Math.random,
};

/**
 * Capped exponential backoff with "equal jitter": half the window is fixed so retries never
 * bunch up at zero, half is random so many clients do not retry in lockstep.
 * A server's Retry-After wins when it asks for longer.
 */
export function backoffDelay(policy: RetryPolicy, retryIndex: number, retryAfterMs?: number): number {
  const window = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retryIndex);
  const jittered = window / 2 + (window / 2) * policy.random();
  return Math.max(jittered, Math.min(retryAfterMs ?? 0, policy.maxDelayMs * 6));
}

export function abortError(signal: AbortSignal | undefined): DashScopeError {
  return new DashScopeError({
    code: 'Client.Aborted',
    message: 'The request was cancelled.',
    status: 0,
    outcome: 'not-sent',
    cause: signal?.reason,
  });
}

/** Sleeps on the injected clock, mapping an abort to a typed error. */
export async function pause(clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
  try {
    await clock.sleep(ms, signal);
  } catch {
    throw abortError(signal);
  }
}

/**
 * Runs `attempt` until it succeeds, fails for good, or attempts run out. `shouldRetry` decides
 * per error; errors that are not DashScopeErrors are bugs and propagate untouched.
 */
export async function withRetry<T>(
  attempt: (index: number) => Promise<T>,
  opts: {
    policy: RetryPolicy;
    clock: Clock;
    signal?: AbortSignal | undefined;
    shouldRetry: (e: DashScopeError) => boolean;
  },
): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await attempt(i);
    } catch (e) {
      if (!(e instanceof DashScopeError) || i + 1 >= opts.policy.maxAttempts || !opts.shouldRetry(e)) throw e;
      await pause(opts.clock, backoffDelay(opts.policy, i, e.retryAfterMs), opts.signal);
    }
  }
}
