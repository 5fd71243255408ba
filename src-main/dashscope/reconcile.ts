import { DashScopeError } from './errors';
import type { TaskListItem } from './task';

/** One page of the list API; without a time window the server lists the last 24 h. */
interface TaskLister {
  listTasks(
    query: { modelName?: string; apiKeyId?: string; pageNo: number; pageSize: number; taskId?: string },
    options: { signal?: AbortSignal | undefined },
  ): Promise<{ totalPage: number; items: TaskListItem[] }>;
}

/** Newest first, 100 a page: 500 tasks of the last 24 h are more than one key makes in the time a settle looks back. */
const MAX_PAGES = 5;

export interface CreateLook {
  model: string;
  /** Our key's `api_key_id`, once learnt: tasks of other keys of the account are never candidates. */
  apiKeyId?: string | undefined;
  /**
   * Server epoch ms: the earliest the create can have been stamped (`gmt_create`); undefined: any.
   * Asked after the first page came back, so that page's `Date` header already counts.
   */
  notBefore: () => number | undefined;
  /** Tasks already held (by a job, the sweep) or disowned: never candidates. */
  claimed: (taskId: string) => boolean;
}

/**
 * One look in the task list for tasks a create whose answer was lost may have made: same model,
 * our key when known, stamped at or after our send in the server's own time (`gmt_create` is epoch
 * ms, no time zone), not held by anything of ours. No hand-built time window: the list's default
 * is the last 24 h, read in the server's zone, whatever ours is. A failing list is
 * `Client.ReconcileFailed` (outcome unknown): we cannot tell, so nothing is sent again.
 */
export async function lookForCreate(
  lister: TaskLister,
  look: CreateLook,
  signal?: AbortSignal,
): Promise<TaskListItem[]> {
  const out: TaskListItem[] = [];
  let notBefore: number | undefined;
  try {
    for (let page = 1; page <= MAX_PAGES; page++) {
      const res = await lister.listTasks(
        { modelName: look.model, apiKeyId: look.apiKeyId, pageNo: page, pageSize: 100 },
        { signal },
      );
      out.push(...res.items);
      notBefore ??= look.notBefore();
      const oldest = res.items.at(-1)?.createdAt;
      if (page >= res.totalPage || (notBefore !== undefined && oldest !== undefined && oldest < notBefore)) break;
    }
  } catch (e) {
    if (e instanceof DashScopeError && e.code === 'Client.Aborted') throw e;
    throw new DashScopeError({
      code: 'Client.ReconcileFailed',
      message: 'The submission may have reached DashScope, and checking for it failed.',
      status: e instanceof DashScopeError ? e.status : 0,
      requestId: e instanceof DashScopeError ? e.requestId : undefined,
      outcome: 'unknown',
      cause: e,
    });
  }
  return out.filter(
    (t) =>
      (notBefore === undefined || t.createdAt >= notBefore) &&
      (look.apiKeyId === undefined || t.apiKeyId === undefined || t.apiKeyId === look.apiKeyId) &&
      (t.modelName === undefined || t.modelName === look.model) &&
      !look.claimed(t.taskId),
  );
}

/** The list entry of one task of ours: its `api_key_id` and `gmt_create` (undefined while the list has not indexed it). */
export async function ownEntry(
  lister: TaskLister,
  taskId: string,
  signal?: AbortSignal,
): Promise<TaskListItem | undefined> {
  const res = await lister.listTasks({ taskId, pageNo: 1, pageSize: 1 }, { signal });
  return res.items.find((t) => t.taskId === taskId);
}
