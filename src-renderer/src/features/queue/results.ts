import { defineStore } from 'pinia';
import { shallowRef } from 'vue';
import type { GalleryEntry } from '../../../../src-preload/contract/domain/gallery';
import { api } from '../../api';

/** Entries asked for at once: the jobs asked about are recent, so they are among the newest. */
const PAGE = 200;

export interface ResultImages {
  /** Thumbnail URLs of the images that came back, in order. */
  readonly thumbs: readonly string[];
}

function imagesOf(e: GalleryEntry, imageBase: string): ResultImages {
  const url = (file: string) => `${imageBase}${encodeURIComponent(e.id)}/${encodeURIComponent(file)}`;
  return { thumbs: e.images.flatMap((i) => (i.status === 'ok' && i.thumb ? [url(i.thumb)] : [])) };
}

/**
 * The result thumbnails of finished jobs, by gallery id, for the Queue rows and the results
 * notice. Fetched from the gallery (entries since the oldest job asked about, newest first).
 */
export const useResultsStore = defineStore('results', () => {
  const byId = shallowRef<ReadonlyMap<string, ResultImages>>(new Map());

  /** Loads what is missing of `ids`; gallery entries are made after their job was created. */
  async function load(ids: readonly string[], since: number): Promise<void> {
    if (ids.every((id) => byId.value.has(id))) return;
    const r = await api.gallery.list({ from: since, limit: PAGE });
    if (!r.ok) return;
    const next = new Map(byId.value);
    for (const e of r.value.entries) if (ids.includes(e.id)) next.set(e.id, imagesOf(e, r.value.imageBase));
    byId.value = next;
  }

  return { byId, load };
});
