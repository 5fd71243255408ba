import {
  DASHSCOPE_SERVER_ERROR_CODES,
  type DashScopeErrorCode,
  type DashScopeServerErrorCode,
} from '../../src-preload/contract/dashscope-codes';

/** How the client reads a code: whether the service sent it, and whether waiting can fix it. */
const serverCodes: ReadonlySet<string> = new Set(DASHSCOPE_SERVER_ERROR_CODES);

export function isServerErrorCode(code: string): code is DashScopeServerErrorCode {
  return serverCodes.has(code);
}

/**
 * Codes for which trying the same thing again later can succeed without the user changing
 * anything: throttling, transient server trouble, the network. Quota and billing codes are not
 * here: waiting seconds does not fix an empty balance.
 */
const RETRYABLE: ReadonlySet<DashScopeErrorCode> = new Set<DashScopeErrorCode>([
  'Throttling',
  'Throttling.RateQuota',
  'Throttling.BurstRate',
  'RequestTimeOut',
  'InternalError',
  'InternalError.Algo',
  'InternalError.Timeout',
  'InternalError.Upload',
  'SystemError',
  'ModelUnavailable',
  'Client.NetworkError',
  'Client.Timeout',
  'Client.BadResponse',
]);

export function isRetryableCode(code: DashScopeErrorCode): boolean {
  return RETRYABLE.has(code);
}
