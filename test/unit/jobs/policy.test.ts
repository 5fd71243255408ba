import { describe, expect, it } from 'vitest';
import { AppFailure } from '../../../src-preload/contract/result';
import { DashScopeError } from '../../../src-main/dashscope/errors';
import { backoffMs, classify, DEFAULT_BACKOFF, RateGate } from '../../../src-main/jobs/policy';

const dse = (
  code: ConstructorParameters<typeof DashScopeError>[0]['code'],
  status: number,
  extra: Partial<ConstructorParameters<typeof DashScopeError>[0]> = {},
) => new DashScopeError({ code, status, message: code, ...extra });

describe('queue backoff', () => {
  it('grows ×1.9 from ~200 ms and stops at 15 min, with jitter inside the upper half of the window', () => {
    const lo = { ...DEFAULT_BACKOFF, random: () => 0 };
    const hi = { ...DEFAULT_BACKOFF, random: () => 0.999999 };
    expect(backoffMs(hi, 1)).toBe(200);
    expect(backoffMs(lo, 1)).toBe(100);
    expect(backoffMs(hi, 2)).toBe(380);
    expect(backoffMs(hi, 3)).toBe(722);
    for (let a = 1; a < 40; a++) {
      expect(backoffMs(hi, a + 1)).toBeGreaterThanOrEqual(backoffMs(hi, a));
      expect(backoffMs(hi, a)).toBeLessThanOrEqual(15 * 60_000);
    }
    expect(backoffMs(hi, 40)).toBe(15 * 60_000);
    expect(backoffMs(lo, 40)).toBe(7.5 * 60_000);
  });

  it('waits at least as long as a Retry-After asks, capped at the maximum', () => {
    const p = { ...DEFAULT_BACKOFF, random: () => 0.5 };
    expect(backoffMs(p, 1, 30_000)).toBe(30_000);
    expect(backoffMs(p, 1, 60 * 60_000)).toBe(15 * 60_000);
  });
});

describe('create rate gate', () => {
  it('lets two creates through per second, then names when the next may go', () => {
    const g = new RateGate(2, 1000);
    expect(g.nextAt(0)).toBe(0);
    g.take(0);
    expect(g.nextAt(100)).toBe(100);
    g.take(100);
    expect(g.nextAt(200)).toBe(1050);
    // The first create's second is over; a margin keeps ours from meeting the server's window early.
    expect(g.nextAt(1000)).toBe(1000);
    g.take(1000);
    expect(g.nextAt(1010)).toBe(1150);
  });
});

describe('what a failed step means', () => {
  it('retries throttling, 5xx and the network; the network asks for an online check', () => {
    expect(classify(dse('Throttling.RateQuota', 429))).toMatchObject({
      kind: 'retry',
      code: 'Throttling.RateQuota',
      network: false,
    });
    expect(classify(dse('InternalError', 500))).toMatchObject({ kind: 'retry' });
    expect(classify(dse('Client.NetworkError', 0))).toMatchObject({ kind: 'retry', network: true });
    expect(classify(dse('Client.Timeout', 0))).toMatchObject({ kind: 'retry', network: true });
    expect(classify(dse('Throttling', 429, { retryAfterMs: 5000 }))).toMatchObject({
      kind: 'retry',
      retryAfterMs: 5000,
    });
    expect(classify(new AppFailure('storage.unreachable', 'x', { endpoint: 'e' }))).toMatchObject({
      kind: 'retry',
      network: true,
    });
    expect(
      classify(new AppFailure('storage.rejected', 'x', { endpoint: 'e', status: 'Throttling.RateQuota' })),
    ).toMatchObject({ kind: 'retry' });
  });

  it('fails at once on what retrying cannot fix, with the code', () => {
    for (const code of [
      'InvalidApiKey',
      'Arrearage',
      'DataInspectionFailed',
      'InvalidParameter',
      'InvalidURL',
    ] as const) {
      expect(classify(dse(code, 400))).toMatchObject({ kind: 'fail', error: { code } });
    }
    expect(classify(new AppFailure('storage.badCredentials', 'x', { endpoint: 'e', status: 401 }))).toMatchObject({
      kind: 'fail',
      error: { code: 'storage.badCredentials', params: { endpoint: 'e', status: 401 } },
    });
    expect(
      classify(new AppFailure('storage.rejected', 'x', { endpoint: 'e', status: 'Oss.EntityTooLarge' })),
    ).toMatchObject({ kind: 'fail' });
  });

  it('tells a missing key and an abort apart from failures', () => {
    expect(classify(new AppFailure('secrets.noApiKey', 'x'))).toEqual({ kind: 'noApiKey' });
    expect(classify(dse('Client.MissingApiKey', 0))).toEqual({ kind: 'noApiKey' });
    expect(classify(dse('Client.Aborted', 0))).toEqual({ kind: 'aborted' });
  });
});
