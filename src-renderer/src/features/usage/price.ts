import { computed } from 'vue';
import { useI18n } from 'vue-i18n';
import { PRICE_PER_IMAGE_CNY } from '../../../../src-preload/contract/domain/generation';
import { freeAfter, priceOf, quotaEndsAt, type Price } from '../../../../src-preload/contract/domain/pricing';
import { useQueueStore } from '../../stores/queue';

/**
 * The price on every action that spends (Generate, Explore, Retry, Generate again): what the
 * images will cost given the free quota left, after the images already queued ahead of them.
 */
export function usePrice() {
  const queue = useQueueStore();
  const { t } = useI18n();
  void queue.start();
  /** Images already queued or running: billed (from the quota first) before a new job's. */
  const ahead = computed(() => queue.active.reduce((sum, j) => sum + j.params.n, 0));

  function price(images: number): Price {
    const u = queue.usage;
    const quota = u
      ? freeAfter({ left: u.quotaRemaining, from: u.quota.startsAt, until: quotaEndsAt(u.quota) }, ahead.value)
      : null;
    return priceOf(images, quota, Date.now());
  }
  /** "4 images · free", "4 images · 1 free · ¥0.18", "4 images · ¥0.24". */
  function priceText(p: Price): string {
    const cost = p.cny.toFixed(2);
    const key = p.paid === 0 ? 'usage.spend.free' : p.free === 0 ? 'usage.spend.paid' : 'usage.spend.split';
    return t(key, { images: p.images, free: p.free, cost }, p.images);
  }
  /** Just the money, for a button: "free", "1 free · ¥0.18", "¥0.24". */
  function moneyText(p: Price): string {
    const cost = p.cny.toFixed(2);
    const key =
      p.paid === 0 ? 'usage.spend.freeShort' : p.free === 0 ? 'usage.spend.paidShort' : 'usage.spend.splitShort';
    return t(key, { free: p.free, cost });
  }
  /** The tooltip that says why: the free quota and the price after it. */
  const priceHint = computed(() => {
    const u = queue.usage;
    const each = PRICE_PER_IMAGE_CNY.toFixed(2);
    if (!u) return t('usage.spend.hintUnknown', { each });
    return t('usage.spend.hint', { left: Math.max(0, u.quotaRemaining - ahead.value), each });
  });
  return { price, priceText, moneyText, priceHint };
}
