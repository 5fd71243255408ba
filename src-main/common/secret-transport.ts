import { AppFailure } from '../../src-preload/contract/result';
import { HEADER_VALUE_SAFE } from '../../src-preload/contract/domain/storage';
import { displayEndpoint, originOf } from './endpoint-url';

/**
 * Where a secret may travel. Every secret (DashScope key, S3 credentials, secret header values)
 * is saved for one origin (scheme + host + port) and is sent only there, only over https, or
 * over plain http to this computer.
 */

/**
 * 127.0.0.0/8, ::1 and `localhost` never leave the machine. Only these exact forms: a name such
 * as `127.0.0.1.example.com` or `x.localhost` is up to a resolver, so it counts as remote.
 */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h === '::1') return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** True when a secret may be sent to `url`: https anywhere, http only to loopback. */
export function secretMayTravelTo(url: string): boolean {
  try {
    const u = new URL(url);
    if (u.protocol === 'https:') return true;
    return u.protocol === 'http:' && isLoopbackHost(u.hostname);
  } catch {
    return false;
  }
}

/** Throws `<domain>.insecureEndpoint` naming the endpoint unless a secret may travel to `url`. */
export function assertSecretTransport(url: string, domain: 'secrets' | 'storage'): void {
  if (secretMayTravelTo(url)) return;
  // The scheme and host are what is wrong; a path with placeholders would only read as noise.
  const endpoint = originOf(url) ?? displayEndpoint(url);
  throw new AppFailure(
    `${domain}.insecureEndpoint`,
    `${endpoint} is plain http to another computer; no secret is sent there.`,
    {
      endpoint,
    },
  );
}

/**
 * Characters an HTTP header value cannot carry safely: CR/LF would split the header, NUL and the
 * other controls are refused by some stacks with an error that quotes the value. A tab is allowed.
 */
export function isSafeHeaderValue(value: string): boolean {
  return HEADER_VALUE_SAFE.test(value);
}

/**
 * Sets headers on a fetch Headers object without letting an error quote a value: Node's
 * `Headers.set` throws `TypeError: … "<value>" is an invalid header value`, which must never
 * reach a log or an IPC message. `onBad` names the header only.
 */
export function setHeaderSafely(headers: Headers, name: string, value: string, onBad: () => Error): void {
  if (!isSafeHeaderValue(value)) throw onBad();
  try {
    headers.set(name, value);
  } catch {
    throw onBad();
  }
}
