import { isRetryableCode, isServerErrorCode } from './codes';
import type { DashScopeErrorCode } from '../../src-preload/contract/dashscope-codes';

/**
 * Whether the server may have acted on the request. Only `not-processed` makes a create safe to
 * send again; `unknown` (the connection died after the request left) must be reconciled first,
 * or the user could be billed twice.
 */
export type RequestOutcome = 'not-sent' | 'not-processed' | 'unknown';

export interface DashScopeErrorInit {
  code: DashScopeErrorCode;
  message: string;
  /** HTTP status; 0 when no response arrived. */
  status: number;
  requestId?: string | undefined;
  /** The raw code the server sent when it is not in our list (kept for diagnostics). */
  serverCode?: string | undefined;
  outcome?: RequestOutcome;
  /** Milliseconds from a Retry-After header, when the server sent one. */
  retryAfterMs?: number | undefined;
  /** Overrides the per-code default, e.g. for a garbled 5xx from a gateway. */
  retryable?: boolean;
  cause?: unknown;
}

export class DashScopeError extends Error {
  override readonly name = 'DashScopeError';
  readonly code: DashScopeErrorCode;
  readonly status: number;
  readonly requestId: string | undefined;
  readonly serverCode: string | undefined;
  readonly outcome: RequestOutcome;
  readonly retryAfterMs: number | undefined;
  /** Trying the same request again later can help (throttling, transient faults, network). */
  readonly retryable: boolean;

  constructor(init: DashScopeErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.code = init.code;
    this.status = init.status;
    this.requestId = init.requestId;
    this.serverCode = init.serverCode;
    this.outcome = init.outcome ?? 'not-processed';
    this.retryAfterMs = init.retryAfterMs;
    this.retryable = init.retryable ?? isRetryableCode(init.code);
  }

  /** A plain object safe to log or send over IPC (no cause chain, no secrets). */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      status: this.status,
      requestId: this.requestId,
      serverCode: this.serverCode,
      outcome: this.outcome,
      retryable: this.retryable,
    };
  }
}

/** Maps a code string from a DashScope body to our typed code, keeping the raw one if unknown. */
export function serverError(
  status: number,
  rawCode: string,
  message: string,
  requestId: string | undefined,
  extra: Partial<DashScopeErrorInit> = {},
): DashScopeError {
  const known = isServerErrorCode(rawCode);
  return new DashScopeError({
    code: known ? rawCode : 'Client.UnrecognizedError',
    serverCode: known ? undefined : rawCode,
    message,
    status,
    requestId,
    ...extra,
  });
}
