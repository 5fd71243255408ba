import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { AppError } from '../../../src-preload/contract/result';

export type Notice =
  | { id: number; kind: 'error'; error: AppError }
  | { id: number; kind: 'info'; key: string; params?: Record<string, string | number> }
  /** Finished images: thumbnails, and a link that opens the generation (an Explore set adds up in one). */
  | { id: number; kind: 'results'; galleryId: string; setId: string | null; prompt: string; thumbs: readonly string[]; failed: boolean };

/** Omit applied to each member of a union, so each kind keeps its own fields. */
type NoticeInput = Notice extends infer N ? (N extends Notice ? Omit<N, 'id'> : never) : never;

/** Transient messages shown in the corner; errors carry a code the shell translates. */
export const useNotices = defineStore('notices', () => {
  const items = ref<Notice[]>([]);
  let nextId = 1;

  function push(notice: NoticeInput, ttlMs = 8000): number {
    const id = nextId++;
    items.value.push({ ...notice, id });
    if (ttlMs > 0) setTimeout(() => dismiss(id), ttlMs);
    return id;
  }
  const error = (e: AppError) => push({ kind: 'error', error: e });
  const info = (key: string, params?: Record<string, string | number>) =>
    push(params ? { kind: 'info', key, params } : { kind: 'info', key });
  /** A job's results; a set's later jobs join the notice its first one opened. */
  function results(r: Omit<Extract<Notice, { kind: 'results' }>, 'id' | 'kind'>, ttlMs = 20_000): number {
    const same = r.setId ? items.value.find((n) => n.kind === 'results' && n.setId === r.setId) : undefined;
    if (same && same.kind === 'results') {
      const merged = { ...same, galleryId: r.galleryId, thumbs: [...same.thumbs, ...r.thumbs], failed: same.failed || r.failed };
      items.value = items.value.map((n) => (n.id === same.id ? merged : n));
      return same.id;
    }
    return push({ kind: 'results', ...r }, ttlMs);
  }
  function dismiss(id: number) {
    items.value = items.value.filter((n) => n.id !== id);
  }
  return { items, error, info, results, dismiss };
});
