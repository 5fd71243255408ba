// Issue 17 item 9: each Generate click stacked a "Queued 1 job." notice over the canvas. Clicks
// while the notice shows now reword that one notice, with a fresh timer.
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useQueuedNotice } from '../../../src-renderer/src/features/generate/queued-notice';
import { useNotices } from '../../../src-renderer/src/stores/notices';

describe('the "Queued" notice', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  it('counts three clicks in one notice', () => {
    const notices = useNotices();
    const queued = useQueuedNotice();
    for (let i = 0; i < 3; i++) queued(1, { front: false, blocked: false });
    expect(notices.items).toEqual([{ id: expect.any(Number), kind: 'info', key: 'generate.queued', params: { n: 3 } }]);
  });

  it('says "at the front" only while every job it counts went there; a blocked queue rewords it', () => {
    const notices = useNotices();
    const queued = useQueuedNotice();
    queued(1, { front: true, blocked: false });
    expect(notices.items[0]).toMatchObject({ key: 'generate.queuedFront', params: { n: 1 } });
    queued(1, { front: false, blocked: false });
    expect(notices.items[0]).toMatchObject({ key: 'generate.queued', params: { n: 2 } });
    queued(1, { front: true, blocked: false });
    expect(notices.items[0]).toMatchObject({ key: 'generate.queued', params: { n: 3 } });
    queued(8, { front: false, blocked: true });
    expect(notices.items).toHaveLength(1);
    expect(notices.items[0]).toMatchObject({ key: 'generate.queuedBlocked', params: { n: 11 } });
  });

  it('restarts the timer on each click, and starts from the next click once it has gone', () => {
    const notices = useNotices();
    const queued = useQueuedNotice();
    queued(1, { front: false, blocked: false });
    vi.advanceTimersByTime(7000);
    queued(1, { front: false, blocked: false });
    vi.advanceTimersByTime(7000);
    // 14 s after the first click, 7 s after the second: still up, counting both.
    expect(notices.items).toHaveLength(1);
    expect(notices.items[0]).toMatchObject({ params: { n: 2 } });
    vi.advanceTimersByTime(1000);
    expect(notices.items).toEqual([]);
    queued(1, { front: false, blocked: false });
    expect(notices.items).toEqual([{ id: expect.any(Number), kind: 'info', key: 'generate.queued', params: { n: 1 } }]);
  });

  it('starts afresh after the user closed it', () => {
    const notices = useNotices();
    const queued = useQueuedNotice();
    queued(2, { front: false, blocked: false });
    notices.dismiss(notices.items[0]!.id);
    queued(1, { front: false, blocked: false });
    expect(notices.items).toEqual([{ id: expect.any(Number), kind: 'info', key: 'generate.queued', params: { n: 1 } }]);
  });
});
