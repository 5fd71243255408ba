import { z } from 'zod';
import { DraftIdSchema } from './drafts';
import { GenerationParamsSchema, IMAGE_COUNT } from './generation';

/**
 * What the job queue hands the gallery once a task has ended: everything needed to keep the
 * generation long after DashScope's 24-hour result links expire. `GalleryService.add()` is
 * idempotent per `taskId`, so a queue that resumes after a crash and hands the same result
 * again gets the one entry it already made.
 */

/** Ids are ASCII and safe as folder names; DashScope task ids are UUID-like. */
export const TASK_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;
export const TaskIdSchema = z.string().regex(TASK_ID_PATTERN, 'not a task id');
/** Jobs queued together by Explore share one set id. */
export const SET_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;
export const SetIdSchema = z.string().regex(SET_ID_PATTERN, 'not a set id');

/*
 * The files of one generation folder, written once. The gallery names its files with these, and
 * every name read back (meta.json, index.json, an image URL) is checked against the same
 * patterns: a folder someone copies into the gallery cannot name `../../anything`.
 */
export const GALLERY_META_FILE = 'meta.json';
export const GALLERY_SKETCH_FILE = 'sketch.png';
export const GALLERY_SCENE_FILE = 'scene.json';
export const GALLERY_SKETCH_THUMB = 'thumb-sketch.webp';
export type GalleryImageExt = 'png' | 'jpg';
/** The slot of a result image: `results[]` order, at most `n` (IMAGE_COUNT.max) of them. */
export const GallerySlotSchema = z
  .number()
  .int()
  .min(0)
  .max(IMAGE_COUNT.max - 1);
export const galleryResultFile = (index: number, ext: GalleryImageExt): string => `result-${index}.${ext}`;
export const galleryThumbFile = (index: number): string => `thumb-${index}.webp`;

const SLOT = `[0-${IMAGE_COUNT.max - 1}]`;
const RESULT = `result-${SLOT}\\.(?:png|jpg)`;
const THUMB = `thumb-${SLOT}\\.webp`;
const literal = (name: string) => name.replace(/\./g, '\\.');
const exactly = (...alternatives: string[]) => new RegExp(`^(?:${alternatives.join('|')})$`);

export const GALLERY_RESULT_FILE_PATTERN = exactly(RESULT);
export const GALLERY_THUMB_FILE_PATTERN = exactly(THUMB);
/** The images of a generation: the only files the image protocol serves. */
export const GALLERY_IMAGE_FILE_PATTERN = exactly(
  literal(GALLERY_SKETCH_FILE),
  RESULT,
  THUMB,
  literal(GALLERY_SKETCH_THUMB),
);
/** Every file a generation folder may hold. */
export const GALLERY_FILE_PATTERN = exactly(
  literal(GALLERY_SKETCH_FILE),
  literal(GALLERY_SCENE_FILE),
  literal(GALLERY_META_FILE),
  RESULT,
  THUMB,
  literal(GALLERY_SKETCH_THUMB),
);
export const GalleryResultFileSchema = z.string().regex(GALLERY_RESULT_FILE_PATTERN, 'not a result file');
export const GalleryThumbFileSchema = z.string().regex(GALLERY_THUMB_FILE_PATTERN, 'not a thumbnail file');

/** Whether `file` is the result file of slot `index` (`result-<index>.png|jpg`). */
export const isResultFileOf = (index: number, file: string): boolean =>
  GALLERY_RESULT_FILE_PATTERN.test(file) && file.startsWith(`result-${index}.`);

export const ImageStatusSchema = z.discriminatedUnion('status', [
  z
    .object({ index: GallerySlotSchema, status: z.literal('ok'), file: GalleryResultFileSchema })
    .refine((img) => isResultFileOf(img.index, img.file), { message: 'the file of another slot', path: ['file'] }),
  /** DashScope failed this image (partial failure); code and message as the service said them. */
  z.object({ index: GallerySlotSchema, status: z.literal('failed'), code: z.string(), message: z.string() }),
  /** The result URL had expired (24 h) or could not be fetched as a valid image. */
  z.object({ index: GallerySlotSchema, status: z.literal('lost'), reason: z.string() }),
  /**
   * Billed, not downloaded yet (its link keeps failing): the queue keeps trying until `until`,
   * when the link expires (epoch ms, server time); then it becomes `ok` or `lost`.
   */
  z.object({ index: GallerySlotSchema, status: z.literal('pending'), until: z.number().int() }),
]);
export type ImageStatus = z.infer<typeof ImageStatusSchema>;

export const GenerationStatusSchema = z.enum(['done', 'partial', 'failed', 'expired']);
export type GenerationStatus = z.infer<typeof GenerationStatusSchema>;

/** An entry's status from its image slots: an image still coming makes it partial until it lands. */
export function generationStatusOf(images: readonly { readonly status: ImageStatus['status'] }[]): GenerationStatus {
  const ok = images.filter((s) => s.status === 'ok').length;
  if (ok === images.length) return 'done';
  if (ok > 0 || images.some((s) => s.status === 'pending')) return 'partial';
  return images.every((s) => s.status === 'lost') ? 'expired' : 'failed';
}

export const GalleryTimesSchema = z.object({
  /** Epoch ms; the server's submit/schedule/end times converted, or null when unknown. */
  enqueuedAt: z.number().int(),
  submittedAt: z.number().int().nullable(),
  scheduledAt: z.number().int().nullable(),
  endedAt: z.number().int().nullable(),
});
export type GalleryTimes = z.infer<typeof GalleryTimesSchema>;

/** One result image handed over by the queue: its slot in `results[]` and its bytes (PNG/JPEG). */
export interface GalleryResultImage {
  readonly index: number;
  readonly bytes: Uint8Array;
}

/** The non-byte part of `GalleryService.add()`'s input; it becomes `meta.json`. */
export const GalleryAddMetaSchema = z.object({
  taskId: TaskIdSchema,
  requestId: z.string().max(200).nullable(),
  jobId: z.string().max(100),
  params: GenerationParamsSchema,
  status: GenerationStatusSchema,
  times: GalleryTimesSchema,
  /** Storage adapter the sketch went through (`dashscope-temp`, `s3`, `http`). */
  adapter: z.string().max(50),
  /** `usage.image_count`: billed images. */
  imageCount: z.number().int().min(0),
  /** One entry per requested image (n), in `results[]` order. */
  images: z.array(ImageStatusSchema).max(IMAGE_COUNT.max),
  setId: SetIdSchema.nullable(),
  /** The draft the sketch came from, if any. */
  draftId: DraftIdSchema.nullable(),
});
export type GalleryAddMeta = z.infer<typeof GalleryAddMetaSchema>;

export interface GalleryAddInput {
  readonly meta: Omit<GalleryAddMeta, 'images'> & { readonly images: readonly ImageStatusInput[] };
  /** The exact sketch PNG the API saw. */
  readonly sketchPng: Uint8Array;
  /** The draft's Fabric scene the sketch came from (JSON), for Remix. */
  readonly scene: string | null;
  /** Bytes of every image whose status is `ok`. */
  readonly results: readonly GalleryResultImage[];
}

/** Image statuses as the queue knows them; the gallery names the files itself. */
export type ImageStatusInput =
  | { readonly index: number; readonly status: 'ok' }
  | { readonly index: number; readonly status: 'failed'; readonly code: string; readonly message: string }
  | { readonly index: number; readonly status: 'lost'; readonly reason: string }
  | { readonly index: number; readonly status: 'pending'; readonly until: number };

/** One slot the queue settles on an existing entry: an image that arrived (with its bytes), or one given up. */
export type GallerySettle =
  | { readonly status: { readonly index: number; readonly status: 'ok' }; readonly bytes: Uint8Array }
  | { readonly status: Exclude<ImageStatusInput, { status: 'ok' }> };

/** What the queue needs back from the gallery. */
export interface GallerySink {
  /** Idempotent per taskId: a second call with the same task id returns the existing entry's id. */
  add(input: GalleryAddInput): Promise<{ readonly id: string; readonly created: boolean }>;
  /** Whether an entry exists for this task (the queue checks before downloading again after a crash). */
  hasTask(taskId: string): Promise<boolean>;
  /** The entry of this task and its image slots as stored, or null when there is none. */
  imagesOf(taskId: string): Promise<{ readonly id: string; readonly images: readonly ImageStatus[] } | null>;
  /**
   * Settles slots of an existing entry (an image that arrived late, one whose link expired).
   * Idempotent per slot: a slot already `ok` never changes, so the same image may come twice.
   */
  settleImages(
    taskId: string,
    slots: readonly GallerySettle[],
  ): Promise<{ readonly id: string; readonly images: readonly ImageStatus[] }>;
}

/*
 * The gallery's own records (written by main, read by the renderer through the gallery channels).
 */

/**
 * A generation's id is its folder name, `YYYYMMDD-HHMMSS-<short task id>`: ASCII, sortable by
 * time, and it names its place on disk (`YYYY/MM/<id>/`) without an index look-up.
 */
export const GALLERY_ID_PATTERN = /^\d{8}-\d{6}-[A-Za-z0-9_-]{1,40}$/;
export const GalleryIdSchema = z.string().regex(GALLERY_ID_PATTERN, 'not a gallery id');
export type GalleryId = z.infer<typeof GalleryIdSchema>;
/** The folders a generation lives in, outermost first: `[YYYY, MM, <id>]`, from its id alone. */
export const galleryFolderParts = (id: string): [year: string, month: string, id: string] => [
  id.slice(0, 4),
  id.slice(4, 6),
  id,
];

/** Version of meta.json; older ones are migrated on read, newer ones quarantined. */
export const GALLERY_META_VERSION = 1;
export const GALLERY_TAG_MAX = 40;
export const GalleryTagSchema = z.string().trim().min(1).max(GALLERY_TAG_MAX);
/** meta.json holds at most this many tags per generation; setTags keeps the first ones. */
export const GALLERY_TAGS_PER_ENTRY = 50;

/** Thumbnail edge in px (WebP); made at add time, remade on demand if missing. */
export const GALLERY_THUMB_PX = 256;

/** meta.json: everything about one generation (the folder also holds the sketch, scene and images). */
export const GalleryMetaSchema = GalleryAddMetaSchema.extend({
  schemaVersion: z.literal(GALLERY_META_VERSION),
  id: GalleryIdSchema,
  /** Epoch ms when the gallery stored it. */
  createdAt: z.number().int(),
  favourite: z.boolean(),
  tags: z.array(GalleryTagSchema).max(GALLERY_TAGS_PER_ENTRY),
  /** Whether scene.json exists (Remix can load the draft's scene). */
  hasScene: z.boolean(),
});
export type GalleryMeta = z.infer<typeof GalleryMetaSchema>;

/** One image slot of an entry as the grid needs it: the file names to ask the protocol for. */
export const GalleryEntryImageSchema = z.object({
  index: GallerySlotSchema,
  status: z.enum(['ok', 'failed', 'lost', 'pending']),
  /** `result-<i>.png|jpg` when ok. */
  file: GalleryResultFileSchema.nullable(),
  /** `thumb-<i>.webp` when ok. */
  thumb: GalleryThumbFileSchema.nullable(),
});

/** The compact record the grid, search and filters work on (one per generation, in the index). */
export const GalleryEntrySchema = z.object({
  id: GalleryIdSchema,
  taskId: TaskIdSchema,
  createdAt: z.number().int(),
  prompt: z.string(),
  style: GenerationParamsSchema.shape.style,
  n: z.number().int(),
  sketchWeight: z.number().int(),
  status: GenerationStatusSchema,
  favourite: z.boolean(),
  setId: SetIdSchema.nullable(),
  tags: z.array(z.string()),
  images: z.array(GalleryEntryImageSchema),
  /** `thumb-sketch.webp`: the sketch inset of a tile. */
  sketchThumb: z.literal(GALLERY_SKETCH_THUMB),
});
export type GalleryEntry = z.infer<typeof GalleryEntrySchema>;

/** A generation folder that could not be loaded: listed with the reason, never hidden. */
export const GalleryProblemSchema = z.object({
  /** Folder path relative to the gallery folder, e.g. `2026/12/20261201-142233-abcd1234`. */
  folder: z.string(),
  /** Why (translated by the view); `detail` is the technical text, for logs and bug reports. */
  reason: z.enum(['unreadable', 'notJson', 'invalidMeta', 'newerVersion', 'idMismatch', 'badName']),
  detail: z.string(),
});
export type GalleryProblem = z.infer<typeof GalleryProblemSchema>;
