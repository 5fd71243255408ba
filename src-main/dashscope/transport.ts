import type { z } from 'zod';
import { AppFailure } from '../../src-preload/contract/result';
import type { FetchLike } from '../common/fetch';
import { API_BODY_LIMIT_BYTES, isBodyTooLarge, readTextCapped } from '../common/read-body';
import { errorText, isRedirectRefusal } from '../common/redirect-refusal';
import { displayEndpoint, originOf } from '../common/endpoint-url';
import { DashScopeError, serverError } from './errors';
import type { RequestOutcome } from './errors';
import { errorBodySchema } from './wire';

export interface HttpCall {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: string | FormData;
  /** Wall-clock budget for the whole exchange, body included. */
  timeoutMs: number;
  signal?: AbortSignal | undefined;
}

export interface HttpReply {
  status: number;
  headers: Headers;
  text: string;
}

/**
 * Error codes (Node/undici and Chromium `net::` names) that prove the request never left this
 * machine, so resending cannot duplicate anything. Everything else may have reached the server.
 */
const NOT_SENT_MARKERS = [
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
  'ERR_CONNECTION_REFUSED',
  'ERR_NAME_NOT_RESOLVED',
  'ERR_INTERNET_DISCONNECTED',
  'ERR_ADDRESS_UNREACHABLE',
  'ERR_PROXY_CONNECTION_FAILED',
  'ERR_NETWORK_CHANGED',
];

function networkOutcome(e: unknown): RequestOutcome {
  const text = errorText(e);
  return NOT_SENT_MARKERS.some((m) => text.includes(m)) ? 'not-sent' : 'unknown';
}

function redirectRefused(url: string): AppFailure {
  // The host, not the request's path (a task id means nothing to the person reading it).
  const endpoint = originOf(url) ?? displayEndpoint(url);
  return new AppFailure('secrets.redirectRefused', `${endpoint} answered with a redirect; it was not followed.`, {
    endpoint,
  });
}

/**
 * One HTTP exchange; throws DashScopeError for anything that is not a complete response, and
 * AppFailure `secrets.redirectRefused` for a redirect (never followed, nothing forwarded).
 */
export async function send(fetchImpl: FetchLike, call: HttpCall): Promise<HttpReply> {
  if (call.signal?.aborted) {
    throw new DashScopeError({
      code: 'Client.Aborted',
      message: 'The request was cancelled.',
      status: 0,
      outcome: 'not-sent',
    });
  }
  // Network time, not simulated time: a timeout guards a real socket, so it uses a real timer.
  const timeout = AbortSignal.timeout(call.timeoutMs);
  const signal = call.signal ? AbortSignal.any([call.signal, timeout]) : timeout;
  const fail = (e: unknown, outcome: RequestOutcome): DashScopeError => {
    if (call.signal?.aborted) {
      return new DashScopeError({
        code: 'Client.Aborted',
        message: 'The request was cancelled.',
        status: 0,
        outcome: 'unknown',
        cause: e,
      });
    }
    if (timeout.aborted) {
      return new DashScopeError({
        code: 'Client.Timeout',
        message: `No complete response within ${call.timeoutMs} ms.`,
        status: 0,
        outcome: 'unknown',
        cause: e,
      });
    }
    return new DashScopeError({
      code: 'Client.NetworkError',
      message: `Network error: ${errorText(e).trim().slice(0, 200)}`,
      status: 0,
      outcome,
      cause: e,
    });
  };
  let res: Response;
  try {
    // Never follow a redirect: the Authorization header would go where the key was not saved for.
    res = await fetchImpl(call.url, {
      method: call.method,
      headers: call.headers,
      body: call.body,
      signal,
      redirect: 'error',
    });
  } catch (e) {
    if (isRedirectRefusal(e)) throw redirectRefused(call.url);
    throw fail(e, networkOutcome(e));
  }
  // A fetch that ignored `redirect: 'error'` (or answered a manual-mode 3xx): refuse it all the same.
  if (res.redirected || res.type === 'opaqueredirect' || (res.status >= 300 && res.status < 400)) {
    await res.body?.cancel().catch(() => undefined);
    throw redirectRefused(call.url);
  }
  try {
    return { status: res.status, headers: res.headers, text: await readTextCapped(res, API_BODY_LIMIT_BYTES, signal) };
  } catch (e) {
    if (isBodyTooLarge(e)) {
      // The server answered, with more than any DashScope reply holds: unusable, and asking again
      // would only fetch the same flood.
      throw new DashScopeError({
        code: 'Client.BadResponse',
        message: e.message,
        status: res.status,
        outcome: 'unknown',
        retryable: false,
        cause: e,
      });
    }
    // Headers arrived, so the server saw the request; only the body got lost.
    throw fail(e, 'unknown');
  }
}

export function retryAfterMs(headers: Headers, now: number): number | undefined {
  const v = headers.get('retry-after');
  if (!v) return undefined;
  if (/^\d+$/.test(v.trim())) return Number(v.trim()) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function requestIdOf(parsed: unknown): string | undefined {
  if (parsed && typeof parsed === 'object' && 'request_id' in parsed) {
    const id = (parsed as { request_id: unknown }).request_id;
    return typeof id === 'string' ? id : undefined;
  }
  return undefined;
}

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Turns a DashScope reply into the schema's value, or a typed error. A 200 whose body does not
 * fit is `Client.BadResponse` with outcome `unknown`: the server accepted the request.
 */
export function decode<S extends z.ZodType>(reply: HttpReply, schema: S, now: number): z.output<S> {
  const parsed = tryJson(reply.text);
  if (reply.status === 200) {
    const result = schema.safeParse(parsed);
    if (result.success) return result.data;
    throw new DashScopeError({
      code: 'Client.BadResponse',
      message: `Unexpected response shape: ${
        result.error.issues
          .slice(0, 3)
          .map((i) => `${i.path.join('.')}: ${i.message}`)
          .join('; ') || 'not JSON'
      }`,
      status: 200,
      requestId: requestIdOf(parsed),
      outcome: 'unknown',
    });
  }
  throw httpError(reply, parsed, now);
}

function httpError(reply: HttpReply, parsed: unknown, now: number): DashScopeError {
  // A gateway timeout may hide a request the backend did process.
  const outcome: RequestOutcome = reply.status === 504 || reply.status === 502 ? 'unknown' : 'not-processed';
  const retryAfter = retryAfterMs(reply.headers, now);
  const body = errorBodySchema.safeParse(parsed);
  if (body.success) {
    return serverError(reply.status, body.data.code, body.data.message ?? body.data.msg ?? '', body.data.request_id, {
      outcome,
      retryAfterMs: retryAfter,
    });
  }
  return new DashScopeError({
    code: 'Client.BadResponse',
    message: `HTTP ${reply.status} with an unreadable body.`,
    status: reply.status,
    requestId: requestIdOf(parsed),
    outcome,
    retryAfterMs: retryAfter,
    retryable: reply.status === 429 || reply.status >= 500,
  });
}
