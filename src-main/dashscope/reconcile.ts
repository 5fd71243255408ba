import type { Clock } from '../common/clock';
import { DashScopeError } from './errors';
import { pause } from './retry';
import type { TaskListItem } from './task';

export interface ReconcileOptions {
  /** List lookups before concluding the lost create never registered. */
  attempts: number;
  /** Pause between lookups, giving the server time to index a just-created task. */
  delayMs: number;
  /** Tolerated difference between our clock and the server's `gmt_create`. */
  skewMarginMs: number;
}

interface TaskLister {
  listTasks(
    query: { startTime: number; endTime: number; modelName: string; pageNo: number; pageSize: number },
    options: { signal?: AbortSignal | undefined },
  ): Promise<{ totalPage: number; items: TaskListItem[] }>;
}

const MAX_PAGES = 5;

/**
 * Looks for the task a create with unknown outcome may have made: same model, created since
 * the first attempt was sent (within clock skew), not already owned by the caller.
 * Exactly one match → adopt it. None after all lookups → the create never landed (undefined).
 * Several, or a failing list API → `Client.ReconcileFailed`: we will not guess, and we will
 * not risk paying twice.
 */
export async function findCreatedTask(
  lister: TaskLister,
  a: {
    model: string;
    since: number;
    exclude: (taskId: string) => boolean;
    clock: Clock;
    options: ReconcileOptions;
    signal?: AbortSignal | undefined;
    cause: DashScopeError;
  },
): Promise<TaskListItem | undefined> {
  const { skewMarginMs } = a.options;
  for (let lookup = 0; lookup < a.options.attempts; lookup++) {
    if (lookup > 0) await pause(a.clock, a.options.delayMs, a.signal);
    const until = a.clock.now() + skewMarginMs;
    const from = a.since - skewMarginMs;
    let candidates: TaskListItem[] = [];
    try {
      for (let page = 1; page <= MAX_PAGES; page++) {
        const res = await lister.listTasks(
          { startTime: from, endTime: until, modelName: a.model, pageNo: page, pageSize: 100 },
          { signal: a.signal },
        );
        candidates.push(...res.items);
        if (page >= res.totalPage) break;
      }
    } catch (e) {
      throw new DashScopeError({
        code: 'Client.ReconcileFailed',
        message: 'The submission may have reached DashScope, and checking for it failed.',
        status: e instanceof DashScopeError ? e.status : 0,
        requestId: e instanceof DashScopeError ? e.requestId : undefined,
        outcome: 'unknown',
        cause: e,
      });
    }
    candidates = candidates.filter((t) => t.createdAt >= from && t.createdAt <= until && !a.exclude(t.taskId));
    if (candidates.length === 1) return candidates[0];
    if (candidates.length > 1) {
      throw new DashScopeError({
        code: 'Client.ReconcileFailed',
        message: `The submission may have reached DashScope and ${candidates.length} recent tasks could be it.`,
        status: 0,
        outcome: 'unknown',
        cause: a.cause,
      });
    }
  }
  return undefined;
}
