import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import {
  isFinalJobState,
  type JobsSnapshot,
  type JobView,
  type UsageQuota,
  type UsageSummary,
} from '../../../src-preload/contract/domain/jobs';
import type { AppError, Result } from '../../../src-preload/contract/result';
import { api } from '../api';

export type LoadState = 'idle' | 'loading' | 'ready' | 'error';

/**
 * The queue as main reports it: the first `jobs.list`, then every `jobs.changed` push (a whole
 * snapshot with a revision, so an older one arriving late is ignored). Usage the same way.
 */
export const useQueueStore = defineStore('queue', () => {
  const snapshot = ref<JobsSnapshot | null>(null);
  const usage = ref<UsageSummary | null>(null);
  const state = ref<LoadState>('idle');
  const error = ref<AppError | null>(null);
  const usageError = ref<AppError | null>(null);
  let subscribed = false;

  function apply(next: JobsSnapshot): void {
    if (snapshot.value && next.revision < snapshot.value.revision) return;
    snapshot.value = next;
  }

  /** Loads once and keeps listening; call again after an error to retry. */
  async function start(): Promise<void> {
    if (!subscribed) {
      subscribed = true;
      api.on('jobs.changed', (s) => {
        apply(s);
        state.value = 'ready';
        error.value = null;
      });
      api.on('usage.changed', (u) => {
        usage.value = u;
        usageError.value = null;
      });
    }
    if (state.value === 'ready' || state.value === 'loading') return;
    state.value = 'loading';
    const [jobs, use] = await Promise.all([api.jobs.list(), api.usage.get()]);
    if (jobs.ok) {
      apply(jobs.value);
      state.value = 'ready';
      error.value = null;
    } else {
      state.value = 'error';
      error.value = jobs.error;
    }
    if (use.ok) usage.value = use.value;
    else usageError.value = use.error;
  }

  const jobs = computed<JobView[]>(() => snapshot.value?.jobs ?? []);
  const active = computed(() => jobs.value.filter((j) => !isFinalJobState(j.state)));
  const finished = computed(() => jobs.value.filter((j) => isFinalJobState(j.state)));
  /** Jobs moving now (uploading, on DashScope, downloading); the rest wait, with a reason or their turn. */
  const running = computed(() => active.value.filter((j) => j.state !== 'queued' && !j.wait));
  const queued = computed(() => active.value.filter((j) => j.state === 'queued' || j.wait));

  /** Runs an action; the snapshot that follows arrives as jobs.changed. Returns the error, if any. */
  async function act<T>(call: Promise<Result<T>>): Promise<{ ok: true; value: T } | { ok: false; error: AppError }> {
    const r = await call;
    if (r.ok) void refresh();
    return r;
  }
  async function refresh(): Promise<void> {
    const r = await api.jobs.list();
    if (r.ok) apply(r.value);
  }

  const cancel = (id: string) => act(api.jobs.cancel({ id }));
  const retry = (id: string) => act(api.jobs.retry({ id }));
  const moveToFront = (id: string) => act(api.jobs.moveToFront({ id }));
  const setPaused = (paused: boolean) => act(api.jobs.setPaused({ paused }));
  const clearFinished = () => act(api.jobs.clearFinished());
  const dismissProblems = () => act(api.jobs.dismissProblems());
  async function setQuota(q: UsageQuota): Promise<AppError | null> {
    const r = await api.usage.setQuota(q);
    if (!r.ok) return r.error;
    usage.value = r.value;
    return null;
  }

  return {
    snapshot,
    usage,
    state,
    error,
    usageError,
    jobs,
    active,
    finished,
    running,
    queued,
    start,
    refresh,
    cancel,
    retry,
    moveToFront,
    setPaused,
    clearFinished,
    dismissProblems,
    setQuota,
  };
});
