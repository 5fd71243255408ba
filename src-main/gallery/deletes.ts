import { randomUUID } from 'node:crypto';
import { lstat, mkdir, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { GalleryEntry } from '../../src-preload/contract/domain/gallery';
import { AppFailure } from '../../src-preload/contract/result';
import type { Clock } from '../common/clock';
import { errorMessage } from '../common/io-error';
import { GALLERY_DELETED_DIR, GALLERY_DIR_MODE, galleryFolderOf } from './on-disk-format';

export const DEFAULT_UNDO_MS = 30_000;

/** A folder's entries, or null when it cannot be read (gone, or not a folder): nothing to trash there. */
const listing = (dir: string) => readdir(dir, { withFileTypes: true }).catch(() => null);

interface PendingDelete {
  readonly entries: GalleryEntry[];
  readonly abort: AbortController;
}

export interface DeletesDeps {
  /** The gallery folder now (it changes when the gallery moves). */
  readonly root: () => string;
  readonly clock: Clock;
  /** Moves a file or folder to the OS trash (shell.trashItem in the app). */
  readonly trashItem: (path: string) => Promise<void>;
  /** How long a delete can be undone before it goes to the OS trash. */
  readonly undoMs?: number;
  /** Called before the first generation folder moves (the index's dirty mark). */
  readonly beforeChange: () => Promise<void>;
}

/**
 * Undoable deletes: the generations leave the gallery at once (moved under `.deleted/<token>/`);
 * after the undo window, or at quit, they go to the OS trash. A crash in between trashes them at
 * the next start: the user's delete stands. The index is the service's; this moves folders only.
 */
export class Deletes {
  private readonly pending = new Map<string, PendingDelete>();

  constructor(private readonly deps: DeletesDeps) {}

  private holding(token: string): string {
    return join(this.deps.root(), GALLERY_DELETED_DIR, token);
  }

  /** Moves the folders of `ids` to a new holding folder; a failure puts back what moved and throws `gallery.trashFailed`. */
  async hold(ids: readonly string[]): Promise<{ token: string; moved: string[] }> {
    const token = randomUUID();
    const root = this.deps.root();
    const holding = this.holding(token);
    await mkdir(holding, { recursive: true, mode: GALLERY_DIR_MODE });
    await this.deps.beforeChange();
    const moved: string[] = [];
    try {
      for (const id of ids) {
        await rename(join(root, galleryFolderOf(id)), join(holding, id));
        moved.push(id);
      }
    } catch (e) {
      // Put back what moved: a failed delete changes nothing.
      for (const id of moved) await rename(join(holding, id), join(root, galleryFolderOf(id))).catch(() => undefined);
      throw new AppFailure('gallery.trashFailed', `The generations could not be removed: ${errorMessage(e)}`);
    }
    return { token, moved };
  }

  /** Opens the undo window of what hold() moved (`entries`: their index records, for undo); its length in ms. */
  keep(token: string, entries: GalleryEntry[]): number {
    const undoMs = this.deps.undoMs ?? DEFAULT_UNDO_MS;
    const abort = new AbortController();
    this.pending.set(token, { entries, abort });
    this.deps.clock.sleep(undoMs, abort.signal).then(
      () => this.commit(token),
      () => undefined,
    );
    return undoMs;
  }

  /** The index records a delete can still bring back; undefined once it went to the trash. */
  entriesOf(token: string): readonly GalleryEntry[] | undefined {
    return this.pending.get(token)?.entries;
  }

  /** Puts the folders of `entries` back (each one still in the holding folder) and calls `restored` for each. */
  async restore(
    token: string,
    entries: readonly GalleryEntry[],
    restored: (entry: GalleryEntry) => void,
  ): Promise<string[]> {
    this.pending.get(token)?.abort.abort();
    this.pending.delete(token);
    const holding = this.holding(token);
    const restoredIds: string[] = [];
    await this.deps.beforeChange();
    for (const entry of entries) {
      try {
        await rename(join(holding, entry.id), join(this.deps.root(), galleryFolderOf(entry.id)));
        restored(entry);
        restoredIds.push(entry.id);
      } catch {
        // Gone from the holding folder (removed by hand): nothing to restore for this one.
      }
    }
    await rm(holding, { recursive: true, force: true }).catch(() => undefined);
    return restoredIds;
  }

  /** Ends the undo window of `token` now: its generations go to the trash. */
  async commit(token: string): Promise<void> {
    const p = this.pending.get(token);
    if (!p) return;
    this.pending.delete(token);
    p.abort.abort();
    await this.trashHolding(this.holding(token));
  }

  /** Every pending delete to the trash (quit, and before the gallery moves). */
  async commitAll(): Promise<void> {
    await Promise.allSettled([...this.pending.keys()].map((token) => this.commit(token)));
  }

  /**
   * Sends what a holding folder holds to the OS trash. Links are never handed over, nor followed:
   * a stranger's `.deleted/<token>/x` pointing at ~/Documents must cost the link, not the
   * documents. (`rm` without recursion on a link removes the link itself.)
   */
  private async trashHolding(holding: string): Promise<void> {
    const items = await listing(holding);
    if (!items) return;
    for (const item of items) {
      const path = join(holding, item.name);
      try {
        if (item.isSymbolicLink()) await rm(path, { force: true });
        else await this.deps.trashItem(path);
      } catch (e) {
        console.error(`[gallery] could not move ${item.name} to the trash:`, errorMessage(e));
        return; // keep the holding folder: the next start tries again
      }
    }
    await rm(holding, { recursive: true, force: true }).catch(() => undefined);
  }

  /** Finishes the deletes a crash interrupted (see hold()); a link as `.deleted` or as a token folder is removed, unfollowed. */
  async trashLeftovers(): Promise<void> {
    const deleted = join(this.deps.root(), GALLERY_DELETED_DIR);
    const info = await lstat(deleted).catch(() => null);
    if (!info) return;
    if (!info.isDirectory()) {
      await rm(deleted, { force: true }).catch((e: unknown) =>
        console.error('[gallery] could not remove .deleted:', errorMessage(e)),
      );
      return;
    }
    const tokens = await listing(deleted);
    if (!tokens) return;
    for (const token of tokens) {
      const holding = join(deleted, token.name);
      if (token.isDirectory()) await this.trashHolding(holding);
      else await rm(holding, { force: true }).catch(() => undefined);
    }
  }
}
