import { randomBytes } from 'node:crypto';
import { mkdir, rm, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import {
  GALLERY_META_VERSION,
  GALLERY_SCENE_FILE,
  GALLERY_SKETCH_FILE,
  GALLERY_SKETCH_THUMB,
  GALLERY_TAGS_PER_ENTRY,
  GALLERY_THUMB_FILE_PATTERN,
  GalleryAddMetaSchema,
  GalleryIdSchema,
  galleryResultFile,
  galleryThumbFile,
  type GalleryAddInput,
  type GalleryEntry,
  type GalleryMeta,
  type GalleryProblem,
  generationStatusOf,
  type GallerySettle,
  type GallerySink,
  type ImageStatus,
} from '../../src-preload/contract/domain/gallery';
import type {
  GalleryChanged,
  GalleryFolder,
  GalleryPage,
  GalleryQuery,
  GalleryRemix,
  GallerySaved,
} from '../../src-preload/contract/gallery';
import { AppFailure } from '../../src-preload/contract/result';
import { KeyedQueue, writeFileAtomic } from '../common/atomic-file';
import type { Clock } from '../common/clock';
import type { ShowSaveDialog } from '../common/dialogs';
import { errorMessage } from '../common/io-error';
import {
  confinedGalleryPath,
  confinedGenerationFolder,
  GalleryReadError,
  readGalleryFile,
  type GalleryFileRef,
} from '../security/gallery-path';
import { Deletes } from './deletes';
import { EntryIndex } from './entry-index';
import { exportTexts, writeZip, zipFilesOf } from './export';
import { listGenerationFolders, loadIndexFile } from './index-cache';
import { IndexFlush } from './index-flush';
import { checkedTarget, copyAndSwitch, trashOldGallery, type CopyFile } from './move-folder';
import {
  capOf,
  entryOf,
  GALLERY_CAPS,
  GALLERY_DIR_MODE,
  GALLERY_FILE_MODE,
  GALLERY_TMP_DIR,
  galleryFolderOf,
  generationId,
  imageExt,
  isPng,
  readMeta,
  writeGeneration,
  writeMeta,
} from './on-disk-format';
import { addPngText } from './png-text';
import { matchEntries } from './search';
import { makeThumbnail, toPng } from './thumbs';

export interface GalleryServiceDeps {
  /** The gallery folder (`<dataDir>/gallery` by default). */
  readonly root: string;
  readonly clock: Clock;
  readonly emit: (change: GalleryChanged) => void;
  /** Moves a file or folder to the OS trash (shell.trashItem in the app). */
  readonly trashItem: (path: string) => Promise<void>;
  readonly showSaveDialog: ShowSaveDialog;
  /** Shows a file or folder selected in the OS file manager. */
  readonly showItemInFolder: (path: string) => Promise<void>;
  /** Prefix of image URLs the renderer loads (`app://gallery/` in the app). */
  readonly imageBase: string;
  /** How long a delete can be undone before it goes to the OS trash. */
  readonly undoMs?: number;
  /** Written into exported PNGs as `Software`. */
  readonly software?: string;
  /** The folder the gallery uses when none was chosen (`<dataDir>/gallery`), for display. */
  readonly defaultRoot?: string;
  /** A folder dialog opened by main (moveFolder); null when canceled. */
  readonly chooseFolder?: () => Promise<string | null>;
  /** Remembers the new gallery folder (settings, main-side only); throws if it cannot. */
  readonly persistFolder?: (path: string) => void;
  /** Copies one file durably during a folder move (tests inject failures). */
  readonly copyFile?: CopyFile;
}

/** The queue pauses on `gallery.ioError`; a missing folder must pause it too (see loadForQueue). */
const asQueueError = (e: unknown): unknown =>
  e instanceof AppFailure && e.code === 'gallery.folderMissing'
    ? new AppFailure('gallery.ioError', e.message, e.params)
    : e;

/**
 * Every result kept on disk, with its sketch and parameters (on-disk-format.ts), an in-memory
 * index for the grid and search (entry-index.ts), and the index cache that makes opening fast
 * (index-cache.ts, written by index-flush.ts). Deletes wait out their undo window in deletes.ts; a folder move's
 * steps are in move-folder.ts. `add()` is idempotent per task id, also when called twice at once.
 */
export class GalleryService implements GallerySink {
  readonly name = 'gallery';
  private root: string;
  /** Set while the folder moves: changes wait for it, so the copy is of a gallery at rest. */
  private moving: Promise<unknown> | null = null;
  private readonly adds = new KeyedQueue();
  private readonly writes = new KeyedQueue();
  private loaded: Promise<void> | null = null;
  private readonly index = new EntryIndex();
  /** Ids handed out by add() that are not in the index yet (two adds in one second). */
  private readonly reserved = new Set<string>();
  private revision = 0;
  private readonly flush: IndexFlush;
  private readonly deletes: Deletes;
  private stopped = false;

  constructor(private readonly deps: GalleryServiceDeps) {
    this.root = deps.root;
    this.flush = new IndexFlush({
      clock: deps.clock,
      writes: this.writes,
      root: () => this.root,
      snapshot: () => this.index.snapshot(),
    });
    this.deletes = new Deletes({
      root: () => this.root,
      clock: deps.clock,
      trashItem: deps.trashItem,
      undoMs: deps.undoMs,
      beforeChange: () => this.flush.markDirty(),
    });
  }

  get folder(): string {
    return this.root;
  }

  // ── lifecycle ──────────────────────────────────────────────────────────────────────────

  /**
   * Begins loading and answers at once: the app's start (and so its window) never waits on the
   * gallery folder, which may be slow, huge or a stranger's. Until the load ends, list() and the
   * other calls wait for it (the Gallery view shows its loading state); a failed load is
   * reported by them and tried again on the next call.
   */
  start(): Promise<void> {
    this.load().catch((e: unknown) => console.error('[gallery] could not open the gallery folder:', errorMessage(e)));
    return Promise.resolve();
  }

  /** Quit: pending deletes go to the trash, the index is written, running adds land. */
  async shutdown(): Promise<void> {
    this.stopped = true;
    // A load still running (start() does not wait for it) ends first: its index write must not
    // land after ours. Lifecycle's deadline bounds the wait.
    await this.loaded?.catch(() => undefined);
    await this.adds.idle();
    await this.deletes.commitAll();
    this.flush.cancel();
    await this.flush.flushNow();
    await this.writes.idle();
  }

  /** Loads the index once: the cache when it is current, else a rebuild from the folders. */
  load(): Promise<void> {
    if (!this.loaded) {
      const loading = this.open().catch((e: unknown) => {
        if (e instanceof AppFailure) throw e;
        throw new AppFailure('gallery.ioError', `The gallery folder could not be read: ${errorMessage(e)}`);
      });
      this.loaded = loading;
      // Not kept when it fails: a drive plugged back in, a folder mended, and the next call loads.
      loading.catch(() => {
        if (this.loaded === loading) this.loaded = null;
      });
    }
    return this.loaded;
  }

  /**
   * load() for the job queue's calls: a missing gallery folder is a `gallery.ioError` there, which
   * pauses the queue (like a full disk) until it is back, instead of failing the job and losing
   * results whose links expire.
   */
  private async loadForQueue(): Promise<void> {
    try {
      await this.load();
    } catch (e) {
      throw asQueueError(e);
    }
  }

  private isDefaultRoot(): boolean {
    return this.deps.defaultRoot === undefined || this.deps.defaultRoot === this.root;
  }

  /**
   * The gallery folder must be there. The default one is made when missing (0700); one the user
   * chose (an external drive, say) is reported instead: making it again on the system disk would
   * hide the real gallery and scatter new results where the user does not look.
   */
  private async ensureRoot(): Promise<void> {
    const info = await stat(this.root).catch(() => null);
    if (info?.isDirectory()) return;
    if (!this.isDefaultRoot()) {
      throw new AppFailure(
        'gallery.folderMissing',
        `The gallery folder is not there (is its drive connected?): ${this.root}`,
        {
          folder: this.root,
        },
      );
    }
    await mkdir(this.root, { recursive: true, mode: GALLERY_DIR_MODE });
  }

  private async open(): Promise<void> {
    await this.ensureRoot();
    await rm(join(this.root, GALLERY_TMP_DIR), { recursive: true, force: true });
    await this.deletes.trashLeftovers();
    const [cached, listing] = await Promise.all([loadIndexFile(this.root), listGenerationFolders(this.root)]);
    const onDisk = new Set(listing.ids);
    const entries: GalleryEntry[] = [];
    const problems: GalleryProblem[] = [...listing.bad];
    let changed = cached === null;
    for (const e of cached?.entries ?? []) {
      if (onDisk.delete(e.id)) entries.push(e);
      else changed = true; // removed outside the app
    }
    // Whatever is on disk but not in the cache is read: folders added outside the app (or by an
    // add the index had not caught up with), and quarantined ones (the user may have mended them).
    const toRead = [...onDisk];
    // listGenerationFolders has just seen each as a real folder (not a link) under real year/month folders.
    const reads = await mapLimit(toRead, 32, (id) => readMeta(this.root, id, { folderListed: true }));
    for (const r of reads) {
      if (r.ok) entries.push(entryOf(r.meta));
      else problems.push(r.problem);
    }
    this.index.setAll(entries, problems);
    if (cached && this.index.sorted.length !== cached.entries.length) changed = true;
    if (cached && JSON.stringify(cached.problems) !== JSON.stringify(this.index.problems)) changed = true;
    if (changed) {
      this.flush.changed();
      await this.flush.flushNow();
    }
  }

  // ── GallerySink (the job queue) ─────────────────────────────────────────────────────────

  async hasTask(taskId: string): Promise<boolean> {
    await this.loadForQueue();
    return this.index.idOfTask(taskId) !== undefined;
  }

  async add(input: GalleryAddInput): Promise<{ id: string; created: boolean }> {
    const { meta: metaIn } = input;
    await this.loadForQueue();
    await this.moving;
    return this.adds.run(`task:${metaIn.taskId}`, async () => {
      const existing = this.index.idOfTask(metaIn.taskId);
      if (existing) return { id: existing, created: false };
      const { meta, files } = await this.prepare(input);
      const tmp = join(this.root, GALLERY_TMP_DIR, `${meta.id}.${randomBytes(4).toString('hex')}`);
      try {
        await this.ensureRoot();
        await this.flush.markDirty();
        await writeGeneration(this.root, tmp, meta, files);
      } catch (e) {
        await rm(tmp, { recursive: true, force: true }).catch(() => undefined);
        if (e instanceof AppFailure) throw asQueueError(e);
        throw new AppFailure('gallery.ioError', `The result could not be saved to the gallery: ${errorMessage(e)}`);
      } finally {
        this.reserved.delete(meta.id);
      }
      this.index.insert(entryOf(meta));
      this.changed('added', [meta.id]);
      return { id: meta.id, created: true };
    });
  }

  async imagesOf(taskId: string): Promise<{ id: string; images: ImageStatus[] } | null> {
    await this.loadForQueue();
    const id = this.index.idOfTask(taskId);
    if (!id) return null;
    const read = await readMeta(this.root, id);
    if (!read.ok)
      throw new AppFailure('gallery.ioError', `The generation's record could not be read: ${read.problem.detail}`, {
        id,
      });
    return { id, images: read.meta.images };
  }

  /**
   * An image that arrived after its entry was made (or was given up) goes into its slot: the
   * image and its thumbnail are written first, meta.json last, so a crash in between leaves the
   * slot as it was and the queue hands the image again. A slot already `ok` never changes.
   */
  async settleImages(taskId: string, slots: readonly GallerySettle[]): Promise<{ id: string; images: ImageStatus[] }> {
    await this.loadForQueue();
    await this.moving;
    return this.adds.run(`task:${taskId}`, async () => {
      const id = this.index.idOfTask(taskId);
      if (!id) throw new AppFailure('gallery.notFound', 'That generation is no longer in the gallery.', { taskId });
      return this.writes.run(`meta:${id}`, async () => {
        const read = await readMeta(this.root, id);
        if (!read.ok)
          throw new AppFailure('gallery.ioError', `The generation's record could not be read: ${read.problem.detail}`, {
            id,
          });
        const images = [...read.meta.images];
        let changed = false;
        try {
          // Written only into a real generation folder (never through a link).
          const dir = await confinedGenerationFolder(this.root, id);
          for (const slot of slots) {
            const at = images.findIndex((i) => i.index === slot.status.index);
            if (at < 0 || images[at]!.status === 'ok') continue;
            if ('bytes' in slot) {
              const ext = imageExt(slot.bytes);
              if (!ext)
                throw new AppFailure('gallery.invalidEntry', `Result ${slot.status.index} is not a PNG or JPEG.`, {
                  index: slot.status.index,
                });
              if (slot.bytes.byteLength > GALLERY_CAPS.image) {
                throw new AppFailure(
                  'gallery.invalidEntry',
                  `Result ${slot.status.index} is larger than ${GALLERY_CAPS.image} bytes.`,
                  { index: slot.status.index },
                );
              }
              const file = galleryResultFile(slot.status.index, ext);
              await writeFileAtomic(join(dir, file), slot.bytes, { mode: GALLERY_FILE_MODE });
              await writeFileAtomic(join(dir, galleryThumbFile(slot.status.index)), await makeThumbnail(slot.bytes), {
                mode: GALLERY_FILE_MODE,
              });
              images[at] = { index: slot.status.index, status: 'ok', file };
            } else {
              images[at] = { ...slot.status };
            }
            changed = true;
          }
          if (!changed) return { id, images };
          await this.flush.markDirty();
          await writeMeta(this.root, { ...read.meta, images, status: generationStatusOf(images) });
        } catch (e) {
          if (e instanceof AppFailure) throw e;
          throw new AppFailure('gallery.ioError', `The result could not be saved to the gallery: ${errorMessage(e)}`);
        }
        const ie = this.index.get(id);
        if (ie) {
          this.index.replace(ie, entryOf({ ...read.meta, images, status: generationStatusOf(images) }));
        }
        this.changed('updated', [id]);
        return { id, images };
      });
    });
  }

  /** Checks the hand-over and builds meta.json and the file list (thumbnails included). */
  private async prepare(
    input: GalleryAddInput,
  ): Promise<{ meta: GalleryMeta; files: { name: string; bytes: Uint8Array | string }[] }> {
    const m = input.meta;
    if (!isPng(input.sketchPng))
      throw new AppFailure('gallery.invalidEntry', 'The sketch handed to the gallery is not a PNG.');
    const files: { name: string; bytes: Uint8Array | string }[] = [
      { name: GALLERY_SKETCH_FILE, bytes: input.sketchPng },
    ];
    if (input.scene !== null) files.push({ name: GALLERY_SCENE_FILE, bytes: input.scene });
    const bytesOf = new Map(input.results.map((r) => [r.index, r.bytes]));
    const images: ImageStatus[] = [];
    for (const s of m.images) {
      if (s.status !== 'ok') {
        images.push({ ...s });
        continue;
      }
      const bytes = bytesOf.get(s.index);
      const ext = bytes ? imageExt(bytes) : null;
      if (!bytes || !ext) {
        throw new AppFailure('gallery.invalidEntry', `Result ${s.index} is marked ok but has no PNG or JPEG bytes.`, {
          index: s.index,
        });
      }
      if (bytes.byteLength > GALLERY_CAPS.image) {
        throw new AppFailure('gallery.invalidEntry', `Result ${s.index} is larger than ${GALLERY_CAPS.image} bytes.`, {
          index: s.index,
        });
      }
      const file = galleryResultFile(s.index, ext);
      files.push({ name: file, bytes }, { name: galleryThumbFile(s.index), bytes: await makeThumbnail(bytes) });
      images.push({ index: s.index, status: 'ok', file });
    }
    files.push({ name: GALLERY_SKETCH_THUMB, bytes: await makeThumbnail(input.sketchPng) });
    const checked = GalleryAddMetaSchema.safeParse({ ...m, images });
    if (!checked.success) {
      const issue = checked.error.issues[0];
      throw new AppFailure(
        'gallery.invalidEntry',
        `The generation record is not valid: ${issue?.path.join('.')} ${issue?.message}`,
      );
    }
    const createdAt = this.deps.clock.now();
    const id = generationId(createdAt, m.taskId, (c) => this.index.has(c) || this.reserved.has(c));
    this.reserved.add(id);
    const meta: GalleryMeta = {
      ...checked.data,
      schemaVersion: GALLERY_META_VERSION,
      id,
      createdAt,
      favourite: false,
      tags: [],
      hasScene: input.scene !== null,
    };
    return { meta, files };
  }

  // ── reading ─────────────────────────────────────────────────────────────────────────────

  async list(query: GalleryQuery = {}): Promise<GalleryPage> {
    await this.load();
    const matches = matchEntries(this.index.sorted, query);
    const offset = query.offset ?? 0;
    const limit = query.limit ?? 500;
    return {
      total: matches.length,
      offset,
      entries: matches.slice(offset, offset + limit),
      all: this.index.sorted.length,
      problems: this.index.problems.length,
      imageBase: this.deps.imageBase,
      revision: this.revision,
    };
  }

  async problems(): Promise<GalleryProblem[]> {
    await this.load();
    return [...this.index.problems];
  }

  async get(id: string): Promise<GalleryMeta> {
    await this.load();
    if (!this.index.has(id))
      throw new AppFailure('gallery.notFound', 'That generation is no longer in the gallery.', { id });
    const read = await readMeta(this.root, id);
    if (!read.ok) {
      throw new AppFailure('gallery.ioError', `The generation's record could not be read: ${read.problem.detail}`, {
        id,
      });
    }
    return read.meta;
  }

  async remix(id: string): Promise<GalleryRemix> {
    const meta = await this.get(id);
    try {
      const sketch = await readGalleryFile(this.root, { id, file: GALLERY_SKETCH_FILE }, GALLERY_CAPS.sketch);
      const scene = meta.hasScene
        ? (await readGalleryFile(this.root, { id, file: GALLERY_SCENE_FILE }, GALLERY_CAPS.scene)).toString('utf8')
        : null;
      return {
        params: meta.params,
        scene,
        sketch: `data:image/png;base64,${sketch.toString('base64')}`,
        draftId: meta.draftId,
        setId: meta.setId,
      };
    } catch (e) {
      throw new AppFailure('gallery.ioError', `The sketch of this generation could not be read: ${errorMessage(e)}`, {
        id,
      });
    }
  }

  /**
   * The file behind an image URL, confined to the gallery folder; a missing thumbnail is made
   * again from its image first. Null when the entry or file does not exist (the caller answers 404).
   */
  async resolveFile(ref: GalleryFileRef): Promise<string | null> {
    await this.load();
    if (!this.index.has(ref.id)) return null;
    const found = await this.confinedPath(ref);
    if (found === 'missing' && (ref.file === GALLERY_SKETCH_THUMB || GALLERY_THUMB_FILE_PATTERN.test(ref.file))) {
      await this.remakeThumbnail(ref);
      const again = await this.confinedPath(ref);
      return again === 'missing' ? null : again;
    }
    return found === 'missing' ? null : found;
  }

  /** The confined path of `ref` (regular file, under its cap), 'missing' when absent, null when refused. */
  private async confinedPath(ref: GalleryFileRef): Promise<string | 'missing' | null> {
    try {
      return await confinedGalleryPath(this.root, ref, capOf(ref.file));
    } catch (e) {
      return e instanceof GalleryReadError && e.why === 'missing' ? 'missing' : null;
    }
  }

  private remakeThumbnail(ref: GalleryFileRef): Promise<void> {
    return this.writes.run(`${ref.id}/${ref.file}`, async () => {
      const entry = this.index.get(ref.id)?.entry;
      if (!entry) return;
      const source =
        ref.file === GALLERY_SKETCH_THUMB
          ? GALLERY_SKETCH_FILE
          : entry.images.find((i) => i.thumb === ref.file && i.file)?.file;
      if (!source) return;
      try {
        const thumb = await makeThumbnail(
          await readGalleryFile(this.root, { id: ref.id, file: source }, capOf(source)),
        );
        await writeFileAtomic(join(this.root, galleryFolderOf(ref.id), ref.file), thumb, { mode: GALLERY_FILE_MODE });
      } catch {
        // An unreadable image stays without a thumbnail; the grid shows its placeholder.
      }
    });
  }

  // ── changes ─────────────────────────────────────────────────────────────────────────────

  async setFavourite(ids: readonly string[], favourite: boolean): Promise<{ updated: number }> {
    await this.load();
    await this.moving;
    let updated = 0;
    const changedIds: string[] = [];
    await this.flush.markDirty();
    for (const id of ids) {
      const ie = this.index.get(id);
      if (!ie || ie.entry.favourite === favourite) continue;
      await this.writes.run(`meta:${id}`, async () => {
        const read = await readMeta(this.root, id);
        if (!read.ok)
          throw new AppFailure('gallery.ioError', `The generation's record could not be read: ${read.problem.detail}`, {
            id,
          });
        await writeMeta(this.root, { ...read.meta, favourite });
      });
      // The entry as it is now: another change to it may have landed while this one was written.
      const current = this.index.get(id);
      if (current) this.index.replace(current, { ...current.entry, favourite });
      updated++;
      changedIds.push(id);
    }
    if (updated) this.changed('updated', changedIds);
    return { updated };
  }

  /** Adds and removes tags (trimmed; duplicates ignored; an entry keeps at most GALLERY_TAGS_PER_ENTRY). */
  async setTags(
    ids: readonly string[],
    add: readonly string[],
    remove: readonly string[],
  ): Promise<{ updated: number }> {
    await this.load();
    await this.moving;
    const adding = [...new Set(add.map((t) => t.trim()).filter(Boolean))];
    const removing = new Set(remove.map((t) => t.trim()));
    const nextTags = (tags: readonly string[]): string[] => {
      const out = tags.filter((t) => !removing.has(t));
      for (const t of adding) if (!out.includes(t) && !removing.has(t)) out.push(t);
      return out.slice(0, GALLERY_TAGS_PER_ENTRY);
    };
    const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((t, i) => t === b[i]);
    const changedIds: string[] = [];
    await this.flush.markDirty();
    for (const id of new Set(ids)) {
      const ie = this.index.get(id);
      if (!ie) continue;
      if (same(nextTags(ie.entry.tags), ie.entry.tags)) continue;
      // Worked out from the record inside its write turn, so two tag changes at once both stay.
      const tags = await this.writes.run(`meta:${id}`, async () => {
        const read = await readMeta(this.root, id);
        if (!read.ok)
          throw new AppFailure('gallery.ioError', `The generation's record could not be read: ${read.problem.detail}`, {
            id,
          });
        const next = nextTags(read.meta.tags);
        await writeMeta(this.root, { ...read.meta, tags: next });
        return next;
      });
      const current = this.index.get(id);
      if (current) this.index.replace(current, { ...current.entry, tags });
      changedIds.push(id);
    }
    if (changedIds.length) this.changed('updated', changedIds);
    return { updated: changedIds.length };
  }

  /** Takes the generations out of the gallery at once; undoable for a while (see deletes.ts). */
  async delete(ids: readonly string[]): Promise<{ token: string; count: number; undoMs: number }> {
    await this.load();
    await this.moving;
    const present = [...new Set(ids)].filter((id) => this.index.has(id));
    if (present.length === 0)
      throw new AppFailure('gallery.notFound', 'Those generations are no longer in the gallery.');
    await this.ensureRoot();
    const { token, moved } = await this.deletes.hold(present);
    const entries = this.index.remove(moved);
    this.changed('deleted', moved);
    const undoMs = this.deletes.keep(token, entries);
    return { token, count: moved.length, undoMs };
  }

  async undoDelete(token: string): Promise<{ restored: number }> {
    const entries = this.deletes.entriesOf(token);
    if (!entries)
      throw new AppFailure(
        'gallery.undoExpired',
        'Those generations are already in the trash; restore them from there.',
      );
    await this.moving;
    const restoredIds = await this.deletes.restore(token, entries, (entry) => this.index.insert(entry));
    this.changed('restored', restoredIds);
    return { restored: restoredIds.length };
  }

  // ── export, reveal ──────────────────────────────────────────────────────────────────────

  async export(id: string, index: number, sidecar: boolean): Promise<GallerySaved> {
    const meta = await this.get(id);
    const image = meta.images.find((i) => i.index === index);
    if (!image || image.status !== 'ok')
      throw new AppFailure('gallery.noImage', 'This image was not generated.', { index: index + 1 });
    const target = await this.deps.showSaveDialog({
      defaultName: `${id}-${index + 1}.png`,
      filters: [{ name: 'PNG', extensions: ['png'] }],
    });
    if (!target) return { saved: false, fileName: null };
    try {
      const bytes = await readGalleryFile(this.root, { id, file: image.file }, GALLERY_CAPS.image);
      const png = image.file.endsWith('.png') ? bytes : await toPng(bytes);
      const software = this.deps.software ?? 'Wanx Sketch Studio';
      await writeFileAtomic(target, addPngText(png, exportTexts(meta, index, software)));
      if (sidecar) await writeFileAtomic(target.replace(/(\.png)?$/i, '.json'), `${JSON.stringify(meta, null, 2)}\n`);
    } catch (e) {
      throw new AppFailure('gallery.exportFailed', `The image could not be saved: ${errorMessage(e)}`, {
        file: basename(target),
      });
    }
    return { saved: true, fileName: basename(target) };
  }

  async exportZip(ids: readonly string[]): Promise<GallerySaved> {
    await this.load();
    const present = [...new Set(ids)].filter((id) => this.index.has(id));
    if (present.length === 0)
      throw new AppFailure('gallery.notFound', 'Those generations are no longer in the gallery.');
    const target = await this.deps.showSaveDialog({
      defaultName: present.length === 1 ? `${present[0]}.zip` : `gallery-${present.length}.zip`,
      filters: [{ name: 'Zip', extensions: ['zip'] }],
    });
    if (!target) return { saved: false, fileName: null };
    try {
      const folders = [];
      for (const id of present) folders.push({ id, files: zipFilesOf(await this.get(id)) });
      await writeZip(target, folders, (id, file) => readGalleryFile(this.root, { id, file }, capOf(file)));
    } catch (e) {
      if (e instanceof AppFailure) throw e;
      throw new AppFailure('gallery.exportFailed', `The zip could not be saved: ${errorMessage(e)}`, {
        file: basename(target),
      });
    }
    return { saved: true, fileName: basename(target) };
  }

  async reveal(id: string): Promise<void> {
    await this.load();
    if (!GalleryIdSchema.safeParse(id).success || !this.index.has(id)) {
      throw new AppFailure('gallery.notFound', 'That generation is no longer in the gallery.', { id });
    }
    await this.deps.showItemInFolder(join(this.root, galleryFolderOf(id)));
  }

  // ── the folder ──────────────────────────────────────────────────────────────────────────

  folderInfo(): GalleryFolder {
    return { path: this.root, isDefault: this.isDefaultRoot() };
  }

  /**
   * Main asks for a folder, copies every generation there, reads each copied file back and
   * checks its size and sha256, then remembers and uses the new folder; the old one goes to the
   * OS trash. Any failure before the switch removes the partial copy and leaves the old folder in
   * use, untouched. Changes (adds from the queue, stars, deletes) wait while the copy runs.
   */
  async moveFolder(): Promise<{ moved: boolean; folder: GalleryFolder }> {
    const { chooseFolder, persistFolder } = this.deps;
    if (!chooseFolder || !persistFolder)
      throw new AppFailure('gallery.moveFailed', 'Moving the gallery is not available here.');
    await this.load();
    if (this.moving) throw new AppFailure('gallery.moveFailed', 'The gallery is already being moved.');
    const chosen = await chooseFolder();
    if (!chosen) return { moved: false, folder: this.folderInfo() };
    const choice = await checkedTarget(this.root, chosen);
    const move = this.moveTo(choice.target, choice.exists, persistFolder);
    this.moving = move.catch(() => undefined);
    try {
      return await move;
    } finally {
      this.moving = null;
    }
  }

  private async moveTo(
    target: string,
    existed: boolean,
    persistFolder: (path: string) => void,
  ): Promise<{ moved: boolean; folder: GalleryFolder }> {
    // A gallery at rest: pending deletes go to the trash now (the move ends their undo window),
    // running adds and writes land, and the index on disk is current.
    await this.adds.idle();
    await this.deletes.commitAll();
    await this.flush.flushNow();
    await this.writes.idle();
    const oldRoot = this.root;
    await copyAndSwitch(oldRoot, target, existed, { copyFile: this.deps.copyFile, persistFolder });
    this.root = target;
    this.changed('reloaded', []);
    await this.flush.flushNow();
    await trashOldGallery(oldRoot, this.deps.trashItem);
    return { moved: true, folder: this.folderInfo() };
  }

  // ── index persistence (index-flush.ts) ──────────────────────────────────────────────────

  private changed(kind: GalleryChanged['kind'], ids: string[]): void {
    this.revision++;
    this.flush.changed();
    this.deps.emit({ revision: this.revision, kind, ids });
    if (this.stopped) return;
    this.flush.schedule();
  }

  /** Writes the index if anything changed, then clears the dirty mark. */
  flushNow(): Promise<void> {
    return this.flush.flushNow();
  }
}

/** Runs `fn` over `items` with at most `limit` at once, results in input order. */
async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
