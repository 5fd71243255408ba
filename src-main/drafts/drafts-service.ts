import { randomUUID } from 'node:crypto';
import { mkdir, readFile, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import {
  DraftIdSchema,
  DraftNameSchema,
  type DraftList,
  type DraftMeta,
  type DraftProblem,
  type OpenDraft,
} from '../../src-preload/contract/drafts';
import { AppFailure } from '../../src-preload/contract/result';
import type { Clock } from '../common/clock';
import { KeyedQueue, writeFileAtomic } from '../common/atomic-file';
import { ioErrorText } from '../common/io-error';
import { hasPngSignature } from '../common/png';

/** What is stored in meta.json; the thumbnail lives next to it as thumb.png. */
const StoredMetaSchema = z.object({
  id: DraftIdSchema,
  name: DraftNameSchema,
  createdAt: z.number().int().nonnegative(),
  updatedAt: z.number().int().nonnegative(),
  deletedAt: z.number().int().nonnegative().optional(),
});
type StoredMeta = z.infer<typeof StoredMetaSchema>;

const StateSchema = z.object({ lastOpenId: DraftIdSchema.nullable() });

export const EMPTY_SCENE = JSON.stringify({ version: '7.4.0', objects: [] });
/** Deleted drafts stay restorable this long, then the next listing purges them. */
export const TRASH_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;

const PNG_PREFIX = 'data:image/png;base64,';

export interface DraftsServiceDeps {
  readonly dataDir: string;
  readonly clock: Clock;
  readonly newId?: () => string;
  /** Default name of a new draft; the renderer usually passes a translated one. */
  readonly defaultName?: string;
}

/** Rejects anything that is not a Fabric scene before it reaches the disk. */
export function checkScene(scene: string): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(scene);
  } catch {
    throw new AppFailure('drafts.invalidScene', 'The drawing could not be saved: its data is not valid JSON.');
  }
  if (typeof parsed !== 'object' || parsed === null || !Array.isArray((parsed as { objects?: unknown }).objects)) {
    throw new AppFailure('drafts.invalidScene', 'The drawing could not be saved: its data has no object list.');
  }
}

function decodeThumbnail(dataUrl: string): Buffer {
  const bytes = Buffer.from(dataUrl.slice(PNG_PREFIX.length), 'base64');
  if (!hasPngSignature(bytes)) {
    throw new AppFailure('drafts.invalidScene', 'The drawing preview is not a PNG image.');
  }
  return bytes;
}

const isMissing = (e: unknown) => (e as NodeJS.ErrnoException | null)?.code === 'ENOENT';

/**
 * Sketches on disk: `drafts/<id>/{meta.json, scene.json, thumb.png}`, deleted ones under
 * `drafts-trash/<id>/` until restored or purged. Metadata and thumbnails are cached in memory,
 * so an autosave costs two small atomic writes and no directory scan.
 */
export class DraftsService {
  private readonly root: string;
  private readonly trash: string;
  private readonly statePath: string;
  readonly name = 'drafts';
  private readonly queue = new KeyedQueue();
  private readonly newId: () => string;
  /** Live drafts, filled by the first listing. */
  private cache: Map<string, { meta: StoredMeta; thumbnail: string | null }> | null = null;
  /** Folders the first listing could not read; reported with every listing. */
  private problems: DraftProblem[] = [];

  constructor(private readonly deps: DraftsServiceDeps) {
    this.root = join(deps.dataDir, 'drafts');
    this.trash = join(deps.dataDir, 'drafts-trash');
    this.statePath = join(this.root, 'state.json');
    this.newId = deps.newId ?? randomUUID;
  }

  /** Quit: let every queued draft write land on disk (they are small; the deadline caps it). */
  async shutdown(): Promise<void> {
    await this.queue.idle();
  }

  async list(): Promise<DraftList> {
    const { cache, problems } = await this.load();
    await this.purgeTrash();
    const drafts = [...cache.values()].map((e) => this.toMeta(e.meta, e.thumbnail));
    drafts.sort((a, b) => b.updatedAt - a.updatedAt || a.id.localeCompare(b.id));
    return { drafts, problems };
  }

  async create(input: { name?: string; scene?: string; thumbnail?: string } = {}): Promise<OpenDraft> {
    const scene = input.scene ?? EMPTY_SCENE;
    checkScene(scene);
    const thumbBytes = input.thumbnail ? decodeThumbnail(input.thumbnail) : null;
    const { cache } = await this.load();
    const now = this.deps.clock.now();
    const meta: StoredMeta = {
      id: this.newId(),
      name: input.name ?? this.deps.defaultName ?? 'Untitled sketch',
      createdAt: now,
      updatedAt: now,
    };
    DraftIdSchema.parse(meta.id);
    const dir = join(this.root, meta.id);
    await this.queue.run(meta.id, async () => {
      await mkdir(dir, { recursive: true });
      await writeFileAtomic(join(dir, 'scene.json'), scene);
      if (thumbBytes) await writeFileAtomic(join(dir, 'thumb.png'), thumbBytes);
      await writeFileAtomic(join(dir, 'meta.json'), JSON.stringify(meta));
    });
    cache.set(meta.id, { meta, thumbnail: input.thumbnail ?? null });
    await this.setLastOpen(meta.id);
    return { meta: this.toMeta(meta, input.thumbnail ?? null), scene };
  }

  async open(id: string): Promise<OpenDraft> {
    const entry = await this.get(id);
    const scene = await this.readScene(id);
    await this.setLastOpen(id);
    return { meta: this.toMeta(entry.meta, entry.thumbnail), scene };
  }

  /** Null when nothing was open, or the draft is gone or unreadable: the app then starts blank. */
  async openLast(): Promise<OpenDraft | null> {
    const id = await this.readLastOpen();
    if (!id) return null;
    const { cache } = await this.load();
    if (!cache.has(id)) return null;
    try {
      return await this.open(id);
    } catch (e) {
      if (e instanceof AppFailure) return null;
      throw e;
    }
  }

  async save(id: string, scene: string, thumbnail?: string): Promise<{ updatedAt: number }> {
    checkScene(scene);
    const thumbBytes = thumbnail ? decodeThumbnail(thumbnail) : null;
    const entry = await this.get(id);
    const dir = join(this.root, id);
    const updatedAt = Math.max(this.deps.clock.now(), entry.meta.updatedAt);
    await this.queue.run(id, async () => {
      await writeFileAtomic(join(dir, 'scene.json'), scene);
      if (thumbBytes) await writeFileAtomic(join(dir, 'thumb.png'), thumbBytes);
      entry.meta = { ...entry.meta, updatedAt };
      if (thumbnail) entry.thumbnail = thumbnail;
      await writeFileAtomic(join(dir, 'meta.json'), JSON.stringify(entry.meta));
    });
    return { updatedAt };
  }

  async rename(id: string, name: string): Promise<DraftMeta> {
    const entry = await this.get(id);
    const meta = { ...entry.meta, name: DraftNameSchema.parse(name) };
    await this.queue.run(id, () => writeFileAtomic(join(this.root, id, 'meta.json'), JSON.stringify(meta)));
    entry.meta = meta;
    return this.toMeta(meta, entry.thumbnail);
  }

  async duplicate(id: string, copyName?: (name: string) => string): Promise<DraftMeta> {
    const entry = await this.get(id);
    const scene = await this.readScene(id);
    const name = (copyName ?? ((n: string) => `${n} (copy)`))(entry.meta.name).slice(0, 120);
    const created = await this.create({ name, scene, ...(entry.thumbnail ? { thumbnail: entry.thumbnail } : {}) });
    return created.meta;
  }

  /** Soft delete: the folder moves to the trash, where `restore` finds it. */
  async delete(id: string): Promise<{ id: string }> {
    const entry = await this.get(id);
    const { cache } = await this.load();
    await this.queue.run(id, async () => {
      await mkdir(this.trash, { recursive: true });
      const target = join(this.trash, id);
      await rm(target, { recursive: true, force: true });
      await rename(join(this.root, id), target);
      const meta: StoredMeta = { ...entry.meta, deletedAt: this.deps.clock.now() };
      await writeFileAtomic(join(target, 'meta.json'), JSON.stringify(meta));
    });
    cache.delete(id);
    if ((await this.readLastOpen()) === id) await this.setLastOpen(null);
    return { id };
  }

  async restore(id: string): Promise<DraftMeta> {
    const { cache } = await this.load();
    const from = join(this.trash, id);
    const meta = await this.readMeta(from).catch((e: unknown) => {
      throw isMissing(e)
        ? new AppFailure('drafts.notFound', 'That draft is no longer in the trash.', { id })
        : new AppFailure('drafts.corrupt', 'That deleted draft could not be read.', { id });
    });
    const { deletedAt: _deleted, ...live } = meta;
    await this.queue.run(id, async () => {
      await writeFileAtomic(join(from, 'meta.json'), JSON.stringify(live));
      await rename(from, join(this.root, id));
    });
    const thumbnail = await this.readThumbnail(join(this.root, id));
    cache.set(id, { meta: live, thumbnail });
    return this.toMeta(live, thumbnail);
  }

  // ---- internals -------------------------------------------------------------------------

  private toMeta(meta: StoredMeta, thumbnail: string | null): DraftMeta {
    return { id: meta.id, name: meta.name, createdAt: meta.createdAt, updatedAt: meta.updatedAt, thumbnail };
  }

  private async load(): Promise<{
    cache: Map<string, { meta: StoredMeta; thumbnail: string | null }>;
    problems: DraftProblem[];
  }> {
    if (this.cache) return { cache: this.cache, problems: this.problems };
    await mkdir(this.root, { recursive: true });
    const cache = new Map<string, { meta: StoredMeta; thumbnail: string | null }>();
    const problems: DraftProblem[] = [];
    for (const dirent of await readdir(this.root, { withFileTypes: true })) {
      if (!dirent.isDirectory()) continue;
      const dir = join(this.root, dirent.name);
      try {
        const meta = await this.readMeta(dir);
        if (meta.id !== dirent.name) throw new Error('meta.json belongs to another draft');
        cache.set(meta.id, { meta, thumbnail: await this.readThumbnail(dir) });
      } catch (e) {
        problems.push({ id: dirent.name, reason: ioErrorText(e).slice(0, 200) });
      }
    }
    this.cache = cache;
    this.problems = problems;
    return { cache, problems };
  }

  private async get(id: string): Promise<{ meta: StoredMeta; thumbnail: string | null }> {
    const { cache } = await this.load();
    const entry = cache.get(id);
    if (!entry)
      throw new AppFailure('drafts.notFound', 'That draft does not exist (it may have been deleted).', { id });
    return entry;
  }

  private async readMeta(dir: string): Promise<StoredMeta> {
    const text = await readFile(join(dir, 'meta.json'), 'utf8');
    return StoredMetaSchema.parse(JSON.parse(text));
  }

  private async readThumbnail(dir: string): Promise<string | null> {
    try {
      const bytes = await readFile(join(dir, 'thumb.png'));
      if (!hasPngSignature(bytes)) return null;
      return PNG_PREFIX + bytes.toString('base64');
    } catch {
      return null;
    }
  }

  private async readScene(id: string): Promise<string> {
    let scene: string;
    try {
      scene = await readFile(join(this.root, id, 'scene.json'), 'utf8');
    } catch (e) {
      if (isMissing(e)) throw new AppFailure('drafts.corrupt', 'The drawing of this draft is missing on disk.', { id });
      throw new AppFailure('drafts.ioError', 'The draft could not be read from disk.', { id });
    }
    try {
      checkScene(scene);
    } catch {
      throw new AppFailure('drafts.corrupt', 'The drawing of this draft is damaged and cannot be opened.', { id });
    }
    return scene;
  }

  private async readLastOpen(): Promise<string | null> {
    try {
      return StateSchema.parse(JSON.parse(await readFile(this.statePath, 'utf8'))).lastOpenId;
    } catch {
      return null;
    }
  }

  private async setLastOpen(id: string | null): Promise<void> {
    await mkdir(this.root, { recursive: true });
    await this.queue.run('\0state', () => writeFileAtomic(this.statePath, JSON.stringify({ lastOpenId: id })));
  }

  private async purgeTrash(): Promise<void> {
    let names: string[];
    try {
      names = await readdir(this.trash);
    } catch {
      return;
    }
    const cutoff = this.deps.clock.now() - TRASH_RETENTION_MS;
    for (const name of names) {
      const dir = join(this.trash, name);
      try {
        const meta = await this.readMeta(dir);
        if ((meta.deletedAt ?? 0) < cutoff) await rm(dir, { recursive: true, force: true });
      } catch {
        // An unreadable trash entry is left alone: it can still be inspected by hand.
      }
    }
  }
}
