import {
  ACTIVE_JOB_STATES,
  isFinalJobState,
  type JobState,
  type JobView,
} from '../../../../src-preload/contract/domain/jobs';

/** A duration as an i18n key under `queue.duration` and its parameters (whole seconds). */
export function durationParts(ms: number): { key: 's' | 'm' | 'h'; params: Record<string, number> } {
  const total = Math.max(0, Math.round(ms / 1000));
  if (total < 60) return { key: 's', params: { n: total } };
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  if (h === 0) return { key: 'm', params: { m, s: total % 60 } };
  return { key: 'h', params: { h, m } };
}

/** hh:mm:ss in the user's language, for "backing off until …". */
export const clockTime = (epochMs: number, locale: string): string =>
  new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false }).format(
    epochMs,
  );

/** Where an active job is on its way, 1-based, out of the active states; null once final. */
export function stageOf(state: JobState): { i: number; n: number } | null {
  const i = (ACTIVE_JOB_STATES as readonly string[]).indexOf(state);
  return i < 0 ? null : { i: i + 1, n: ACTIVE_JOB_STATES.length };
}

/**
 * From the click (the job's creation) to the last image: while the job is active, until now (the
 * task's own end, `endedAt`, comes before the download, so it would make the counter jump back);
 * once final, until its last write, which is after the last image was saved.
 */
export const elapsedMs = (job: JobView, now: number): number =>
  (isFinalJobState(job.state) ? job.updatedAt : now) - job.createdAt;

export const canCancel = (j: JobView) =>
  (ACTIVE_JOB_STATES as readonly string[]).includes(j.state) && !j.cancelRequested;
export const canRetry = (j: JobView) => j.state === 'failed' || j.state === 'canceled' || j.state === 'expired';
export const canMoveToFront = (j: JobView) => j.state === 'queued';
