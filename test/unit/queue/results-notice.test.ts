// A set (Explore) ends job by job; each result joins the notice the first one opened. The
// joined notice must stay long enough to be seen: its timer starts again with each job.
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useNotices } from '../../../src-renderer/src/stores/notices';

describe('the results notice of a set', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  it('joins later jobs into one notice, shown for its full time after the last one', () => {
    const notices = useNotices();
    const one = { setId: 's1', prompt: 'a cat', failed: false };
    const first = notices.results({ ...one, galleryId: 'g1', thumbs: ['t1'] });
    vi.advanceTimersByTime(15_000);
    expect(notices.results({ ...one, galleryId: 'g2', thumbs: ['t2'] })).toBe(first);
    vi.advanceTimersByTime(15_000);
    // 30 s after the first job, 15 s after the second: still there, with both thumbnails.
    expect(notices.items).toMatchObject([{ id: first, kind: 'results', galleryId: 'g2', thumbs: ['t1', 't2'] }]);
    vi.advanceTimersByTime(5_001);
    expect(notices.items).toEqual([]);
  });
});
