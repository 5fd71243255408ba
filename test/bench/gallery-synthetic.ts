/**
 * A synthetic gallery on disk for benchmarks: `count` generations in the app's real format
 * (see src-main/gallery/on-disk-format.ts), each with a sketch PNG, 4 result PNGs, 5 WebP thumbnails and
 * a meta.json that passes the schema. Images are small real PNG/WebP files (sharp-encoded),
 * drawn from a pool of variants so building 10,000 generations takes seconds, not minutes.
 * Built once per count and format version into the OS temp folder and reused between runs.
 */
import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { makeThumbnail } from '../../src-main/gallery/thumbs';
import {
  GALLERY_META_FILE as META_FILE,
  GALLERY_SKETCH_FILE as SKETCH_FILE,
  GALLERY_SKETCH_THUMB as SKETCH_THUMB,
  galleryResultFile as resultFile,
  galleryThumbFile as thumbFile,
} from '../../src-preload/contract/domain/gallery';
import { baseGenerationId, galleryFolderOf } from '../../src-main/gallery/on-disk-format';
import { mulberry32 } from '../sim/random';
import {
  GALLERY_META_VERSION,
  SKETCH_STYLES,
  type GalleryMeta,
  type GenerationStatus,
} from '../../src-preload/contract/domain';

/** Bump when the layout or the generator changes: a cached gallery of another version is rebuilt. */
const SYNTHETIC_VERSION = 1;
const STEP_MS = 6_000_000;

const EN = [
  'cat',
  'dog',
  'café',
  'naïve',
  'lighthouse',
  'mountain',
  'river',
  'robot',
  'garden',
  'château',
  'piñata',
  'forest',
  'city',
  'dragon',
  'sunset',
  'harbor',
  'tea house',
  'bicycle',
  'fox',
  'whale',
];
const ADJ = [
  'red',
  'quiet',
  'tiny',
  'golden',
  'misty',
  'old',
  'smiling',
  'blue',
  'crème',
  'ancient',
  'sleepy',
  'bright',
];
const ZH = [
  '猫',
  '小狗',
  '灯塔',
  '山水',
  '河流',
  '机器人',
  '花园',
  '城堡',
  '森林',
  '城市',
  '龙',
  '日落',
  '港口',
  '茶馆',
  '自行车',
  '狐狸',
  '鲸鱼',
  '屋顶上的红猫',
];

const pick = <T>(r: () => number, list: readonly T[]): T => list[Math.floor(r() * list.length)]!;

function prompt(r: () => number): string {
  const kind = r();
  if (kind < 0.4) return `${pick(r, ADJ)} ${pick(r, EN)} by the ${pick(r, EN)}`;
  if (kind < 0.75) return `${pick(r, ZH)}和${pick(r, ZH)}`;
  return `${pick(r, ZH)} ${pick(r, ADJ)} ${pick(r, EN)}`;
}

interface Pool {
  results: { png: Buffer; thumb: Buffer }[];
  sketches: { png: Buffer; thumb: Buffer }[];
}

async function makePool(): Promise<Pool> {
  const image = async (size: number, i: number, sketch: boolean) => {
    const background = sketch
      ? { r: 255, g: 255, b: 255 }
      : { r: (i * 53) % 256, g: (i * 97) % 256, b: (i * 29) % 256 };
    const overlay = Buffer.from(
      `<svg width="${size}" height="${size}"><circle cx="${size / 2}" cy="${size / 2}" r="${(size / 4) * (1 + (i % 3) / 3)}" fill="none" stroke="black" stroke-width="3"/></svg>`,
    );
    const png = await sharp({ create: { width: size, height: size, channels: 3, background } })
      .composite([{ input: overlay }])
      .png()
      .toBuffer();
    return { png, thumb: await makeThumbnail(png) };
  };
  return {
    results: await Promise.all(Array.from({ length: 24 }, (_, i) => image(64, i, false))),
    sketches: await Promise.all(Array.from({ length: 6 }, (_, i) => image(96, i, true))),
  };
}

async function writeGenerationFolder(root: string, i: number, pool: Pool, start: number): Promise<void> {
  const r = mulberry32(i + 1);
  // One every 100 minutes: 10,000 span about two years (24 month folders), newest last.
  const createdAt = start + i * STEP_MS + Math.floor(r() * 5_000);
  const taskId = `${((i * 2654435761) >>> 0).toString(16).padStart(8, '0')}-bench-${i}`;
  const statusRoll = r();
  const status: GenerationStatus =
    statusRoll < 0.9 ? 'done' : statusRoll < 0.96 ? 'partial' : statusRoll < 0.99 ? 'failed' : 'expired';
  const images = Array.from({ length: 4 }, (_, index) =>
    status === 'done' || (status === 'partial' && index < 2)
      ? ({ index, status: 'ok', file: resultFile(index, 'png') } as const)
      : status === 'expired'
        ? ({ index, status: 'lost', reason: 'result URL expired' } as const)
        : ({ index, status: 'failed', code: 'InternalError', message: 'image failed' } as const),
  );
  const id = baseGenerationId(createdAt, taskId);
  const meta: GalleryMeta = {
    schemaVersion: GALLERY_META_VERSION,
    id,
    taskId,
    requestId: `req-${i}`,
    jobId: `job-${i}`,
    params: {
      prompt: prompt(r),
      style: pick(r, SKETCH_STYLES),
      n: 4,
      sketchWeight: Math.floor(r() * 11),
      sketchExtraction: r() < 0.3,
      sketchColor: [[0, 0, 0]],
    },
    status,
    times: {
      enqueuedAt: createdAt - 40_000,
      submittedAt: createdAt - 38_000,
      scheduledAt: createdAt - 30_000,
      endedAt: createdAt - 2_000,
    },
    adapter: 'dashscope-temp',
    imageCount: images.filter((x) => x.status === 'ok').length,
    images,
    setId: r() < 0.1 ? `set-${Math.floor(i / 8)}` : null,
    draftId: null,
    createdAt,
    favourite: r() < 0.05,
    tags: [],
    hasScene: false,
  };
  const dir = join(root, galleryFolderOf(id));
  await mkdir(dir, { recursive: true });
  const sketch = pool.sketches[i % pool.sketches.length]!;
  const writes: Promise<void>[] = [
    writeFile(join(dir, SKETCH_FILE), sketch.png),
    writeFile(join(dir, SKETCH_THUMB), sketch.thumb),
  ];
  for (const img of images) {
    if (img.status !== 'ok') continue;
    const res = pool.results[(i * 4 + img.index) % pool.results.length]!;
    writes.push(writeFile(join(dir, img.file), res.png), writeFile(join(dir, thumbFile(img.index)), res.thumb));
  }
  writes.push(writeFile(join(dir, META_FILE), `${JSON.stringify(meta, null, 2)}\n`));
  await Promise.all(writes);
}

/**
 * The gallery folder of a synthetic gallery with `count` generations, built on first use and
 * cached in the temp folder (`WSS_BENCH_CACHE` overrides where). To open it in the harness,
 * point the data folder's `gallery` at it (a symlink works: the resolver follows realpath).
 */
export async function buildSyntheticGallery(
  count: number,
  log: (line: string) => void = () => undefined,
): Promise<string> {
  const cache = process.env.WSS_BENCH_CACHE ?? join(tmpdir(), 'wss-bench-gallery');
  const root = join(cache, `${count}-v${SYNTHETIC_VERSION}`);
  const done = join(cache, `${count}-v${SYNTHETIC_VERSION}.complete`);
  if (existsSync(done) && existsSync(root)) return root;
  await rm(root, { recursive: true, force: true });
  await mkdir(root, { recursive: true });
  const started = performance.now();
  const pool = await makePool();
  const start = Date.UTC(2024, 11, 1) - Math.max(0, count - 10_000) * STEP_MS;
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      await writeGenerationFolder(root, i, pool, start);
      if (i % 5000 === 4999) log(`  built ${i + 1}/${count} generations`);
    }
  };
  await Promise.all(Array.from({ length: 32 }, worker));
  await writeFile(done, JSON.stringify({ count, builtInMs: Math.round(performance.now() - started) }));
  log(`  built ${count} generations in ${((performance.now() - started) / 1000).toFixed(1)} s at ${root}`);
  return root;
}
