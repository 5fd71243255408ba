import { fillPlaceholders, URL_PLACEHOLDERS, type HttpConfig } from '../../../src-preload/contract/storage';
import type { Clock } from '../../common/clock';
import type { FetchLike } from '../../common/fetch';
import { displayEndpoint, originOf } from '../../common/endpoint-url';
import {
  badCredentials,
  noUrl,
  notConfigured,
  rejected,
  responseTooLarge,
  rethrowIfAborted,
  unreachable,
} from '../failures';
import { API_BODY_LIMIT_BYTES, isBodyTooLarge, readTextCapped } from '../../common/read-body';
import { isRedirectRefusal } from '../../common/redirect-refusal';
import { AppFailure } from '../../../src-preload/contract/result';
import { assertSecretTransport, setHeaderSafely } from '../../common/secret-transport';
import type { SketchMeta, StorageAdapter, UploadOptions, UploadResult } from '../types';

export interface CustomHttpDeps {
  readonly config: HttpConfig;
  /** Values of the secret headers, by header name as configured. */
  readonly secretHeaders: Readonly<Record<string, string>>;
  /** The origin `secretHeaders` were saved for (registry's httpOrigin): the only one they are sent to. */
  readonly secretOrigin: string;
  readonly fetch: FetchLike;
  readonly clock: Clock;
}

const isRedirect = (r: Response): boolean =>
  r.redirected || r.type === 'opaqueredirect' || (r.status >= 300 && r.status < 400);

const redirectRefused = (endpoint: string) =>
  new AppFailure('storage.redirectRefused', `${endpoint} answered with a redirect; it was not followed.`, { endpoint });

const badHeader = (name: string, secret: boolean) =>
  new AppFailure('storage.badSecretValue', `The value of header "${name}" holds a line break or control character.`, {
    adapter: 'http',
    field: secret ? `header:${name}` : name,
  });

/** `{key}`/`{sha256}` would change where a request goes; nothing is sent. */
export const placeholderInOrigin = () =>
  new AppFailure('storage.placeholderInOrigin', 'The upload URL has {key} or {sha256} in its scheme, host or port.', {
    adapter: 'http',
    field: 'url',
  });

/** `a.b.0.c` into parsed JSON; only strings count as a URL. */
export function readJsonPath(value: unknown, path: string): string | null {
  let cur: unknown = value;
  for (const part of path.split('.').filter(Boolean)) {
    if (cur === null || typeof cur !== 'object') return null;
    cur = (cur as Record<string, unknown>)[part];
  }
  return typeof cur === 'string' ? cur : null;
}

function uploadUrl(template: string, meta: SketchMeta, method: HttpConfig['method']): string {
  if (URL_PLACEHOLDERS.some((p) => template.includes(p))) return fillPlaceholders(template, meta);
  // A PUT needs a distinct URL per object; a POST names the file in the form instead.
  return method === 'PUT' ? `${template.replace(/\/+$/, '')}/${meta.key}` : template;
}

/**
 * Uploads to any HTTP endpoint the user runs: PUT of the raw bytes, or a multipart POST, and
 * reads the public URL from the JSON body or the Location header.
 */
export class CustomHttpAdapter implements StorageAdapter {
  readonly id = 'http' as const;

  constructor(private readonly deps: CustomHttpDeps) {}

  /**
   * The configured headers. A value with a line break or control character is refused by the
   * header's name only: Node's `Headers.set` would quote the value in its TypeError.
   */
  private headers(): Headers {
    const h = new Headers();
    for (const header of this.deps.config.headers) {
      const value = header.secret ? this.deps.secretHeaders[header.name] : header.value;
      if (value === undefined) continue;
      setHeaderSafely(h, header.name, value, () => badHeader(header.name, header.secret));
    }
    return h;
  }

  /**
   * Secret headers travel only encrypted, or to this computer, and only to the origin they were
   * saved for, judged on the URL as it will be sent (placeholders filled in).
   */
  private checkTransport(url: string): void {
    if (!Object.keys(this.deps.secretHeaders).length) return;
    if (originOf(url) !== this.deps.secretOrigin) throw placeholderInOrigin();
    assertSecretTransport(url, 'storage');
  }

  private checkConfigured(): void {
    const { config } = this.deps;
    if (!/^https?:\/\//i.test(config.url)) throw notConfigured('http', 'url');
    if (config.urlSource === 'json' && !config.jsonPath.trim()) throw notConfigured('http', 'jsonPath');
  }

  async upload(bytes: Uint8Array, meta: SketchMeta, options: UploadOptions = {}): Promise<UploadResult> {
    this.checkConfigured();
    const { config, fetch, clock } = this.deps;
    const url = uploadUrl(config.url, meta, config.method);
    const endpoint = displayEndpoint(url);
    this.checkTransport(url);
    const headers = this.headers();
    let body: Blob | FormData;
    if (config.method === 'PUT') {
      headers.set('Content-Type', meta.mime);
      body = new Blob([bytes as Uint8Array<ArrayBuffer>], { type: meta.mime });
    } else {
      const form = new FormData();
      form.append(config.fileField, new Blob([bytes as Uint8Array<ArrayBuffer>], { type: meta.mime }), meta.key);
      body = form;
    }
    options.onProgress?.(0);
    let response: Response;
    try {
      response = await fetch(url, {
        method: config.method,
        headers,
        body,
        redirect: 'manual',
        ...(options.signal ? { signal: options.signal } : {}),
      });
    } catch (e) {
      rethrowIfAborted(e, options.signal);
      // Electron's net.fetch rejects a manual-mode redirect instead of answering it.
      if (isRedirectRefusal(e)) throw redirectRefused(endpoint);
      throw unreachable(endpoint);
    }
    if (isRedirect(response)) {
      await response.body?.cancel();
      throw redirectRefused(endpoint);
    }
    if (response.status === 401 || response.status === 403) {
      await response.body?.cancel();
      throw badCredentials(endpoint, response.status);
    }
    // 3xx is not success here: Location on a redirect points at where to send, not the file.
    if (response.status < 200 || response.status > 299) {
      await response.body?.cancel();
      throw rejected(endpoint, response.status);
    }
    const found = await this.resultUrl(response, url);
    if (!found) throw noUrl(endpoint, config.urlSource === 'json' ? config.jsonPath : 'Location');
    if (!/^https?:\/\//i.test(found) || /[^\x21-\x7e]/.test(found)) {
      // DashScope fetches the URL itself and rejects non-ASCII ones.
      throw new AppFailure('storage.badUrlInResponse', `${endpoint} returned a URL DashScope can't fetch.`, {
        endpoint,
      });
    }
    options.onProgress?.(1);
    return {
      url: found,
      expiresAt: config.urlLifetimeHours > 0 ? clock.now() + config.urlLifetimeHours * 3_600_000 : null,
      headers: {},
      ref: { adapter: 'http', key: meta.key },
    };
  }

  private async resultUrl(response: Response, requestUrl: string): Promise<string | null> {
    const { config } = this.deps;
    if (config.urlSource === 'location') {
      await response.body?.cancel();
      const location = response.headers.get('location');
      if (!location) return null;
      try {
        return new URL(location, requestUrl).toString();
      } catch {
        return null;
      }
    }
    let text: string;
    try {
      text = await readTextCapped(response, API_BODY_LIMIT_BYTES);
    } catch (e) {
      if (isBodyTooLarge(e)) throw responseTooLarge(displayEndpoint(requestUrl), e.maxBytes);
      throw e;
    }
    try {
      return readJsonPath(JSON.parse(text), config.jsonPath);
    } catch {
      return null;
    }
  }

  /**
   * There is no standard "check" request for an arbitrary upload endpoint; an OPTIONS with the
   * configured headers proves the server is reachable and does not reject the credentials.
   */
  async test(signal?: AbortSignal): Promise<{ endpoint: string }> {
    this.checkConfigured();
    const url = fillPlaceholders(this.deps.config.url, { key: 'connection-test', sha256: 'connection-test' });
    const endpoint = displayEndpoint(url);
    this.checkTransport(url);
    const headers = this.headers();
    let response: Response;
    try {
      // A redirect is never followed: the secret headers would go to wherever it points.
      response = await this.deps.fetch(url, {
        method: 'OPTIONS',
        headers,
        redirect: 'manual',
        ...(signal ? { signal } : {}),
      });
    } catch (e) {
      rethrowIfAborted(e, signal);
      if (isRedirectRefusal(e)) throw redirectRefused(endpoint);
      throw unreachable(endpoint);
    }
    await response.body?.cancel();
    if (isRedirect(response)) throw redirectRefused(endpoint);
    if (response.status === 401 || response.status === 403) throw badCredentials(endpoint, response.status);
    if (response.status >= 500) throw rejected(endpoint, response.status);
    return { endpoint };
  }
}
