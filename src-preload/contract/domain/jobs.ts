import { z } from 'zod';
import { DraftIdSchema } from './drafts';
import { GenerationParamsSchema } from './generation';
import { GalleryIdSchema, SetIdSchema, TaskIdSchema } from './gallery';

/**
 * Jobs as every process sees them. One job is one DashScope task: one sketch, one parameter
 * set. The queue (src-main/jobs/) owns the durable record; the renderer sees `JobView`s.
 */

export const JobIdSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'not a job id');
export type JobId = z.infer<typeof JobIdSchema>;

/**
 * The states of shared/architecture.md. The record is written before the network step each
 * state leads to, so a crash anywhere resumes from the last one without paying twice.
 */
export const ACTIVE_JOB_STATES = [
  'queued',
  'uploading',
  'uploaded',
  'submitting',
  'submitted',
  'running',
  'downloading',
] as const;
export const FINAL_JOB_STATES = ['done', 'partial', 'failed', 'canceled', 'expired'] as const;
export const JobStateSchema = z.enum([...ACTIVE_JOB_STATES, ...FINAL_JOB_STATES]);
export type JobState = z.infer<typeof JobStateSchema>;
export type FinalJobState = (typeof FINAL_JOB_STATES)[number];
export const isFinalJobState = (s: JobState): s is FinalJobState => (FINAL_JOB_STATES as readonly string[]).includes(s);

/** A submitted task can be queried for 24 h; after that it is `expired` (sketch and parameters kept). */
export const TASK_QUERY_WINDOW_MS = 24 * 60 * 60 * 1000;
/** Explore asks once before queueing more images than this in one click. */
export const EXPLORE_CONFIRM_IMAGES = 16;
/** One enqueue may create at most this many jobs (8 styles × 4 weights). */
export const ENQUEUE_MAX_VARIANTS = 32;

/** A task the list shows that a create whose answer was lost may have made (the user picks). */
export const TaskCandidateSchema = z.object({
  taskId: TaskIdSchema,
  /** Server epoch ms (`gmt_create`). */
  createdAt: z.number().int(),
  status: z.string().max(20),
  /**
   * Small previews of its result images once it succeeded (main fetched the links the task query
   * returned, checked and shrank them: the window loads nothing remote), at most 4.
   */
  images: z
    .array(
      z
        .string()
        .max(64 * 1024)
        .regex(/^data:image\/webp;base64,[A-Za-z0-9+/]+={0,2}$/, 'not a preview'),
    )
    .max(4),
});
export type TaskCandidate = z.infer<typeof TaskCandidateSchema>;

/** Why a job that could run is not running now. `until` is epoch ms. */
export const JobWaitSchema = z.discriminatedUnion('reason', [
  z.object({ reason: z.literal('offline') }),
  z.object({ reason: z.literal('paused') }),
  /** The account allows one unfinished task; another job's task is running. */
  z.object({ reason: z.literal('taskInFlight') }),
  /** At most 2 creates per second. */
  z.object({ reason: z.literal('rateLimit'), until: z.number().int() }),
  /** A retryable error (429/Throttling, 5xx, network); `code` is the error it backs off from. */
  z.object({ reason: z.literal('backoff'), until: z.number().int(), code: z.string(), attempt: z.number().int() }),
  /** No API key for the configured endpoint yet. */
  z.object({ reason: z.literal('noApiKey') }),
  /**
   * The create's answer was lost: it may have made a task. The task list is read again at
   * `until`; nothing is sent again before the settle period has passed with nothing found.
   */
  z.object({ reason: z.literal('settling'), until: z.number().int() }),
  /** Several tasks could be the one the lost create made: the user says which (or none). */
  z.object({ reason: z.literal('chooseTask'), candidates: z.array(TaskCandidateSchema).min(2).max(8) }),
]);
export type JobWait = z.infer<typeof JobWaitSchema>;

/** A job's error: a translatable code (errors catalogs) and the service's own text for details. */
export const JobErrorSchema = z.object({
  code: z.string(),
  message: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});
export type JobError = z.infer<typeof JobErrorSchema>;

/** A small preview of the sketch for the Queue view (the full sketch stays in main). */
export const JobThumbnailSchema = z
  .string()
  .max(512 * 1024)
  .regex(/^data:image\/(?:png|webp|jpeg);base64,[A-Za-z0-9+/]+={0,2}$/, 'not an image data URL');

/** What the Queue view shows of one job. */
/** Per requested image once the task ended: how many came back, failed, were lost (expired URL). */
export const ImageTallySchema = z.object({ ok: z.number().int(), failed: z.number().int(), lost: z.number().int() });

export const JobViewSchema = z.object({
  id: JobIdSchema,
  state: JobStateSchema,
  params: GenerationParamsSchema,
  setId: SetIdSchema.nullable(),
  draftId: DraftIdSchema.nullable(),
  thumbnail: JobThumbnailSchema,
  /** Epoch ms. */
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
  /** When the create call returned a task id. */
  submittedAt: z.number().int().nullable(),
  /** When the task ended (or the job reached a final state). */
  endedAt: z.number().int().nullable(),
  taskId: TaskIdSchema.nullable(),
  /** Expected end of the running task from the learned run-time model, epoch ms. */
  etaAt: z.number().int().nullable(),
  /** Why the job is waiting, or null while it moves (or once final). */
  wait: JobWaitSchema.nullable(),
  error: JobErrorSchema.nullable(),
  /** Once in the gallery. */
  galleryId: GalleryIdSchema.nullable(),
  images: ImageTallySchema.nullable(),
  /** A RUNNING task cannot be cancelled on the server; the job still collects its results. */
  cancelRequested: z.boolean(),
  /**
   * Set on a generation the app recovered: a task of our key that no job claimed (a create
   * processed late after its answer was lost), collected as a copy of this job.
   */
  recoveredFrom: JobIdSchema.nullable(),
});
export type JobView = z.infer<typeof JobViewSchema>;

/** A job file that could not be read on start: moved aside and reported, never silently dropped. */
export const JobProblemSchema = z.object({
  /** The file's new name in the `quarantine/` folder. */
  file: z.string(),
  reason: z.enum(['unreadable', 'notJson', 'invalid', 'newerVersion']),
  detail: z.string(),
});
export type JobProblem = z.infer<typeof JobProblemSchema>;

/** Whether DashScope can be reached: the OS says online *and* the endpoint answered a probe. */
export const NetworkStateSchema = z.object({
  online: z.boolean(),
  /** What said offline: the OS, or the probe of the configured endpoint. */
  cause: z.enum(['os', 'probe']).nullable(),
  checkedAt: z.number().int(),
});
export type NetworkState = z.infer<typeof NetworkStateSchema>;

/** The whole queue as the Queue view shows it (order = run order for active jobs, newest first after). */
export const JobsSnapshotSchema = z.object({
  revision: z.number().int(),
  jobs: z.array(JobViewSchema),
  paused: z.boolean(),
  network: NetworkStateSchema,
  problems: z.array(JobProblemSchema),
  /** A durable write failed (full disk…): the queue is paused and says why until it can write. */
  storageError: JobErrorSchema.nullable(),
});
export type JobsSnapshot = z.infer<typeof JobsSnapshotSchema>;

/*
 * Usage: images billed per task (`usage.image_count`), counted once per task id in a durable
 * ledger, so a restart or a resumed download never counts twice.
 */
export const UsageQuotaSchema = z
  .object({
    /** Free images granted (500 for a new account); editable, some accounts get other grants. */
    images: z.number().int().min(0).max(1_000_000),
    /** Start of the quota's validity (epoch ms, e.g. account activation); valid for `days`. */
    startsAt: z.number().int().min(0),
    days: z.number().int().min(1).max(3650),
  })
  .strict();
export type UsageQuota = z.infer<typeof UsageQuotaSchema>;

/** usage.json could not be read: kept in the data folder under `file`, since `at`; counting started again. */
export const UsageDamageSchema = z.object({ file: z.string().max(200), at: z.number().int() });
export type UsageDamage = z.infer<typeof UsageDamageSchema>;

export const UsageSummarySchema = z.object({
  /** Set once a damaged usage.json was moved aside: the figures start from then (the user is told). */
  damaged: UsageDamageSchema.optional(),
  totalImages: z.number().int(),
  totalCostCny: z.number(),
  quota: UsageQuotaSchema,
  /** Free images left (never below 0) and whether the validity has run out. */
  quotaRemaining: z.number().int(),
  quotaExpired: z.boolean(),
  /** Per local day (`YYYY-MM-DD`) and month (`YYYY-MM`), newest first. */
  days: z.array(z.object({ day: z.string(), images: z.number().int(), costCny: z.number() })),
  months: z.array(z.object({ month: z.string(), images: z.number().int(), costCny: z.number() })),
});
export type UsageSummary = z.infer<typeof UsageSummarySchema>;
