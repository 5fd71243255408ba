import { defineStore } from 'pinia';
import { ref, watch } from 'vue';
import { api } from '../../../api';
import { unwrap } from '../../../api-result';
import type { DraftMeta, DraftProblem, OpenDraft } from '../../../../../src-preload/contract/drafts';
import type { AppError } from '../../../../../src-preload/contract/result';
import { useCanvasStore } from '../store';
import { firstFreeName, type DraftNamer } from './names';

/** Autosave waits this long after the last change, but never longer than MAX_WAIT in total. */
const DEBOUNCE_MS = 300;
const MAX_WAIT_MS = 900;
/** Thumbnails cost a render; they are refreshed at most this often (and on leaving a draft). */
const THUMB_EVERY_MS = 4000;

export type SaveStatus = 'saved' | 'dirty' | 'saving' | 'error';
export type { DraftNamer };

/**
 * Drafts: which one is open, the list, and autosave. A change is on disk within about a
 * second (debounce 300 ms, hard cap 900 ms), so a crash loses at most that much drawing.
 */
export const useDraftsStore = defineStore('drafts', () => {
  const canvas = useCanvasStore();
  const list = ref<DraftMeta[]>([]);
  const problems = ref<DraftProblem[]>([]);
  const current = ref<DraftMeta | null>(null);
  const status = ref<SaveStatus>('saved');
  const lastError = ref<AppError | null>(null);
  let firstDirtyAt = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lastThumbAt = 0;
  let inFlight: Promise<void> | null = null;
  /** Loading a draft changes the scene too; those changes are not edits. */
  let loading = false;

  watch(
    () => canvas.revision,
    () => {
      if (!loading) markDirty();
    },
  );
  watch(
    () => canvas.drawing,
    (d) => {
      if (!d && status.value === 'dirty') schedule();
    },
  );

  function markDirty(): void {
    if (!current.value) return;
    if (status.value !== 'dirty') firstDirtyAt = performance.now();
    status.value = 'dirty';
    schedule();
  }

  /**
   * A save after the user paused (the debounce ran out) carries a fresh thumbnail; one forced by
   * the cap while they keep drawing does not (thumbnails cost a render), and leaves the status at
   * "unsaved" so "Saved" always means the scene and its preview are both on disk.
   */
  function schedule(): void {
    clearTimeout(timer);
    const untilCap = firstDirtyAt + MAX_WAIT_MS - performance.now();
    const paused = untilCap >= DEBOUNCE_MS;
    timer = setTimeout(() => void flush(paused), Math.max(0, Math.min(DEBOUNCE_MS, untilCap)));
  }

  /** Saves now if anything is unsaved; resolves when it is on disk. */
  async function flush(withThumb = false): Promise<void> {
    clearTimeout(timer);
    if (inFlight) await inFlight;
    const draft = current.value;
    const c = canvas.controller;
    if (!draft || !c || status.value !== 'dirty') return;
    // A stroke in progress is not in the scene yet; save right after it ends.
    if (canvas.drawing) return;
    status.value = 'saving';
    const now = performance.now();
    const thumb = withThumb || now - lastThumbAt > THUMB_EVERY_MS;
    const scene = c.serialize();
    const thumbnail = thumb ? c.thumbnail() : undefined;
    if (thumb) lastThumbAt = now;
    inFlight = (async () => {
      const r = await api.drafts.save({ id: draft.id, scene, ...(thumbnail ? { thumbnail } : {}) });
      if (current.value?.id !== draft.id) return;
      if (!r.ok) {
        status.value = 'error';
        lastError.value = r.error;
        return;
      }
      if (status.value === 'saving') {
        status.value = thumb ? 'saved' : 'dirty';
        // Only the preview is behind: it follows once the user pauses.
        if (!thumb) firstDirtyAt = performance.now();
      }
      current.value = { ...draft, updatedAt: r.value.updatedAt, thumbnail: thumbnail ?? draft.thumbnail };
      patchList(current.value);
    })();
    try {
      await inFlight;
    } finally {
      inFlight = null;
    }
    // A change may have arrived while the save was in flight.
    if ((status.value as SaveStatus) === 'dirty') schedule();
  }

  function patchList(meta: DraftMeta): void {
    const i = list.value.findIndex((d) => d.id === meta.id);
    if (i >= 0) list.value.splice(i, 1, meta);
    else list.value.unshift(meta);
    list.value.sort((a, b) => b.updatedAt - a.updatedAt);
  }

  async function refresh(): Promise<void> {
    const r = unwrap(await api.drafts.list());
    list.value = r.drafts;
    problems.value = r.problems;
  }

  async function show(opened: OpenDraft): Promise<void> {
    const c = canvas.controller;
    if (!c) throw new Error('The canvas is not ready.');
    // An import still asking where to go was meant for the draft being left.
    canvas.chooseImport(null);
    loading = true;
    try {
      await c.load(opened.scene);
    } finally {
      loading = false;
    }
    current.value = opened.meta;
    status.value = 'saved';
    // The first save after opening refreshes the preview (a new draft has none yet).
    lastThumbAt = -Infinity;
    patchList(opened.meta);
    // A draft made with a scene but no preview (a remix from the Gallery) gets one now, not at its first edit.
    // Once the page is on screen, not inside the open: the export and save of a large scene would
    // make opening it several times slower (bench:canvas openDraftMs).
    if (opened.meta.thumbnail === null && c.canvas.getObjects().length > 0) {
      status.value = 'dirty';
      requestAnimationFrame(() => setTimeout(() => void flush(true), 0));
    }
  }

  /**
   * On start: the last open draft, else a fresh one. A second call while the first is still
   * running joins it, so a canvas that mounts twice quickly never creates two new drafts.
   */
  let starting: Promise<void> | null = null;
  function start(untitled: DraftNamer): Promise<void> {
    starting ??= (async () => {
      await refresh();
      const last = unwrap(await api.drafts.openLast());
      if (last) await show(last);
      else await show(unwrap(await api.drafts.create({ name: freshName(untitled) })));
    })().finally(() => (starting = null));
    return starting;
  }

  async function leaveCurrent(): Promise<void> {
    if (status.value === 'dirty') await flush(true);
    else if (inFlight) await inFlight;
  }

  const freshName = (namer: DraftNamer): string =>
    firstFreeName(
      list.value.map((d) => d.name),
      namer,
    );

  async function create(untitled: DraftNamer): Promise<void> {
    await leaveCurrent();
    await show(unwrap(await api.drafts.create({ name: freshName(untitled) })));
  }

  async function open(id: string): Promise<void> {
    if (current.value?.id === id) return;
    await leaveCurrent();
    await show(unwrap(await api.drafts.open({ id })));
  }

  async function rename(id: string, name: string): Promise<void> {
    const meta = unwrap(await api.drafts.rename({ id, name }));
    patchList(meta);
    if (current.value?.id === id) current.value = { ...current.value, name: meta.name };
  }

  async function duplicate(id: string, copyName: (name: string) => string): Promise<void> {
    await leaveCurrent();
    const source = list.value.find((d) => d.id === id);
    const copy = unwrap(await api.drafts.duplicate({ id }));
    const named = source ? unwrap(await api.drafts.rename({ id: copy.id, name: copyName(source.name) })) : copy;
    // Duplicating makes the copy the open draft, like "Save as".
    await show(unwrap(await api.drafts.open({ id: named.id })));
  }

  /** Soft delete. If it was open, the next newest opens (or a new one is made). */
  async function remove(id: string, untitled: DraftNamer): Promise<DraftMeta | null> {
    const meta = list.value.find((d) => d.id === id) ?? null;
    if (current.value?.id === id) {
      clearTimeout(timer);
      await leaveCurrent();
    }
    unwrap(await api.drafts.delete({ id }));
    list.value = list.value.filter((d) => d.id !== id);
    if (current.value?.id === id) {
      current.value = null;
      const next = list.value[0];
      if (next) await show(unwrap(await api.drafts.open({ id: next.id })));
      else await show(unwrap(await api.drafts.create({ name: freshName(untitled) })));
    }
    return meta;
  }

  async function restore(id: string): Promise<void> {
    await leaveCurrent();
    unwrap(await api.drafts.restore({ id }));
    await show(unwrap(await api.drafts.open({ id })));
  }

  return {
    list,
    problems,
    current,
    status,
    lastError,
    refresh,
    start,
    flush,
    create,
    open,
    rename,
    duplicate,
    remove,
    restore,
  };
});
