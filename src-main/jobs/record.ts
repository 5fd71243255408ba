import { z } from 'zod';
import { JobViewSchema, type JobView } from '../../src-preload/contract/domain/jobs';
import { TaskIdSchema } from '../../src-preload/contract/domain/gallery';
import { StorageAdapterIdSchema } from '../../src-preload/contract/domain/storage';
import { SHA256_HEX_PATTERN } from '../common/sha256';
import type { TaskIdentity } from '../secrets/client-pool';
import type { UploadResult } from '../storage/types';

/**
 * The durable job record (`<dataDir>/jobs/<id>.json`): everything a job needs to run, resume
 * after a crash and never pay twice. More than the renderer's JobView: the upload, the create's
 * timing, the task's results. The sketch PNG and the scene live beside it (`<id>.sketch.png`,
 * `<id>.scene.json`), so a queued job needs nothing else and the draft may change afterwards.
 */
export const JOB_RECORD_VERSION = 1;

const UploadSchema = z.object({
  url: z.string().max(4096),
  expiresAt: z.number().int().nullable(),
  /** When this process got the URL (absent in records from before it was kept). */
  uploadedAt: z.number().int().optional(),
  headers: z.record(z.string(), z.string()),
  /** The uploader's own reference, kept whole (it may carry more than adapter and key) for release(). */
  ref: z.looseObject({ adapter: StorageAdapterIdSchema, key: z.string().max(2048) }),
  /** Released to the uploader once the task ended (the object may be deleted then). */
  released: z.boolean(),
});
export type JobUpload = z.infer<typeof UploadSchema>;
/** The record keeps the uploader's reference as it was handed out. */
export const uploadRef = (u: JobUpload) => u.ref as UploadResult['ref'];

const ResultSchema = z.object({
  /** `usage.image_count`. */
  imageCount: z.number().int().min(0),
  images: z.array(z.object({ index: z.number().int().min(0), url: z.string().max(8192) })),
  failures: z.array(z.object({ index: z.number().int().min(0), code: z.string(), message: z.string() })),
  /** Server times converted to epoch ms, or null. */
  scheduledAt: z.number().int().nullable(),
  endedAt: z.number().int().nullable(),
  requestId: z.string().max(200).nullable(),
});
export type JobResult = z.infer<typeof ResultSchema>;

/** The endpoint, key and workspace the create used; the task is followed with them to its end. */
const TaskIdentitySchema = z.object({
  baseUrl: z.string().max(2048),
  keyAccount: z.string().max(2300),
  keyId: z.string().regex(/^[0-9a-f]{12}$/),
  workspace: z.string().max(200).nullable(),
}) satisfies z.ZodType<TaskIdentity>;

/** What the record shares with the renderer's JobView: written once, in the contract. */
const JobFieldsSchema = JobViewSchema.omit({ etaAt: true });
type JobFields = z.infer<typeof JobFieldsSchema>;
const JOB_FIELDS = Object.keys(JobFieldsSchema.shape) as (keyof JobFields)[];

export const JobRecordSchema = JobFieldsSchema.extend({
  schemaVersion: z.literal(JOB_RECORD_VERSION),
  /** sha256 of `<id>.sketch.png`, checked on load. */
  sketchSha256: z.string().regex(SHA256_HEX_PATTERN),
  hasScene: z.boolean(),
  /** Run order among active jobs (smaller first). */
  order: z.number(),
  upload: UploadSchema.nullable(),
  /** When the create for the current attempt first went out; a crash while `submitting` reconciles from here. */
  submittingAt: z.number().int().nullable(),
  /**
   * Who the create of the current attempt was sent as, written with `submitting` (before the
   * create), so a reconcile, the polls, a cancel and a restart all use it. Null before the first
   * create, and in records from before it was kept (those follow the settings of the moment).
   */
  identity: TaskIdentitySchema.nullable().default(null),
  /** The create exchange (client clock), for the poller's calibration. */
  created: z.object({ sentAt: z.number().int(), receivedAt: z.number().int() }).nullable(),
  requestId: z.string().max(200).nullable(),
  /** Tasks earlier attempts of this job made (a retry is a new task); never adopted again. */
  previousTaskIds: z.array(TaskIdSchema).max(100),
  /** Local time the task was first seen RUNNING (for the ETA). */
  runningAt: z.number().int().nullable(),
  result: ResultSchema.nullable(),
  /** Retryable failures in a row (backoff attempt). */
  attempts: z.number().int().min(0),
  /** Records from before recovered generations were kept have none. */
  recoveredFrom: JobFieldsSchema.shape.recoveredFrom.default(null),
});
export type JobRecord = z.infer<typeof JobRecordSchema>;

/** The view of a record: its shared fields (none of the record's own) and the ETA. */
export function toJobView(r: JobRecord, etaAt: number | null): JobView {
  const view: Partial<Record<keyof JobFields, unknown>> = {};
  for (const k of JOB_FIELDS) view[k] = r[k];
  return { ...(view as JobFields), etaAt };
}

/** A new job, `queued`, with nothing sent yet. */
export function newJobRecord(
  a: Pick<JobRecord, 'id' | 'params' | 'setId' | 'draftId' | 'thumbnail' | 'sketchSha256' | 'hasScene' | 'order'> & {
    now: number;
  },
): JobRecord {
  const { now, ...fields } = a;
  return {
    schemaVersion: JOB_RECORD_VERSION,
    ...fields,
    state: 'queued',
    createdAt: now,
    updatedAt: now,
    upload: null,
    submittingAt: null,
    identity: null,
    created: null,
    taskId: null,
    requestId: null,
    submittedAt: null,
    previousTaskIds: [],
    runningAt: null,
    result: null,
    endedAt: null,
    attempts: 0,
    wait: null,
    error: null,
    galleryId: null,
    images: null,
    cancelRequested: false,
    recoveredFrom: null,
  };
}

/**
 * A failed, canceled or expired job queued again: a new task from the same sketch and
 * parameters. The old task id is remembered so reconciliation never adopts it.
 */
export function requeued(r: JobRecord, order: number): JobRecord {
  const { id, params, setId, draftId, thumbnail, sketchSha256, hasScene } = r;
  const fresh = newJobRecord({
    id,
    params,
    setId,
    draftId,
    thumbnail,
    sketchSha256,
    hasScene,
    order,
    now: r.createdAt,
  });
  return {
    ...fresh,
    updatedAt: r.updatedAt,
    previousTaskIds: r.taskId ? [...r.previousTaskIds, r.taskId].slice(-100) : r.previousTaskIds,
  };
}
