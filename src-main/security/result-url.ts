import { isLoopbackHost } from '../common/secret-transport';

/**
 * Which URLs a DashScope answer may send main to. The API hands us URLs (result images, the
 * upload policy's host) and main fetches them with the app's network stack, which also speaks
 * `file:` and `app:` and reaches the LAN: a hostile or compromised endpoint must not turn that
 * into a way to read local files or probe the user's network. So a URL from an answer is taken
 * only when it points where DashScope itself puts such things, over https.
 */

/**
 * Result image hosts (test/sim/CONTRACT.md §6, the sketch page's whitelist):
 * `dashscope-result-{bj,hz,sh,wlcb,zjk,sz,hy,cd,gz}.oss-cn-*.aliyuncs.com`.
 */
export const RESULT_HOST_PATTERN =
  /^dashscope-result-(?:bj|hz|sh|wlcb|zjk|sz|hy|cd|gz)\.oss-cn-[a-z0-9]+(?:-[a-z0-9]+)*\.aliyuncs\.com$/;

/**
 * Temporary-upload hosts (test/sim/CONTRACT.md §1.1: `upload_host` is an OSS bucket host such
 * as `dashscope-file-xxx.oss-cn-beijing.aliyuncs.com`). Any bucket name, any OSS region: the
 * international regions' policies name their own `oss-<region>` hosts.
 */
export const UPLOAD_HOST_PATTERN =
  /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]\.oss-[a-z]{2}-[a-z0-9]+(?:-[a-z0-9]+)*\.aliyuncs\.com$/;

/** Why a URL was refused (stable words for logs and the image's `lost` reason). */
export type UrlRefusal = 'notAUrl' | 'scheme' | 'credentials' | 'host' | 'port';

export type UrlCheck = { readonly ok: true; readonly url: URL } | { readonly ok: false; readonly why: UrlRefusal };

/**
 * Checks `raw` (a URL from an answer of the endpoint `endpointBaseUrl`) against `hosts`:
 * - https only, on the default port; plain http (any port) only while the endpoint itself is on
 *   this computer, which is how the simulator and tests run, and then only to this computer;
 * - the host must match `hosts`, or be loopback while the endpoint is loopback;
 * - no user name or password in the URL.
 * A custom endpoint elsewhere gets the same rule: its answers point at DashScope's hosts.
 */
export function checkUrlFromEndpoint(raw: string, endpointBaseUrl: string, hosts: RegExp): UrlCheck {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, why: 'notAUrl' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, why: 'scheme' };
  if (url.username || url.password) return { ok: false, why: 'credentials' };
  const local = endpointIsLoopback(endpointBaseUrl);
  const host = url.hostname.toLowerCase();
  if (local && isLoopbackHost(host)) return { ok: true, url };
  if (url.protocol !== 'https:') return { ok: false, why: 'scheme' };
  if (!hosts.test(host)) return { ok: false, why: 'host' };
  if (url.port !== '') return { ok: false, why: 'port' };
  return { ok: true, url };
}

/** A result image URL from a task answer of `endpointBaseUrl`. */
export function checkResultUrl(raw: string, endpointBaseUrl: string): UrlCheck {
  return checkUrlFromEndpoint(raw, endpointBaseUrl, RESULT_HOST_PATTERN);
}

/** The `upload_host` of an upload policy from `endpointBaseUrl`: the sketch is POSTed there. */
export function checkUploadHost(raw: string, endpointBaseUrl: string): UrlCheck {
  return checkUrlFromEndpoint(raw, endpointBaseUrl, UPLOAD_HOST_PATTERN);
}

function endpointIsLoopback(baseUrl: string): boolean {
  try {
    return isLoopbackHost(new URL(baseUrl).hostname);
  } catch {
    return false;
  }
}
