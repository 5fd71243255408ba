import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RouteName } from './counters';
import type { Fault } from './faults';

/** A response built by a handler but not yet written, so faults can still intervene. */
export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export const JSON_TYPE = 'application/json; charset=utf-8';

export function json(status: number, value: unknown, headers: Record<string, string> = {}): Reply {
  return { status, headers: { 'Content-Type': JSON_TYPE, ...headers }, body: Buffer.from(JSON.stringify(value)) };
}

/** DashScope's flat error body, in the documented key order (CONTRACT.md §4.1). */
export function apiError(status: number, code: string, message: string, headers: Record<string, string> = {}): Reply {
  return json(status, { request_id: randomUUID(), code, message }, headers);
}

export function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** OSS's XML error body (CONTRACT.md §1.2). */
export function ossError(status: number, code: string, message: string, hostId: string): Reply {
  const requestId = randomUUID().replace(/-/g, '').slice(0, 24).toUpperCase();
  const body =
    '<?xml version="1.0" encoding="UTF-8"?>\n<Error>\n' +
    `  <Code>${xmlEscape(code)}</Code>\n  <Message>${xmlEscape(message)}</Message>\n` +
    `  <RequestId>${requestId}</RequestId>\n  <HostId>${xmlEscape(hostId)}</HostId>\n</Error>\n`;
  return {
    status,
    headers: { 'Content-Type': 'application/xml', 'x-oss-request-id': requestId, Server: 'AliyunOSS' },
    body: Buffer.from(body),
  };
}

export class BodyTooLarge extends Error {}

export async function readBody(req: IncomingMessage, limitBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const b = chunk as Buffer;
    size += b.length;
    if (size > limitBytes) throw new BodyTooLarge();
    chunks.push(b);
  }
  return Buffer.concat(chunks);
}

function gatewayPage(status: number): Reply {
  const title = status === 504 ? '504 Gateway Time-out' : `${status} Bad Gateway`;
  return {
    status,
    headers: { 'Content-Type': 'text/html' },
    body: Buffer.from(
      `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n</body>\r\n</html>\r\n`,
    ),
  };
}

const DEFAULT_FAULT_BODY: Record<number, [string, string]> = {
  429: ['Throttling.RateQuota', 'Requests rate limit exceeded, please try again later.'],
  500: ['InternalError', 'An internal error has occured, please try again later or contact service support.'],
  503: ['ModelUnavailable', 'Model is unavailable, try again later.'],
};

export function faultReply(f: Extract<Fault, { kind: 'status' }>, oss: boolean): Reply {
  if (!f.code && (f.status === 502 || f.status === 504)) return gatewayPage(f.status);
  const [code, message] = DEFAULT_FAULT_BODY[f.status] ?? ['InternalError', DEFAULT_FAULT_BODY[500]![1]];
  return oss
    ? ossError(f.status, f.code ?? code, f.message ?? message, 'sim')
    : apiError(f.status, f.code ?? code, f.message ?? message);
}

export function realDelay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Writes a reply, or sabotages it as the fault says. Returns what the counters should record. */
export function deliver(res: ServerResponse, reply: Reply, fault: Fault | undefined): number | 'reset' {
  if (fault?.kind === 'reset') {
    res.socket?.destroy();
    return 'reset';
  }
  if (fault?.kind === 'drop-body') {
    res.writeHead(reply.status, { ...reply.headers, 'Content-Length': String(Math.max(reply.body.length, 2)) });
    res.write(reply.body.subarray(0, Math.floor(reply.body.length / 2)));
    // Flush the half body before killing the socket so the client sees headers then a cut.
    setImmediate(() => res.socket?.destroy());
    return 'reset';
  }
  res.writeHead(reply.status, { ...reply.headers, 'Content-Length': String(reply.body.length) });
  res.end(reply.body);
  return reply.status;
}

const TRICKLE_STEP_MS = 100;

/**
 * Sends the headers, then the body at `bytesPerSecond` (real time): a slow link. 0 stalls after
 * the headers. Stops when the client goes away ('reset'); answers the status once all is sent.
 */
export async function trickle(res: ServerResponse, reply: Reply, bytesPerSecond: number): Promise<number | 'reset'> {
  res.writeHead(reply.status, { ...reply.headers, 'Content-Length': String(reply.body.length) });
  res.flushHeaders();
  const step = Math.max(bytesPerSecond > 0 ? 1 : 0, Math.round((bytesPerSecond * TRICKLE_STEP_MS) / 1000));
  let sent = 0;
  while (sent < reply.body.length) {
    if (res.destroyed || res.socket === null || res.socket.destroyed) return 'reset';
    if (step > 0) {
      res.write(reply.body.subarray(sent, sent + step));
      sent += step;
    }
    if (sent < reply.body.length) await realDelay(TRICKLE_STEP_MS);
  }
  if (res.destroyed) return 'reset';
  res.end();
  return reply.status;
}

export type Handler = (req: IncomingMessage, url: URL) => Promise<Reply>;

export interface Route {
  name: RouteName;
  handler: Handler;
}
