import type { GalleryAddInput, GallerySink, GenerationStatus, ImageStatusInput } from '../../src-preload/contract/domain/gallery';
import type { JobError, JobState } from '../../src-preload/contract/domain/jobs';
import type { FetchLike } from '../common/fetch';
import type { JobStore } from './job-store';
import type { JobRecord } from './record';
import { downloadResults } from './results';

export interface HandOverDeps {
  readonly gallery: GallerySink;
  readonly store: Pick<JobStore, 'readSketch' | 'readScene'>;
  readonly fetch: FetchLike;
}

/** How a finished task ends its job, once its images are in the gallery. */
export interface Collected {
  readonly galleryId: string;
  readonly images: { ok: number; failed: number; lost: number };
  readonly state: Extract<JobState, 'done' | 'partial' | 'failed'>;
  readonly error: JobError | null;
}

function outcome(statuses: readonly ImageStatusInput[]): Omit<Collected, 'galleryId'> {
  const count = (k: ImageStatusInput['status']) => statuses.filter((s) => s.status === k).length;
  const images = { ok: count('ok'), failed: count('failed'), lost: count('lost') };
  const state = images.ok === statuses.length ? 'done' : images.ok > 0 ? 'partial' : 'failed';
  const bad = statuses.find((s) => s.status !== 'ok');
  let error: JobError | null = null;
  if (bad?.status === 'failed') error = { code: bad.code, message: bad.message.slice(0, 500) };
  else if (bad?.status === 'lost') error = { code: bad.reason.startsWith('jobs.badResult') ? 'jobs.badResult' : 'jobs.resultExpired', message: bad.reason.slice(0, 500) };
  return { images, state, error };
}

const galleryStatus = (statuses: readonly ImageStatusInput[]): GenerationStatus => {
  const ok = statuses.filter((s) => s.status === 'ok').length;
  if (ok === statuses.length) return 'done';
  if (ok > 0) return 'partial';
  return statuses.every((s) => s.status === 'lost') ? 'expired' : 'failed';
};

/**
 * Downloads a finished task's images (in parallel, each verified) and hands them to the gallery
 * with every parameter, id and time. After a crash that came after the gallery add, the entry
 * that exists is used and nothing is downloaded again (add() is idempotent per task id).
 */
export async function collectResults(job: JobRecord, deps: HandOverDeps, signal: AbortSignal): Promise<Collected> {
  const { result, taskId } = job;
  if (!result || !taskId) throw new Error(`job ${job.id} has no task result`);
  const meta: Omit<GalleryAddInput['meta'], 'status' | 'images'> = {
    taskId,
    requestId: result.requestId ?? job.requestId,
    jobId: job.id,
    params: job.params,
    times: { enqueuedAt: job.createdAt, submittedAt: job.submittedAt, scheduledAt: result.scheduledAt, endedAt: result.endedAt },
    adapter: job.upload?.ref.adapter ?? 'unknown',
    imageCount: result.imageCount,
    setId: job.setId,
    draftId: job.draftId,
  };
  const sketchPng = await deps.store.readSketch(job.id);
  if (await deps.gallery.hasTask(taskId)) {
    const statuses: ImageStatusInput[] = [
      ...result.images.map((i): ImageStatusInput => ({ index: i.index, status: 'ok' })),
      ...result.failures.map((f): ImageStatusInput => ({ index: f.index, status: 'failed', code: f.code, message: f.message })),
    ];
    const { id } = await deps.gallery.add({ meta: { ...meta, status: galleryStatus(statuses), images: statuses }, sketchPng, scene: null, results: [] });
    return { galleryId: id, ...outcome(statuses) };
  }
  const got = await downloadResults(result, job.params.n, { fetch: deps.fetch, signal });
  const scene = job.hasScene ? await deps.store.readScene(job.id) : null;
  const { id } = await deps.gallery.add({ meta: { ...meta, status: galleryStatus(got.statuses), images: got.statuses }, sketchPng, scene, results: got.images });
  return { galleryId: id, ...outcome(got.statuses) };
}
