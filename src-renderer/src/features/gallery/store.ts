import { defineStore } from 'pinia';
import { computed, ref, shallowRef, watch } from 'vue';
import type { GalleryEntry, GalleryProblem } from '../../../../src-preload/contract/domain';
import type { AppError, Result } from '../../../../src-preload/contract/result';
import { api } from '../../api';
import { appErrorOf, unwrap } from '../../api-result';
import { useNotices } from '../../stores/notices';
import { emptyFilters, queryOf, type GalleryFilters } from './query';

export { queryOf, type GalleryFilters };

export type LoadState = 'idle' | 'loading' | 'ready' | 'error';

/** The first screen comes in one small call; the rest follows right after. */
const FIRST_PAGE = 150;
/** Entries per call after the first page. */
const REST_SLICE = 2000;
const nextFrames = () =>
  new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 0))));
const SEARCH_DEBOUNCE_MS = 120;
export const THUMB_MIN = 120;
export const THUMB_MAX = 320;

/**
 * The Gallery view's state: the matching entries (newest first; all of them, the grid is
 * virtualized), filters, selection and the keyboard focus. Search and filters run in main.
 */
export const useGalleryStore = defineStore('gallery', () => {
  const notices = useNotices();
  const filters = ref<GalleryFilters>(emptyFilters());
  /** Matches of the query; a slot is undefined until its part of the list has arrived. */
  const entries = shallowRef<(GalleryEntry | undefined)[]>([]);
  const total = ref(0);
  const all = ref(0);
  const problemCount = ref(0);
  const problems = ref<GalleryProblem[]>([]);
  const imageBase = ref('');
  const state = ref<LoadState>('idle');
  const error = ref<AppError | null>(null);
  const thumbSize = ref(200);
  const selected = ref<ReadonlySet<string>>(new Set());
  const focusIndex = ref(0);
  let anchorIndex = 0;
  let seq = 0;
  let subscribed = false;
  let debounce: ReturnType<typeof setTimeout> | undefined;

  const filtering = computed(() => {
    const f = filters.value;
    return !!(f.text.trim() || f.styles.length || f.statuses.length || f.favourite || f.setId || f.from || f.to);
  });

  const imageUrl = (id: string, file: string) =>
    `${imageBase.value}${encodeURIComponent(id)}/${encodeURIComponent(file)}`;

  async function refresh(): Promise<void> {
    const mine = ++seq;
    const query = queryOf(filters.value);
    if (state.value !== 'ready') state.value = 'loading';
    try {
      const first = unwrap(await api.gallery.list({ ...query, offset: 0, limit: FIRST_PAGE }));
      if (mine !== seq) return;
      imageBase.value = first.imageBase;
      total.value = first.total;
      all.value = first.all;
      problemCount.value = first.problems;
      const list: (GalleryEntry | undefined)[] = new Array<GalleryEntry | undefined>(first.total);
      first.entries.forEach((e, i) => (list[i] = e));
      entries.value = list;
      state.value = 'ready';
      error.value = null;
      pruneSelection();
      if (focusIndex.value >= first.total) focusIndex.value = Math.max(0, first.total - 1);
      // The rest in slices, after the first screen has asked for its images: one big answer
      // would hold main (validation, encoding) and this page (parsing) while those load.
      await nextFrames();
      let offset = first.entries.length;
      while (offset < total.value) {
        if (mine !== seq) return;
        const page = unwrap(await api.gallery.list({ ...query, offset, limit: REST_SLICE }));
        if (mine !== seq) return;
        const next = entries.value.slice();
        page.entries.forEach((e, i) => (next[offset + i] = e));
        if (page.total !== total.value) next.length = page.total;
        entries.value = next;
        total.value = page.total;
        offset += page.entries.length;
        if (page.entries.length === 0) break;
      }
      if (first.problems > 0) problems.value = unwrap(await api.gallery.problems());
      else problems.value = [];
    } catch (e) {
      if (mine !== seq) return;
      error.value = appErrorOf(e);
      state.value = 'error';
    }
  }

  function pruneSelection(): void {
    if (selected.value.size === 0) return;
    const present = new Set(entries.value.filter((e): e is GalleryEntry => !!e).map((e) => e.id));
    const next = new Set([...selected.value].filter((id) => present.has(id)));
    if (next.size !== selected.value.size) selected.value = next;
  }

  async function start(): Promise<void> {
    if (!subscribed) {
      subscribed = true;
      api.on('gallery.changed', () => void refresh());
      watch(
        filters,
        () => {
          clearTimeout(debounce);
          debounce = setTimeout(() => {
            focusIndex.value = 0;
            void refresh();
          }, SEARCH_DEBOUNCE_MS);
        },
        { deep: true },
      );
    }
    await refresh();
  }

  function clearFilters(): void {
    filters.value = emptyFilters();
  }

  // ── selection and focus ──

  function entryAt(i: number): GalleryEntry | undefined {
    return entries.value[i];
  }

  /**
   * Selection is explicit (a plain click opens a tile): a plain move only moves the focus and the
   * anchor of a range; `toggle` adds or takes out one tile (Ctrl/⌘-click, Space); `range` selects
   * from the anchor to here (Shift), added to the selection when `toggle` is set too.
   */
  function pick(index: number, mods: { range?: boolean; toggle?: boolean } = {}): void {
    if (index < 0 || index >= total.value) return;
    focusIndex.value = index;
    const id = entryAt(index)?.id;
    if (!id) return;
    if (mods.range) {
      const [a, b] = anchorIndex <= index ? [anchorIndex, index] : [index, anchorIndex];
      const next = new Set<string>(mods.toggle ? selected.value : []);
      for (let i = a; i <= b; i++) {
        const e = entryAt(i);
        if (e) next.add(e.id);
      }
      selected.value = next;
      return;
    }
    anchorIndex = index;
    if (mods.toggle) {
      const next = new Set(selected.value);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      selected.value = next;
    }
  }

  function clearSelection(): void {
    selected.value = new Set();
  }

  /** The selection, or the focused entry when nothing is selected. */
  function targetIds(): string[] {
    if (selected.value.size) return [...selected.value];
    const e = entryAt(focusIndex.value);
    return e ? [e.id] : [];
  }

  // ── actions ──

  async function run<T>(fn: () => Promise<Result<T>>): Promise<T | null> {
    try {
      return unwrap(await fn());
    } catch (e) {
      notices.error(appErrorOf(e));
      return null;
    }
  }

  function patch(ids: readonly string[], change: Partial<GalleryEntry>): void {
    const set = new Set(ids);
    entries.value = entries.value.map((e) => (e && set.has(e.id) ? { ...e, ...change } : e));
  }

  async function setFavourite(ids: string[], favourite: boolean): Promise<void> {
    if (!ids.length) return;
    patch(ids, { favourite }); // at once; the changed event confirms
    const r = await run(() => api.gallery.setFavourite({ ids, favourite }));
    if (r === null) void refresh();
  }

  async function toggleFavourite(ids: string[]): Promise<void> {
    const list = ids.map((id) => entries.value.find((e) => e?.id === id)).filter((e): e is GalleryEntry => !!e);
    if (!list.length) return;
    await setFavourite(
      list.map((e) => e.id),
      !list.every((e) => e.favourite),
    );
  }

  /** Deletes with an undo notice (main keeps them for `undoMs`, then the OS trash takes them). */
  const undoable = ref<{ token: string; count: number } | null>(null);
  let undoTimer: ReturnType<typeof setTimeout> | undefined;
  async function remove(ids: string[]): Promise<boolean> {
    if (!ids.length) return false;
    const r = await run(() => api.gallery.delete({ ids }));
    if (!r) return false;
    undoable.value = { token: r.token, count: r.count };
    clearTimeout(undoTimer);
    undoTimer = setTimeout(() => (undoable.value = null), Math.max(1000, r.undoMs - 500));
    clearSelection();
    return true;
  }
  async function undoRemove(): Promise<void> {
    const u = undoable.value;
    if (!u) return;
    undoable.value = null;
    clearTimeout(undoTimer);
    const r = await run(() => api.gallery.undoDelete({ token: u.token }));
    if (r) notices.info('gallery.restored', { n: r.restored });
  }

  async function exportImage(id: string, index: number, sidecar: boolean): Promise<void> {
    const r = await run(() => api.gallery.export({ id, index, sidecar }));
    if (r?.saved && r.fileName) notices.info('gallery.saved', { file: r.fileName });
  }
  async function exportZip(ids: string[]): Promise<void> {
    if (!ids.length) return;
    const r = await run(() => api.gallery.exportZip({ ids }));
    if (r?.saved && r.fileName) notices.info('gallery.saved', { file: r.fileName });
  }
  async function reveal(id: string): Promise<void> {
    await run(() => api.gallery.reveal({ id }));
  }
  async function setTags(ids: string[], add: string[], remove: string[]): Promise<void> {
    if (!ids.length) return;
    await run(() => api.gallery.setTags({ ids, add, remove }));
  }

  return {
    filters,
    entries,
    total,
    all,
    problemCount,
    problems,
    imageBase,
    state,
    error,
    thumbSize,
    selected,
    focusIndex,
    filtering,
    undoable,
    imageUrl,
    start,
    refresh,
    clearFilters,
    entryAt,
    pick,
    clearSelection,
    targetIds,
    setFavourite,
    toggleFavourite,
    remove,
    undoRemove,
    exportImage,
    exportZip,
    reveal,
    setTags,
  };
});
