import sharp from 'sharp';
import type { TaskCandidate } from '../../src-preload/contract/domain/jobs';
import type { FetchLike } from '../common/fetch';
import type { DashScopeClient } from '../dashscope/client';
import type { TaskListItem } from '../dashscope/task';
import { ServerClock } from '../dashscope/time';
import { fetchResultImage } from './results/fetch-image';
import type { TaskLedger } from './task-ledger';

/**
 * When the looks for a create whose answer was lost happen, and how long a duplicate may turn
 * up late. Offsets are from the send (our clock); the last one ends the settle period: only a
 * look at or after it that finds nothing lets the job be sent again. Minutes, not seconds: a
 * gateway may process a request well after the client's connection died, and the list lags.
 */
export interface SettleTiming {
  readonly looksMs: readonly number[];
  /** After the settle period, a parked job (list failing, the user asked) is looked at this often. */
  readonly parkedLookMs: number;
  /** How long after a send a late duplicate is still looked for by the sweep. */
  readonly lateWindowMs: number;
  /** The sweep looks this often while a send's late window is open. */
  readonly sweepEveryMs: number;
  /** Slack on "created after our send" (server clock), beyond the bounds the clock samples give. */
  readonly marginMs: number;
}

export const DEFAULT_SETTLE: SettleTiming = {
  looksMs: [0, 3_000, 10_000, 30_000, 60_000, 120_000, 180_000],
  parkedLookMs: 60_000,
  lateWindowMs: 15 * 60_000,
  sweepEveryMs: 60_000,
  marginMs: 2_000,
};

export const settlePeriodMs = (t: SettleTiming): number => t.looksMs.at(-1) ?? 0;

/** When the next look after `elapsed` is due (ms after the send), or undefined once the period is over. */
export function nextLookOffset(t: SettleTiming, elapsed: number): number | undefined {
  return t.looksMs.find((o) => o > elapsed);
}

export type LookResult =
  { kind: 'found'; task: TaskListItem } | { kind: 'none' } | { kind: 'several'; candidates: TaskListItem[] };

/** Ties the look to the ledger: our key's id (learnt when unknown), the send's server time, what we hold. */
export async function lookOnce(a: {
  client: DashScopeClient;
  ledger: TaskLedger;
  owner: string;
  send: { at: number; serverAt: number | null };
  timing: SettleTiming;
  claimed: (taskId: string) => boolean;
  signal?: AbortSignal | undefined;
}): Promise<LookResult> {
  const candidates = await a.client.lookForCreate(
    {
      apiKeyId: a.ledger.apiKeyId(a.owner),
      notBefore: () => {
        const at = a.send.serverAt ?? a.client.serverClock.earliest(a.send.at);
        return at === undefined ? undefined : at - a.timing.marginMs;
      },
      claimed: a.claimed,
    },
    { signal: a.signal },
  );
  if (candidates.length === 1) return { kind: 'found', task: candidates[0]! };
  if (candidates.length > 1)
    return { kind: 'several', candidates: candidates.sort((x, y) => x.createdAt - y.createdAt) };
  return { kind: 'none' };
}

/**
 * A result image as a small WebP data URL for the window, fetched under the result-URL policy of
 * the endpoint that named it (the renderer never loads anything remote); null when it cannot be had.
 */
export async function previewImage(
  url: string,
  o: { fetch: FetchLike; endpoint: string; now: () => number; signal?: AbortSignal | undefined },
): Promise<string | null> {
  const got = await fetchResultImage(url, {
    fetch: o.fetch,
    endpoint: o.endpoint,
    signal: o.signal ?? new AbortController().signal,
    timeoutMs: 20_000,
    server: new ServerClock(),
    now: o.now,
  });
  if (got.kind !== 'ok') return null;
  const webp = await sharp(got.bytes).resize(96, 96, { fit: 'cover' }).webp({ quality: 70 }).toBuffer();
  return `data:image/webp;base64,${webp.toString('base64')}`;
}

/** What the user is shown of each candidate: when, its state and (once it succeeded) previews of its images. */
export async function describeCandidates(
  client: DashScopeClient,
  items: readonly TaskListItem[],
  preview: (url: string) => Promise<string | null>,
  signal?: AbortSignal,
): Promise<TaskCandidate[]> {
  return Promise.all(
    items.slice(0, 8).map(async (t): Promise<TaskCandidate> => {
      let images: string[] = [];
      let status: string = t.status;
      try {
        const snap = await client.getTask(t.taskId, { signal });
        status = snap.status;
        if (snap.status === 'SUCCEEDED') {
          const got = await Promise.all(snap.images.slice(0, 4).map((i) => preview(i.url).catch(() => null)));
          images = got.filter((x): x is string => x !== null);
        }
      } catch {
        /* shown without images; the next look tries again */
      }
      return { taskId: t.taskId, createdAt: Math.round(t.createdAt), status, images };
    }),
  );
}

/**
 * Learns the key's `api_key_id` from the list entry of one of its tasks (and, from its
 * `gmt_create`, the server's clock). Best effort: the list may not have indexed it yet.
 */
export async function learnKeyId(a: {
  client: DashScopeClient;
  ledger: TaskLedger;
  owner: string;
  taskId: string;
  created?: { sentAt: number; receivedAt: number } | undefined;
  signal?: AbortSignal | undefined;
}): Promise<void> {
  if (a.ledger.apiKeyId(a.owner) !== undefined && !a.created) return;
  const entry = await a.client.ownEntry(a.taskId, a.created, { signal: a.signal });
  if (entry?.apiKeyId !== undefined) await a.ledger.learnKey(a.owner, entry.apiKeyId);
}
