import { describe, expect, it } from 'vitest';
import { systemClock } from '../../../src-main/common/clock';
import { DashScopeError } from '../../../src-main/dashscope/errors';
import { backoffDelay, withRetry } from '../../../src-main/dashscope/retry';
import type { RetryPolicy } from '../../../src-main/dashscope/retry';

const policy = (random: number, over: Partial<RetryPolicy> = {}): RetryPolicy => ({
  maxAttempts: 4,
  baseDelayMs: 100,
  maxDelayMs: 1000,
  random: () => random,
  ...over,
});

describe('backoff', () => {
  it('doubles per retry within [window/2, window] and caps at maxDelayMs', () => {
    expect(backoffDelay(policy(0), 0)).toBe(50);
    expect(backoffDelay(policy(0.999999), 0)).toBeCloseTo(100, 3);
    expect(backoffDelay(policy(0), 3)).toBe(400);
    expect(backoffDelay(policy(1), 10)).toBe(1000);
    expect(backoffDelay(policy(0), 10)).toBe(500);
  });

  it('honours a longer Retry-After', () => {
    expect(backoffDelay(policy(0), 0, 3000)).toBe(3000);
    expect(backoffDelay(policy(0), 0, 10)).toBe(50);
  });
});

describe('withRetry', () => {
  const err = (code: 'Throttling.RateQuota' | 'InvalidApiKey') =>
    new DashScopeError({ code, message: code, status: code === 'InvalidApiKey' ? 401 : 429 });

  it('retries retryable errors until success', async () => {
    let calls = 0;
    const v = await withRetry(
      async () => {
        if (++calls < 3) throw err('Throttling.RateQuota');
        return 'ok';
      },
      { policy: policy(0, { baseDelayMs: 1 }), clock: systemClock, shouldRetry: (e) => e.retryable },
    );
    expect([v, calls]).toEqual(['ok', 3]);
  });

  it('stops at once on a non-retryable error and after maxAttempts otherwise', async () => {
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw err('InvalidApiKey');
        },
        { policy: policy(0, { baseDelayMs: 1 }), clock: systemClock, shouldRetry: (e) => e.retryable },
      ),
    ).rejects.toMatchObject({ code: 'InvalidApiKey' });
    expect(calls).toBe(1);
    calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw err('Throttling.RateQuota');
        },
        { policy: policy(0, { baseDelayMs: 1 }), clock: systemClock, shouldRetry: (e) => e.retryable },
      ),
    ).rejects.toMatchObject({ code: 'Throttling.RateQuota' });
    expect(calls).toBe(4);
  });
});
