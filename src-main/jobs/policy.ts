import type { JobError } from '../../src-preload/contract/domain/jobs';
import { AppFailure } from '../../src-preload/contract/result';
import { DashScopeError } from '../dashscope/errors';

/** The queue's own backoff, on top of the client's few quick retries: ×1.9 from ~200 ms up to 15 min. */
export interface BackoffPolicy {
  baseMs: number;
  factor: number;
  maxMs: number;
  random: () => number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 200, factor: 1.9, maxMs: 15 * 60_000, random: Math.random };

/** Delay before retry number `attempt` (1-based): equal jitter, and a server's Retry-After wins when longer. */
export function backoffMs(p: BackoffPolicy, attempt: number, retryAfterMs?: number): number {
  const window = Math.min(p.maxMs, p.baseMs * p.factor ** Math.max(0, attempt - 1));
  return Math.round(Math.max(window / 2 + (window / 2) * p.random(), Math.min(retryAfterMs ?? 0, p.maxMs)));
}

/** At most `perWindow` creates in any `windowMs` (DashScope: 2 task submissions per second). */
export class RateGate {
  private readonly sent: number[] = [];

  constructor(
    private readonly perWindow = 2,
    private readonly windowMs = 1000,
  ) {}

  /** When the next create may go out (≤ now means at once). */
  nextAt(now: number): number {
    while (this.sent.length > 0 && (this.sent[0] ?? 0) <= now - this.windowMs) this.sent.shift();
    if (this.sent.length < this.perWindow) return now;
    // A small margin: the server's one-second window and ours do not start at the same instant.
    return (this.sent[0] ?? now) + this.windowMs + 50;
  }

  take(now: number): void {
    this.sent.push(now);
  }
}

export type Verdict =
  /** Try again after a backoff; `network` asks the online monitor to check first. */
  | { kind: 'retry'; code: string; retryAfterMs?: number | undefined; network: boolean }
  | { kind: 'noApiKey' }
  | { kind: 'aborted' }
  /** Retrying cannot help: fail the job with this error. */
  | { kind: 'fail'; error: JobError };

const RETRYABLE_STORAGE_STATUS =
  /^(?:Throttling.*|InternalError.*|SystemError|RequestTimeOut|ModelUnavailable|Client\.(?:NetworkError|Timeout|BadResponse)|5\d\d|429)$/;

/** What a failed step means for its job. */
export function classify(e: unknown): Verdict {
  if (e instanceof DashScopeError) {
    if (e.code === 'Client.Aborted') return { kind: 'aborted' };
    if (e.code === 'Client.MissingApiKey') return { kind: 'noApiKey' };
    const network = e.code === 'Client.NetworkError' || e.code === 'Client.Timeout';
    // A 429 is throttling whatever its code says; a 5xx is the server's trouble.
    if (
      e.retryable ||
      e.status === 429 ||
      (e.status >= 500 && e.code !== 'Client.UnrecognizedError') ||
      e.code === 'Client.ReconcileFailed'
    ) {
      return { kind: 'retry', code: e.code, retryAfterMs: e.retryAfterMs, network };
    }
    return { kind: 'fail', error: { code: e.code, message: e.message.slice(0, 500) } };
  }
  if (e instanceof AppFailure) {
    if (e.code === 'secrets.noApiKey') return { kind: 'noApiKey' };
    if (e.code === 'storage.unreachable') return { kind: 'retry', code: e.code, network: true };
    const status = e.params?.status;
    if (e.code === 'storage.rejected' && status !== undefined && RETRYABLE_STORAGE_STATUS.test(String(status))) {
      return { kind: 'retry', code: String(status), network: false };
    }
    return {
      kind: 'fail',
      error: { code: e.code, message: e.message.slice(0, 500), ...(e.params ? { params: e.params } : {}) },
    };
  }
  if (e instanceof Error && (e.name === 'AbortError' || e.name === 'TimeoutError')) return { kind: 'aborted' };
  return {
    kind: 'fail',
    error: { code: 'internal', message: e instanceof Error ? e.message.slice(0, 500) : String(e) },
  };
}
