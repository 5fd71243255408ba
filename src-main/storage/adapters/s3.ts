import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { AppFailure } from '../../../src-preload/contract/result';
import type { S3Config } from '../../../src-preload/contract/storage';
import type { Clock } from '../../common/clock';
import { displayEndpoint } from '../../common/endpoint-url';
import { isBodyTooLarge } from '../../common/read-body';
import { badCredentials, notConfigured, rejected, responseTooLarge, rethrowIfAborted, unreachable } from '../failures';
import { CappedHttpHandler } from './s3-capped-handler';
import type { SketchMeta, StorageAdapter, UploadOptions, UploadResult } from '../types';

export interface S3Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

export interface S3AdapterDeps {
  readonly config: S3Config;
  readonly credentials: S3Credentials;
  readonly clock: Clock;
}

const CREDENTIAL_ERRORS = new Set([
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
  'AccessDenied',
  'Forbidden',
  'InvalidToken',
  'ExpiredToken',
]);

/**
 * S3-compatible storage (AWS S3, Alibaba OSS S3 API, MinIO, R2…): PUT the sketch under its
 * content address, hand DashScope a presigned GET. SDK traffic uses Node's http stack, not the
 * injected fetch: the SDK signs and retries its own requests.
 *
 * A presigned GET carries the access key id (`X-Amz-Credential=<id>/…`), which the app keeps as
 * a secret, for up to 7 days. So `upload` answers with the object's unsigned address, the one
 * that upload records and job records keep (it gets nothing by itself: fail closed), and
 * `signedUrl` signs a GET when the create that hands it to DashScope goes out.
 */
export class S3Adapter implements StorageAdapter {
  readonly id = 's3' as const;
  private readonly client: S3Client;
  private readonly endpoint: string;

  constructor(private readonly deps: S3AdapterDeps) {
    const { config, credentials } = deps;
    if (!/^https?:\/\//i.test(config.endpoint)) throw notConfigured('s3', 'endpoint');
    if (!config.region) throw notConfigured('s3', 'region');
    if (!config.bucket) throw notConfigured('s3', 'bucket');
    this.endpoint = displayEndpoint(config.endpoint);
    this.client = new S3Client({
      endpoint: config.endpoint,
      region: config.region,
      forcePathStyle: config.pathStyle,
      credentials: { accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey },
      // Default CRC checksums break uploads on several S3-compatible services and presigned URLs.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      maxAttempts: 2,
      requestHandler: new CappedHttpHandler({ connectionTimeout: 10_000, requestTimeout: 120_000 }),
    });
  }

  private objectKey(meta: SketchMeta): string {
    return `${this.deps.config.prefix}${meta.key}`;
  }

  private fail(error: unknown, signal: AbortSignal | undefined): never {
    rethrowIfAborted(error, signal);
    if (isBodyTooLarge(error)) throw responseTooLarge(this.endpoint, error.maxBytes);
    if (error instanceof S3ServiceException) {
      const status = error.$metadata.httpStatusCode ?? error.name;
      // The SDK never follows one (nothing signed goes elsewhere); say so instead of "refused".
      if (typeof status === 'number' && status >= 300 && status < 400) {
        throw new AppFailure(
          'storage.redirectRefused',
          `${this.endpoint} answered with a redirect; it was not followed.`,
          {
            endpoint: this.endpoint,
          },
        );
      }
      if (CREDENTIAL_ERRORS.has(error.name) || status === 401 || status === 403) {
        throw badCredentials(this.endpoint, status);
      }
      if (error.name === 'NoSuchBucket' || (error.name === 'NotFound' && status === 404)) {
        throw new AppFailure(
          'storage.noSuchBucket',
          `Bucket "${this.deps.config.bucket}" was not found at ${this.endpoint}.`,
          {
            endpoint: this.endpoint,
            bucket: this.deps.config.bucket,
          },
        );
      }
      throw rejected(this.endpoint, status);
    }
    // No HTTP answer at all: refused, DNS, TLS, timeout.
    throw unreachable(this.endpoint);
  }

  /** True when the object is already there with the same size: the same sketch is not sent twice. */
  private async exists(key: string, size: number, signal?: AbortSignal): Promise<boolean> {
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.deps.config.bucket, Key: key }), {
        ...(signal ? { abortSignal: signal } : {}),
      });
      return head.ContentLength === size;
    } catch (e) {
      if (e instanceof S3ServiceException && e.$metadata.httpStatusCode === 404 && e.name !== 'NoSuchBucket') {
        return false;
      }
      this.fail(e, signal);
    }
  }

  async upload(bytes: Uint8Array, meta: SketchMeta, options: UploadOptions = {}): Promise<UploadResult> {
    const { signal, onProgress } = options;
    const key = this.objectKey(meta);
    const { bucket } = this.deps.config;
    onProgress?.(0);
    if (!(await this.exists(key, bytes.byteLength, signal))) {
      try {
        await this.client.send(
          new PutObjectCommand({
            Bucket: bucket,
            Key: key,
            Body: bytes,
            ContentType: meta.mime,
            ContentLength: bytes.byteLength,
          }),
          { ...(signal ? { abortSignal: signal } : {}) },
        );
      } catch (e) {
        this.fail(e, signal);
      }
    }
    const { url, expiresAt } = await this.signedUrl(key);
    onProgress?.(1);
    // The address as the SDK builds it (path or virtual-host style), without the signature.
    const address = new URL(url);
    address.search = '';
    // `expiresAt` as if signed now: how long the upload counts as fresh is unchanged.
    return { url: address.href, expiresAt, headers: {}, ref: { adapter: 's3', key } };
  }

  /** A GET of `key` signed now for the configured lifetime: holds the access key id, so it is never stored. */
  async signedUrl(key: string): Promise<{ url: string; expiresAt: number }> {
    const now = this.deps.clock.now();
    const lifetime = this.deps.config.presignHours * 3600;
    const url = await getSignedUrl(this.client, new GetObjectCommand({ Bucket: this.deps.config.bucket, Key: key }), {
      expiresIn: lifetime,
      signingDate: new Date(now),
    });
    return { url, expiresAt: now + lifetime * 1000 };
  }

  async delete(key: string, signal?: AbortSignal): Promise<void> {
    try {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.deps.config.bucket, Key: key }), {
        ...(signal ? { abortSignal: signal } : {}),
      });
    } catch (e) {
      this.fail(e, signal);
    }
  }

  async test(signal?: AbortSignal): Promise<{ endpoint: string }> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.deps.config.bucket }), {
        ...(signal ? { abortSignal: signal } : {}),
      });
    } catch (e) {
      this.fail(e, signal);
    }
    return { endpoint: this.endpoint };
  }

  dispose(): void {
    this.client.destroy();
  }
}
