import { z } from 'zod';
import { channel } from './define';
import { DraftIdSchema } from './domain/drafts';
import {
  ENQUEUE_MAX_VARIANTS,
  GenerationParamsSchema,
  JobIdSchema,
  JobsSnapshotSchema,
  JobThumbnailSchema,
  SKETCH_MAX_BYTES,
  TaskIdSchema,
  UsageQuotaSchema,
  UsageSummarySchema,
} from './domain';

/** A base64 data URL of at most SKETCH_MAX_BYTES bytes; main decodes it and checks size and shape. */
const SKETCH_DATA_URL_MAX_CHARS = 'data:image/png;base64,'.length + Math.ceil(SKETCH_MAX_BYTES / 3) * 4;
export const SketchPngDataUrlSchema = z
  .string()
  .max(SKETCH_DATA_URL_MAX_CHARS, 'tooLarge')
  .regex(/^data:image\/png;base64,[A-Za-z0-9+/]+={0,2}$/, 'not a PNG data URL');

/**
 * One sketch, one or more parameter sets: the sketch bytes cross once. More than one variant
 * (Explore) gives the jobs one new set id. `front` puts them ahead of every queued job.
 */
export const EnqueueRequestSchema = z
  .object({
    /** The exact PNG the API will see (the canvas' snapped export). */
    sketch: SketchPngDataUrlSchema,
    thumbnail: JobThumbnailSchema,
    /** The draft's Fabric scene (for Remix from the gallery), or null. */
    scene: z
      .string()
      .max(64 * 1024 * 1024)
      .nullable(),
    draftId: DraftIdSchema.nullable(),
    variants: z.array(GenerationParamsSchema).min(1).max(ENQUEUE_MAX_VARIANTS),
    front: z.boolean(),
  })
  .strict();
export type EnqueueRequest = z.infer<typeof EnqueueRequestSchema>;

const ById = z.object({ id: JobIdSchema }).strict();

export const CancelOutcomeSchema = z.enum(['canceled', 'runningNotCancelable', 'settling', 'alreadyFinal']);
export type CancelOutcome = z.infer<typeof CancelOutcomeSchema>;

export const jobsChannels = {
  'jobs.enqueue': channel(EnqueueRequestSchema, z.object({ ids: z.array(JobIdSchema), setId: z.string().nullable() })),
  'jobs.list': channel(z.undefined(), JobsSnapshotSchema),
  /**
   * Queued: removed from the queue (kept as `canceled`). PENDING on the server: cancelled through
   * the API. RUNNING: cannot be cancelled; `runningNotCancelable`, and the results are still collected.
   * A create whose answer was lost: `settling`, the cancel is kept until the app knows whether it
   * made a task (none: canceled; PENDING: cancelled on the server; RUNNING: its results collected).
   */
  'jobs.cancel': channel(ById, z.object({ outcome: CancelOutcomeSchema })),
  /** A failed, canceled or expired job goes back to the queue (a new task; the sketch is kept). */
  'jobs.retry': channel(ById, z.null()),
  /**
   * The user's answer to a `chooseTask` wait: `taskId` is the task the lost create made (one of
   * the candidates), or null: none of them, send again.
   */
  'jobs.settle': channel(z.object({ id: JobIdSchema, taskId: TaskIdSchema.nullable() }).strict(), z.null()),
  'jobs.moveToFront': channel(ById, z.null()),
  'jobs.setPaused': channel(z.object({ paused: z.boolean() }).strict(), z.null()),
  /** Removes finished jobs (done, partial, failed, canceled, expired) from the list. */
  'jobs.clearFinished': channel(z.undefined(), z.object({ removed: z.number().int() })),
  /** Forgets the quarantined job files listed in the snapshot (they stay in the quarantine folder). */
  'jobs.dismissProblems': channel(z.undefined(), z.null()),
  'usage.get': channel(z.undefined(), UsageSummarySchema),
  'usage.setQuota': channel(UsageQuotaSchema, UsageSummarySchema),
};

export const jobsEvents = {
  'jobs.changed': JobsSnapshotSchema,
  'usage.changed': UsageSummarySchema,
};

export const JOB_ERROR_CODES = [
  /** The sketch is not a PNG, not square, outside SKETCH_MIN_PX–SKETCH_MAX_PX or over SKETCH_MAX_BYTES. */
  'jobs.badSketch',
  'jobs.notFound',
  /** The action does not apply to the job's state (e.g. retry a running job). */
  'jobs.wrongState',
  /** A job record could not be written (full disk…); the queue is paused, the last record is intact. */
  'jobs.writeFailed',
  /** The result URL expired (24 h) before it was downloaded. */
  'jobs.resultExpired',
  /** A result was not a decodable PNG/JPEG of the expected size. */
  'jobs.badResult',
  /** A result URL pointed somewhere results never are (another scheme or host, a redirect): not fetched. */
  'jobs.resultRefused',
  /** Submitted more than 24 h ago: the task can no longer be queried. */
  'jobs.taskExpired',
  /** DashScope answered UNKNOWN for the task with its own key before 24 h; looked at again before concluding. */
  'jobs.taskUnknown',
] as const;
export type JobErrorCode = (typeof JOB_ERROR_CODES)[number];
