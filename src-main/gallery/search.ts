import type { GalleryEntry } from '../../src-preload/contract/domain/gallery';
import type { GalleryQuery } from '../../src-preload/contract/gallery';

/**
 * Folds text for matching: NFKD splits accents off their letters (and maps full-width Latin to
 * ASCII), the marks are dropped, then lower case. "Café" and "CAFE" match "cafe"; Chinese is
 * unchanged by all three steps, so it matches itself as a plain substring.
 */
export const foldText = (s: string): string =>
  s
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();

/** An entry with its prompt and tags folded once, when it enters memory, so a search is one pass of `includes`. */
export interface IndexedEntry {
  readonly entry: GalleryEntry;
  readonly folded: string;
}

export const indexEntry = (entry: GalleryEntry): IndexedEntry => ({
  entry,
  folded: foldText(entry.tags.length ? `${entry.prompt}\n${entry.tags.join('\n')}` : entry.prompt),
});

/** Newest first; equal times fall back to the id (which starts with the time too). */
export const newestFirst = (a: GalleryEntry, b: GalleryEntry): number =>
  b.createdAt - a.createdAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

/** The entries (already newest first) that match the query, in order. */
export function matchEntries(sorted: readonly IndexedEntry[], query: GalleryQuery): GalleryEntry[] {
  const needle = query.text ? foldText(query.text.trim()) : '';
  const styles = query.styles?.length ? new Set<string>(query.styles) : null;
  const statuses = query.statuses?.length ? new Set<string>(query.statuses) : null;
  const { favourite, setId, from, to } = query;
  const out: GalleryEntry[] = [];
  for (const { entry, folded } of sorted) {
    if (favourite && !entry.favourite) continue;
    if (styles && !styles.has(entry.style)) continue;
    if (statuses && !statuses.has(entry.status)) continue;
    if (setId !== undefined && entry.setId !== setId) continue;
    if (from !== undefined && entry.createdAt < from) continue;
    if (to !== undefined && entry.createdAt >= to) continue;
    if (needle && !folded.includes(needle)) continue;
    out.push(entry);
  }
  return out;
}
