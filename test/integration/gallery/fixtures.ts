import { mkdtempSync } from 'node:fs';
import { mkdir, rename } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import sharp from 'sharp';
import type { Clock } from '../../../src-main/common/clock';
import type { SaveDialogRequest } from '../../../src-main/common/dialogs';
import { GalleryService, type GalleryServiceDeps } from '../../../src-main/gallery/gallery-service';
import type { GalleryAddInput, SketchStyle } from '../../../src-preload/contract/domain';
import type { GalleryChanged } from '../../../src-preload/contract/gallery';

/** A real small PNG of one colour (sharp encodes it; every byte is a valid image). */
export const solidPng = (r: number, g: number, b: number, size = 64): Promise<Buffer> =>
  sharp({ create: { width: size, height: size, channels: 3, background: { r, g, b } } })
    .png()
    .toBuffer();

/** A clock whose time the test moves; sleep resolves at once unless the test holds it. */
export class TestClock implements Clock {
  t = Date.UTC(2026, 11, 1, 14, 22, 33);
  now = () => this.t;
  sleep = (_ms: number, signal?: AbortSignal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      if (!this.holdSleeps) return void setImmediate(resolve);
      this.held.push(resolve);
      signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
    });
  /** When true, sleeps wait until `release()` (undo windows stay open). */
  holdSleeps = false;
  private held: (() => void)[] = [];
  release() {
    for (const r of this.held.splice(0)) r();
  }
}

export interface TestGallery {
  readonly root: string;
  readonly dataDir: string;
  readonly clock: TestClock;
  readonly events: GalleryChanged[];
  readonly trashed: string[];
  readonly savePaths: string[];
  readonly saveRequests: SaveDialogRequest[];
  readonly shown: string[];
  make(overrides?: Partial<GalleryServiceDeps>): GalleryService;
}

export function testGallery(): TestGallery {
  const dataDir = mkdtempSync(join(tmpdir(), 'gallery-'));
  const root = join(dataDir, 'gallery');
  const clock = new TestClock();
  clock.holdSleeps = true;
  const t: TestGallery = {
    root,
    dataDir,
    clock,
    events: [],
    trashed: [],
    savePaths: [],
    saveRequests: [],
    shown: [],
    make: (overrides = {}) =>
      new GalleryService({
        root,
        clock,
        emit: (e) => t.events.push(e),
        trashItem: async (path) => {
          const trash = join(dataDir, 'trash');
          await mkdir(trash, { recursive: true });
          await rename(path, join(trash, `${t.trashed.length}-${basename(path)}`));
          t.trashed.push(path);
        },
        showSaveDialog: async (request) => {
          t.saveRequests.push(request);
          return t.savePaths.shift() ?? null;
        },
        showItemInFolder: async (path) => {
          t.shown.push(path);
        },
        imageBase: 'app://gallery/',
        undoMs: 30_000,
        ...overrides,
      }),
  };
  return t;
}

export interface InputOptions {
  prompt?: string;
  style?: SketchStyle;
  n?: number;
  failed?: number[];
  setId?: string | null;
  scene?: string | null;
  /** Edge of the result images in px (64 by default: small, but real). */
  size?: number;
}

/** What the job queue would hand over for one finished task. */
export async function addInput(taskId: string, o: InputOptions = {}): Promise<GalleryAddInput> {
  const n = o.n ?? 2;
  const failed = new Set(o.failed ?? []);
  const images = Array.from({ length: n }, (_, index) =>
    failed.has(index)
      ? ({ index, status: 'failed', code: 'InternalError', message: 'image failed' } as const)
      : ({ index, status: 'ok' } as const),
  );
  const results = await Promise.all(
    images
      .filter((i) => i.status === 'ok')
      .map(async (i) => ({ index: i.index, bytes: await solidPng(40 * i.index, 120, 200, o.size) })),
  );
  return {
    meta: {
      taskId,
      requestId: `req-${taskId}`,
      jobId: `job-${taskId}`,
      params: {
        prompt: o.prompt ?? 'a red cat on a roof',
        style: o.style ?? '<watercolor>',
        n,
        sketchWeight: 7,
        sketchExtraction: false,
        sketchColor: [[0, 0, 0]],
      },
      status: failed.size === 0 ? 'done' : failed.size === n ? 'failed' : 'partial',
      times: { enqueuedAt: 1, submittedAt: 2, scheduledAt: 3, endedAt: 4 },
      adapter: 'dashscope-temp',
      imageCount: n - failed.size,
      images,
      setId: o.setId ?? null,
      draftId: null,
    },
    sketchPng: await solidPng(255, 255, 255, 96),
    scene: o.scene === undefined ? JSON.stringify({ version: '7.4.0', objects: [] }) : o.scene,
    results,
  };
}
