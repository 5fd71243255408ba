import { useNotices } from '../../stores/notices';

/**
 * The "Queued n jobs." notice. Clicks while it shows add to its count, so three clicks read
 * "Queued 3 jobs." in one notice instead of three stacked over the canvas.
 */
export function useQueuedNotice() {
  const notices = useNotices();
  let last: { id: number; n: number; front: boolean } | null = null;

  return function queued(n: number, how: { front: boolean; blocked: boolean }): void {
    const open = last !== null && notices.items.some((x) => x.id === last!.id);
    const total = (open ? last!.n : 0) + n;
    // "at the front" only while every job it counts went to the front.
    const front = how.front && (!open || last!.front);
    // A job that cannot start must not read as success: the notice points at the blocker.
    const key = how.blocked ? 'generate.queuedBlocked' : front ? 'generate.queuedFront' : 'generate.queued';
    last = { id: notices.update(open ? last!.id : null, key, { n: total }), n: total, front };
  };
}
