/**
 * Why a queued job cannot start now, as Draw tells it. Pure, so the order is tested once:
 * what the user can fix in the app comes first (a full disk halts everything; then the key),
 * then what they chose (paused), then what they wait out (offline).
 */
export type JobBlocker = 'storage' | 'noKey' | 'paused' | 'offline';

export interface BlockerFacts {
  /** A durable write failed: the queue is halted until it can write. */
  readonly storageError: boolean;
  /** Main's word from the last secrets status: null while not known. */
  readonly keySet: boolean | null;
  /** Some job waits with `noApiKey` (main found no key for the endpoint in settings). */
  readonly waitingForKey: boolean;
  readonly paused: boolean;
  readonly online: boolean;
}

export function jobBlocker(f: BlockerFacts): JobBlocker | null {
  if (f.storageError) return 'storage';
  if (f.keySet === false || f.waitingForKey) return 'noKey';
  if (f.paused) return 'paused';
  if (!f.online) return 'offline';
  return null;
}
