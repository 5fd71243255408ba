import type { DashScopeClient } from '../dashscope/client';
import type { TaskListItem } from '../dashscope/task';
import type { SettleTiming } from './settle';
import type { TaskLedger, UnknownSend } from './task-ledger';

/**
 * "Nothing paid is lost": after a create whose answer was lost has been settled (found, chosen,
 * or sent again), a duplicate it made may still show up — a gateway that processed it minutes
 * later. The sweep lists our key's tasks and returns those stamped in that send's late window
 * that nothing of ours holds; the queue collects each as a recovered generation (paid and kept,
 * never paid and lost). Only our key (`api_key_id`, learnt first), only inside the window: a
 * task of another key, or of this key long after our send, is somebody else's.
 */
export async function sweepSend(a: {
  client: DashScopeClient;
  ledger: TaskLedger;
  send: UnknownSend;
  timing: SettleTiming;
  claimed: (taskId: string) => boolean;
  signal?: AbortSignal | undefined;
}): Promise<TaskListItem[]> {
  const apiKeyId = a.ledger.apiKeyId(a.send.owner);
  // Without our key's id every key of the account would look like ours: wait until it is learnt.
  if (apiKeyId === undefined) return [];
  const from = () => {
    const at = a.send.serverAt ?? a.client.serverClock.earliest(a.send.at);
    return at === undefined ? undefined : at - a.timing.marginMs;
  };
  const found = await a.client.lookForCreate({ model: a.send.model, apiKeyId, notBefore: from, claimed: a.claimed }, { signal: a.signal });
  const start = from();
  if (start === undefined) return [];
  return found.filter((t) => t.createdAt <= start + a.timing.lateWindowMs + a.timing.marginMs && t.status !== 'CANCELED' && t.status !== 'FAILED');
}

/** Whether a settled send's late window has closed (server time), so one last sweep ends it. */
export function windowClosed(client: DashScopeClient, send: UnknownSend, timing: SettleTiming, localNow: number): boolean {
  const start = send.serverAt ?? client.serverClock.earliest(send.at) ?? send.at;
  return client.serverClock.estimate(localNow) > start + timing.lateWindowMs + timing.sweepEveryMs;
}
