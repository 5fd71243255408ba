import { PRICE_PER_IMAGE_CNY } from './generation';

/**
 * What images cost. DashScope bills an image only once the account's free quota is used up or
 * has expired, so the price of a job depends on the quota left when it runs. Written once: the
 * usage ledger (what was spent) and every button that spends (what it will cost) use it.
 */

const DAY_MS = 86_400_000;

/** The free images still available and the window they can be used in (epoch ms, [from, until)). */
export interface FreeImages {
  readonly left: number;
  readonly from: number;
  readonly until: number;
}

export interface Price {
  readonly images: number;
  /** Covered by the free quota. */
  readonly free: number;
  /** Billed at PRICE_PER_IMAGE_CNY. */
  readonly paid: number;
  /** CNY, rounded to the fen (0.06 × 3 is 0.18, not 0.18000000000000002). */
  readonly cny: number;
}

export const cnyFor = (paidImages: number): number => Math.round(paidImages * PRICE_PER_IMAGE_CNY * 100) / 100;

/** The end of a quota's validity (epoch ms). */
export const quotaEndsAt = (q: { startsAt: number; days: number }): number => q.startsAt + q.days * DAY_MS;

/**
 * The price of `images` images billed at `at`: free while the quota lasts (and is valid then),
 * the rest paid. `quota` null (not known) prices them all as paid, never as a promise of free.
 */
export function priceOf(images: number, quota: FreeImages | null, at: number): Price {
  const n = Math.max(0, Math.floor(images));
  const valid = quota !== null && at >= quota.from && at < quota.until;
  const free = valid ? Math.min(n, Math.max(0, Math.floor(quota.left))) : 0;
  return { images: n, free, paid: n - free, cny: cnyFor(n - free) };
}

/** The quota left after `ahead` images that will be billed first (jobs already queued). */
export const freeAfter = (quota: FreeImages, ahead: number): FreeImages => ({
  ...quota,
  left: Math.max(0, quota.left - Math.max(0, ahead)),
});
