import { AppFailure } from '../../../src-preload/contract/result';
import type { Clock } from '../../common/clock';
import { DashScopeError } from '../../dashscope/errors';
import type { DashScopeClient } from '../../dashscope/client';
import { SKETCH_MODEL } from '../../dashscope/endpoints';
import { displayEndpoint } from '../../common/endpoint-url';
import { rejected, unreachable } from '../failures';
import type { SketchMeta, StorageAdapter, UploadOptions, UploadResult } from '../types';

/** DashScope keeps temporary uploads 48 h (test/sim/CONTRACT.md §1.3). */
export const TEMP_UPLOAD_LIFETIME_MS = 48 * 3_600_000;
export const OSS_RESOLVE_HEADER = { 'X-DashScope-OssResourceResolve': 'enable' } as const;

export interface DashScopeTempDeps {
  /** The part of DashScopeClient this adapter uses. */
  readonly client: Pick<DashScopeClient, 'uploadFile' | 'getUploadPolicy'>;
  /** For error messages only. */
  readonly baseUrl: string;
  readonly clock: Clock;
  readonly model?: string;
}

/**
 * The zero-configuration default: DashScope's own temporary storage (upload policy + OSS form
 * POST → `oss://…`, valid 48 h). The vendor meant it for development and testing; the UI says so.
 */
export class DashScopeTempAdapter implements StorageAdapter {
  readonly id = 'dashscope-temp' as const;
  private readonly endpoint: string;

  constructor(private readonly deps: DashScopeTempDeps) {
    this.endpoint = displayEndpoint(deps.baseUrl);
  }

  private fail(error: unknown): never {
    if (!(error instanceof DashScopeError)) throw error;
    switch (error.code) {
      case 'Client.Aborted':
        throw error;
      case 'Client.MissingApiKey':
        throw new AppFailure('secrets.noApiKey', 'No DashScope API key is set.');
      case 'Client.NetworkError':
      case 'Client.Timeout':
        throw unreachable(this.endpoint);
      case 'InvalidApiKey':
        // This storage's only credential is the DashScope key: say so, not "upload credentials".
        throw new AppFailure('secrets.keyInvalid', `${this.endpoint} rejected the API key.`, {
          endpoint: this.endpoint,
        });
      default:
        // OSS codes (Oss.*) and DashScope ones; the code is ours, the message is not shown.
        throw rejected(this.endpoint, error.code);
    }
  }

  async upload(bytes: Uint8Array, meta: SketchMeta, options: UploadOptions = {}): Promise<UploadResult> {
    options.onProgress?.(0);
    let url: string;
    try {
      url = await this.deps.client.uploadFile(
        { name: meta.key, bytes, contentType: meta.mime },
        this.deps.model ?? SKETCH_MODEL,
        { signal: options.signal },
      );
    } catch (e) {
      this.fail(e);
    }
    options.onProgress?.(1);
    return {
      url,
      // Counted from the end of the upload: the file lives 48 h from when OSS stored it.
      expiresAt: this.deps.clock.now() + TEMP_UPLOAD_LIFETIME_MS,
      headers: { ...OSS_RESOLVE_HEADER },
      ref: { adapter: 'dashscope-temp', key: url.slice('oss://'.length) },
    };
  }

  /** Asking for an upload policy proves the key works in a region that has temporary storage. */
  async test(signal?: AbortSignal): Promise<{ endpoint: string }> {
    try {
      await this.deps.client.getUploadPolicy(this.deps.model ?? SKETCH_MODEL, { signal });
    } catch (e) {
      this.fail(e);
    }
    return { endpoint: this.endpoint };
  }
}
