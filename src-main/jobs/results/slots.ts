import type { JobResult } from '../record';

/** One requested image's place in the answer: a URL to fetch, or the service's own failure. */
export type ResultSlot =
  | { readonly index: number; readonly kind: 'url'; readonly url: string }
  | { readonly index: number; readonly kind: 'failed'; readonly code: string; readonly message: string };

/**
 * The `n` slots the job asked for, from the task's answer: whatever it says beyond `n` is
 * ignored (a server once answered 216 URLs for n=1), and a slot it says nothing about counts as
 * failed.
 */
export function resultSlots(result: Pick<JobResult, 'images' | 'failures'>, n: number): ResultSlot[] {
  const slots: ResultSlot[] = [];
  for (let index = 0; index < n; index++) {
    const image = result.images.find((i) => i.index === index);
    const failure = result.failures.find((f) => f.index === index);
    if (image) slots.push({ index, kind: 'url', url: image.url });
    else if (failure) slots.push({ index, kind: 'failed', code: failure.code, message: failure.message });
    else slots.push({ index, kind: 'failed', code: 'InternalError', message: 'No result for this image.' });
  }
  return slots;
}

/** The task's answer as the record keeps it: only the `n` slots asked for. */
export function withinN(result: JobResult, n: number): JobResult {
  return {
    ...result,
    images: result.images.filter((i) => i.index < n),
    failures: result.failures.filter((f) => f.index < n),
  };
}
