import {
  generationStatusOf,
  type GalleryAddInput,
  type GallerySettle,
  type GallerySink,
  type ImageStatus,
  type ImageStatusInput,
} from '../../../src-preload/contract/domain/gallery';
import type { JobError, JobState } from '../../../src-preload/contract/domain/jobs';
import { AppFailure } from '../../../src-preload/contract/result';
import type { FetchLike } from '../../common/fetch';
import type { JobStore } from '../job-store';
import type { JobRecord } from '../record';
import { fetchResultImage, linkExpired, linkExpiresAt, type ImageAttempt } from './fetch-image';
import { resultSlots } from './slots';
import type { ServerClock } from '../../dashscope/time';

export interface HandOverDeps {
  readonly gallery: GallerySink;
  readonly store: Pick<JobStore, 'readSketch' | 'readScene'>;
  readonly fetch: FetchLike;
  readonly now: () => number;
}

export interface HandOverContext {
  /** Base URL of the endpoint whose answer named the result URLs. */
  readonly endpoint: string;
  /** The server's clock as this job's downloads have seen it. */
  readonly server: ServerClock;
  /** Budget of one try at one image (this round's, grown with the rounds before). */
  readonly timeoutMs: number;
  readonly signal: AbortSignal;
}

/** How a finished task ends its job, once its images are in the gallery. */
export interface Collected {
  readonly galleryId: string;
  readonly images: { ok: number; failed: number; lost: number };
  readonly state: Extract<JobState, 'done' | 'partial' | 'failed'>;
  readonly error: JobError | null;
}

/** A round of downloads: the job is collected, or some images are still coming (why, for the wait). */
export type HandOver =
  | { readonly kind: 'collected'; readonly collected: Collected }
  | { readonly kind: 'pending'; readonly galleryId: string; readonly detail: string };

/** The job's end as the gallery entry holds it (never the other way round: the gallery is the truth). */
function outcome(statuses: readonly ImageStatus[]): Omit<Collected, 'galleryId'> {
  const count = (k: ImageStatus['status']) => statuses.filter((s) => s.status === k).length;
  const images = { ok: count('ok'), failed: count('failed'), lost: count('lost') };
  const state = images.ok === statuses.length ? 'done' : images.ok > 0 ? 'partial' : 'failed';
  const bad = statuses.find((s) => s.status !== 'ok');
  let error: JobError | null = null;
  if (bad?.status === 'failed') error = { code: bad.code, message: bad.message.slice(0, 500) };
  else if (bad?.status === 'lost')
    error = {
      code: /^(jobs\.[A-Za-z]+):/.exec(bad.reason)?.[1] ?? 'jobs.resultExpired',
      message: bad.reason.slice(0, 500),
    };
  return { images, state, error };
}

/**
 * One round of hand-over: every image of the task not yet in the gallery is downloaded on its
 * own (in parallel, each checked); the first round makes the gallery entry with what arrived,
 * later rounds settle the images that were still coming. An image that keeps failing stays
 * `pending` until its link expires by the server's clock, then it is `lost`. Safe to run again
 * after a crash at any point: add() is idempotent per task id and settleImages() per slot, and
 * the job's outcome is read from the entry, never assumed.
 */
export async function handOver(job: JobRecord, deps: HandOverDeps, ctx: HandOverContext): Promise<HandOver> {
  const { result, taskId } = job;
  if (!result || !taskId) throw new Error(`job ${job.id} has no task result`);
  const endedAt = result.endedAt ?? job.endedAt ?? deps.now();
  const slots = resultSlots(result, job.params.n);
  const entry = await deps.gallery.imagesOf(taskId);
  const stored = new Map(entry?.images.map((i) => [i.index, i]));

  // Slots still to fetch: all URLs for a new entry, the pending ones of an existing entry.
  const wanted = slots.filter((s) => s.kind === 'url' && (entry === null || stored.get(s.index)?.status === 'pending'));
  const tries = await Promise.all(
    wanted.map(async (s) => {
      const url = s.kind === 'url' ? s.url : '';
      const attempt = await fetchResultImage(url, {
        fetch: deps.fetch,
        endpoint: ctx.endpoint,
        signal: ctx.signal,
        server: ctx.server,
        now: deps.now,
        timeoutMs: ctx.timeoutMs,
      });
      return { index: s.index, url, attempt };
    }),
  );
  const settled = new Map<number, { status: ImageStatusInput; attempt: ImageAttempt }>();
  const retries: string[] = [];
  for (const { index, url, attempt } of tries) {
    let status: ImageStatusInput;
    if (attempt.kind === 'ok') status = { index, status: 'ok' };
    else if (attempt.kind === 'lost') status = { index, status: 'lost', reason: attempt.reason };
    else {
      const until = linkExpiresAt(url, endedAt);
      // Judged after the round, so this round's answers have told us the server's time.
      status = linkExpired(until, deps.now(), ctx.server)
        ? { index, status: 'lost', reason: `jobs.resultExpired: the link expired while it failed (${attempt.detail})` }
        : { index, status: 'pending', until };
      if (status.status === 'pending') retries.push(`result ${index + 1}: ${attempt.detail}`);
    }
    settled.set(index, { status, attempt });
  }

  let id: string;
  let images: readonly ImageStatus[];
  if (entry === null) {
    const statuses: ImageStatusInput[] = slots.map((s) =>
      s.kind === 'failed'
        ? { index: s.index, status: 'failed', code: s.code, message: s.message }
        : settled.get(s.index)!.status,
    );
    const meta: GalleryAddInput['meta'] = {
      taskId,
      requestId: result.requestId ?? job.requestId,
      jobId: job.id,
      params: job.params,
      status: generationStatusOf(statuses),
      times: {
        enqueuedAt: job.createdAt,
        submittedAt: job.submittedAt,
        scheduledAt: result.scheduledAt,
        endedAt: result.endedAt,
      },
      adapter: job.upload?.ref.adapter ?? 'unknown',
      imageCount: result.imageCount,
      images: statuses,
      setId: job.setId,
      draftId: job.draftId,
    };
    const sketchPng = await deps.store.readSketch(job.id);
    const scene = job.hasScene ? await deps.store.readScene(job.id) : null;
    const results = [...settled].flatMap(([index, s]) =>
      s.attempt.kind === 'ok' ? [{ index, bytes: s.attempt.bytes }] : [],
    );
    ({ id } = await deps.gallery.add({ meta, sketchPng, scene, results }));
    // The job ends as the entry is, whoever made it: read it back rather than assume.
    const made = await deps.gallery.imagesOf(taskId);
    if (!made)
      throw new AppFailure('gallery.ioError', 'The gallery entry just made could not be read back.', { taskId });
    images = made.images;
  } else {
    const changes: GallerySettle[] = [];
    for (const [, s] of settled) {
      if (s.attempt.kind === 'ok')
        changes.push({ status: { index: s.status.index, status: 'ok' }, bytes: s.attempt.bytes });
      else if (
        s.status.status !== 'ok' &&
        (s.status.status !== 'pending' || stored.get(s.status.index)?.status !== 'pending')
      )
        changes.push({ status: s.status });
    }
    ({ id, images } = changes.length > 0 ? await deps.gallery.settleImages(taskId, changes) : entry);
  }
  if (images.some((i) => i.status === 'pending'))
    return { kind: 'pending', galleryId: id, detail: retries.join('; ') || 'waiting for images' };
  return { kind: 'collected', collected: { galleryId: id, ...outcome(images) } };
}
