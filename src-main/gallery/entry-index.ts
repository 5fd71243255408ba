import type { GalleryEntry, GalleryProblem } from '../../src-preload/contract/domain/gallery';
import { indexEntry, newestFirst, type IndexedEntry } from './search';

/**
 * The gallery in memory: every entry newest first (what the grid and search walk), found by id
 * and by task id, and the quarantined folders. The service keeps it in step with the disk.
 */
export class EntryIndex {
  private list: IndexedEntry[] = [];
  private readonly byId = new Map<string, IndexedEntry>();
  private readonly byTask = new Map<string, string>();
  private problemList: GalleryProblem[] = [];

  /** Newest first. */
  get sorted(): readonly IndexedEntry[] {
    return this.list;
  }

  /** Sorted by folder. */
  get problems(): readonly GalleryProblem[] {
    return this.problemList;
  }

  /** What the index cache holds (index-cache.ts). */
  snapshot(): { entries: GalleryEntry[]; problems: GalleryProblem[] } {
    return { entries: this.list.map((ie) => ie.entry), problems: this.problemList };
  }

  setAll(entries: GalleryEntry[], problems: GalleryProblem[]): void {
    this.list = entries.sort(newestFirst).map(indexEntry);
    this.byId.clear();
    this.byTask.clear();
    for (const ie of this.list) {
      this.byId.set(ie.entry.id, ie);
      this.byTask.set(ie.entry.taskId, ie.entry.id);
    }
    this.problemList = problems.sort((a, b) => a.folder.localeCompare(b.folder));
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  get(id: string): IndexedEntry | undefined {
    return this.byId.get(id);
  }

  /** The id of the entry made for `taskId`. */
  idOfTask(taskId: string): string | undefined {
    return this.byTask.get(taskId);
  }

  insert(entry: GalleryEntry): void {
    const ie = indexEntry(entry);
    // Binary search for the slot (new entries are usually the newest: slot 0).
    let lo = 0;
    let hi = this.list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (newestFirst(this.list[mid]!.entry, entry) <= 0) lo = mid + 1;
      else hi = mid;
    }
    this.list.splice(lo, 0, ie);
    this.byId.set(entry.id, ie);
    this.byTask.set(entry.taskId, entry.id);
  }

  /** Puts `entry` where `old` (its earlier record, same id and time) was. */
  replace(old: IndexedEntry, entry: GalleryEntry): void {
    const at = this.list.indexOf(old);
    // A stale `old` (replaced meanwhile) would otherwise write `list[-1]`.
    if (at < 0) throw new Error(`stale gallery entry ${entry.id}`);
    const next = indexEntry(entry);
    this.list[at] = next;
    this.byId.set(entry.id, next);
  }

  /** Takes the entries of `ids` out; the ones that were there. */
  remove(ids: readonly string[]): GalleryEntry[] {
    const drop = new Set(ids);
    const removed: GalleryEntry[] = [];
    this.list = this.list.filter((ie) => {
      if (!drop.has(ie.entry.id)) return true;
      removed.push(ie.entry);
      this.byId.delete(ie.entry.id);
      this.byTask.delete(ie.entry.taskId);
      return false;
    });
    return removed;
  }
}
