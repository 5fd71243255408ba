import { describe, expect, it } from 'vitest';
import { freeAfter, priceOf, quotaEndsAt, type FreeImages } from '../../../src-preload/contract/domain/pricing';

const DAY = 86_400_000;
const quota = (left: number): FreeImages => ({ left, from: 1_000, until: quotaEndsAt({ startsAt: 1_000, days: 180 }) });

describe('priceOf: what a job will actually cost', () => {
  it('is free while the quota lasts', () => {
    expect(priceOf(4, quota(474), 2_000)).toEqual({ images: 4, free: 4, paid: 0, cny: 0 });
  });
  it('splits when the quota runs out mid-job', () => {
    expect(priceOf(4, quota(1), 2_000)).toEqual({ images: 4, free: 1, paid: 3, cny: 0.18 });
  });
  it('is paid in full once the quota is used up or has expired, or before it starts', () => {
    expect(priceOf(4, quota(0), 2_000)).toEqual({ images: 4, free: 0, paid: 4, cny: 0.24 });
    expect(priceOf(32, quota(500), 1_000 + 180 * DAY)).toEqual({ images: 32, free: 0, paid: 32, cny: 1.92 });
    expect(priceOf(2, quota(500), 999).paid).toBe(2);
  });
  it('an unknown quota promises nothing free', () => {
    expect(priceOf(3, null, 2_000)).toEqual({ images: 3, free: 0, paid: 3, cny: 0.18 });
  });
  it('images queued ahead use the quota first', () => {
    expect(priceOf(4, freeAfter(quota(6), 4), 2_000)).toEqual({ images: 4, free: 2, paid: 2, cny: 0.12 });
    expect(freeAfter(quota(3), 10).left).toBe(0);
  });
});
