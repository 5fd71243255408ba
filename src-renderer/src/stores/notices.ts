import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { AppError } from '../../../src-preload/contract/result';

export type Notice =
  | { id: number; kind: 'error'; error: AppError }
  | { id: number; kind: 'info'; key: string; params?: Record<string, string | number> }
  /** Finished images: thumbnails, and a link that opens the generation (an Explore set adds up in one). */
  | {
      id: number;
      kind: 'results';
      galleryId: string;
      setId: string | null;
      prompt: string;
      thumbs: readonly string[];
      failed: boolean;
    };

/** Omit applied to each member of a union, so each kind keeps its own fields. */
type NoticeInput = Notice extends infer N ? (N extends Notice ? Omit<N, 'id'> : never) : never;

/** Transient messages shown in the corner; errors carry a code the shell translates. */
export const useNotices = defineStore('notices', () => {
  const items = ref<Notice[]>([]);
  const timers = new Map<number, ReturnType<typeof setTimeout>>();
  let nextId = 1;

  function arm(id: number, ttlMs: number): void {
    clearTimeout(timers.get(id));
    if (ttlMs > 0)
      timers.set(
        id,
        setTimeout(() => dismiss(id), ttlMs),
      );
  }
  function push(notice: NoticeInput, ttlMs = 8000): number {
    const id = nextId++;
    items.value.push({ ...notice, id });
    arm(id, ttlMs);
    return id;
  }
  const error = (e: AppError) => push({ kind: 'error', error: e });
  /** A job's results; a set's later jobs join the notice its first one opened. */
  function results(r: Omit<Extract<Notice, { kind: 'results' }>, 'id' | 'kind'>, ttlMs = 20_000): number {
    const same = r.setId ? items.value.find((n) => n.kind === 'results' && n.setId === r.setId) : undefined;
    if (same && same.kind === 'results') {
      const merged = {
        ...same,
        galleryId: r.galleryId,
        thumbs: [...same.thumbs, ...r.thumbs],
        failed: same.failed || r.failed,
      };
      items.value = items.value.map((n) => (n.id === same.id ? merged : n));
      // Shown for its full time after the newest job, not after the first.
      arm(same.id, ttlMs);
      return same.id;
    }
    return push({ kind: 'results', ...r }, ttlMs);
  }
  /**
   * Rewords info notice `id` while it still shows (a tally such as "Queued 3 jobs." replaces its
   * "Queued 2 jobs." instead of stacking a second one), with a fresh timer; otherwise a new one.
   */
  function update(id: number | null, key: string, params?: Record<string, string | number>, ttlMs = 8000): number {
    const notice: NoticeInput = params ? { kind: 'info', key, params } : { kind: 'info', key };
    if (id === null || !items.value.some((n) => n.id === id && n.kind === 'info')) return push(notice, ttlMs);
    items.value = items.value.map((n) => (n.id === id ? { ...notice, id } : n));
    arm(id, ttlMs);
    return id;
  }
  const info = (key: string, params?: Record<string, string | number>) => update(null, key, params);
  function dismiss(id: number) {
    clearTimeout(timers.get(id));
    timers.delete(id);
    items.value = items.value.filter((n) => n.id !== id);
  }
  return { items, error, info, update, results, dismiss };
});
