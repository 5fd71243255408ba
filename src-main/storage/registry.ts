import type { Settings } from '../../src-preload/contract/settings';
import type {
  HttpConfig,
  S3Config,
  StorageAdapterId,
  StorageSecretField,
  UploadDestination,
} from '../../src-preload/contract/storage';
import {
  fillPlaceholders,
  placeholdersOutsideOrigin,
  UploadDestinationSchema,
} from '../../src-preload/contract/storage';
import { AppFailure } from '../../src-preload/contract/result';
import type { Clock } from '../common/clock';
import { secretId } from '../common/sha256';
import type { FetchLike } from '../common/fetch';
import type { DashScopeClients } from '../secrets/client-pool';
import { storageAccount, type StorageSecretAdapter } from '../secrets/accounts';
import { assertSecretTransport, isSafeHeaderValue } from '../common/secret-transport';
import { originOf } from '../common/endpoint-url';
import type { SecretStore } from '../secrets/secret-store';
import type { RegionUrls } from '../dashscope/endpoints';
import { CustomHttpAdapter, placeholderInOrigin } from './adapters/custom-http';
import { DashScopeTempAdapter } from './adapters/dashscope-temp';
import { S3Adapter } from './adapters/s3';
import { missingSecret, notConfigured } from './failures';
import type { StorageAdapter } from './types';

export interface AdapterFactoryDeps {
  readonly secrets: SecretStore;
  readonly dashscope: DashScopeClients;
  readonly fetch: FetchLike;
  readonly clock: Clock;
  readonly regionUrls: RegionUrls;
  readonly appName: string;
  readonly appVersion: string;
}

/** An adapter built from the settings of the moment, plus what decides whether old uploads still apply. */
export interface ActiveAdapter {
  readonly adapter: StorageAdapter;
  /** Changes whenever the destination changes, so a cached URL from elsewhere is never reused. */
  readonly fingerprint: string;
  readonly deleteAfterTask: boolean;
  /** Where uploads through this adapter go; the upload record keeps it for the delete. */
  readonly destination: UploadDestination;
}

/** A form's values for `storage.test`: unsaved config and typed secrets, each optional. */
export interface AdapterOverrides {
  readonly s3?: S3Config | undefined;
  readonly http?: HttpConfig | undefined;
  /** Typed secret values by field (`accessKeyId`, `header:Authorization`…); never stored. */
  readonly secrets?: ReadonlyMap<StorageSecretField, string> | undefined;
}

/** Names credentials without revealing them; stable across restarts. */
export const credentialId = (value: string): string => secretId(value);

/**
 * A secret for one destination: the typed one, else the one saved for that origin. A value that
 * an HTTP header cannot carry is refused by name, never quoted.
 */
async function secretFor(
  deps: AdapterFactoryDeps,
  overrides: AdapterOverrides | undefined,
  adapter: StorageSecretAdapter,
  field: StorageSecretField,
  origin: string,
): Promise<string> {
  const typed = overrides?.secrets?.get(field);
  const value = typed ?? (await deps.secrets.get(storageAccount(adapter, field, origin)));
  if (!value) throw missingSecret(adapter, field);
  if (!isSafeHeaderValue(value)) {
    throw new AppFailure('storage.badSecretValue', `The value of "${field}" holds a line break or control character.`, {
      adapter,
      field,
    });
  }
  return value;
}

/** The origin S3 secrets are saved for; `storage.notConfigured` when the endpoint is no http(s) URL. */
export function s3Origin(config: Pick<S3Config, 'endpoint'>): string {
  const origin = originOf(config.endpoint);
  if (!origin) throw notConfigured('s3', 'endpoint');
  return origin;
}

/**
 * The origin custom-HTTP secret headers are saved for: the one every upload URL of the
 * template goes to. A template whose placeholders would change it (settings written before the
 * schema refused them) has none, so no secret is ever looked up or sent for it.
 */
export function httpOrigin(config: Pick<HttpConfig, 'url'>): string {
  if (!placeholdersOutsideOrigin(config.url)) throw placeholderInOrigin();
  const origin = originOf(fillPlaceholders(config.url, { key: 'k', sha256: 'k' }));
  if (!origin) throw notConfigured('http', 'url');
  return origin;
}

async function buildS3(
  config: S3Config,
  deps: AdapterFactoryDeps,
  overrides?: AdapterOverrides,
): Promise<ActiveAdapter> {
  const origin = s3Origin(config);
  if (!config.region) throw notConfigured('s3', 'region');
  if (!config.bucket) throw notConfigured('s3', 'bucket');
  assertSecretTransport(config.endpoint, 'storage');
  const accessKeyId = await secretFor(deps, overrides, 's3', 'accessKeyId', origin);
  const secretAccessKey = await secretFor(deps, overrides, 's3', 'secretAccessKey', origin);
  const destination: UploadDestination = {
    adapter: 's3',
    endpoint: config.endpoint,
    region: config.region,
    bucket: config.bucket,
    pathStyle: config.pathStyle,
    credentialId: credentialId(accessKeyId),
  };
  return {
    adapter: new S3Adapter({ config, credentials: { accessKeyId, secretAccessKey }, clock: deps.clock }),
    fingerprint: `s3|${config.endpoint}|${config.bucket}|${config.prefix}|${config.pathStyle}|${destination.credentialId}`,
    deleteAfterTask: config.deleteAfterTask,
    destination,
  };
}

async function buildHttp(
  config: HttpConfig,
  deps: AdapterFactoryDeps,
  overrides?: AdapterOverrides,
): Promise<ActiveAdapter> {
  const origin = httpOrigin(config);
  const secretHeaders: Record<string, string> = {};
  for (const header of config.headers) {
    if (!header.secret) continue;
    secretHeaders[header.name] = await secretFor(deps, overrides, 'http', `header:${header.name}`, origin);
  }
  // Plain http to another computer is allowed only while no secret rides along.
  if (Object.keys(secretHeaders).length) assertSecretTransport(config.url, 'storage');
  return {
    adapter: new CustomHttpAdapter({
      config,
      secretHeaders,
      secretOrigin: origin,
      fetch: deps.fetch,
      clock: deps.clock,
    }),
    fingerprint: `http|${config.method}|${config.url}`,
    deleteAfterTask: false,
    destination: { adapter: 'http', url: config.url, method: config.method },
  };
}

export async function buildAdapter(
  id: StorageAdapterId,
  settings: Settings,
  deps: AdapterFactoryDeps,
  overrides?: AdapterOverrides,
): Promise<ActiveAdapter> {
  switch (id) {
    case 'dashscope-temp': {
      // The services' one client, bound to the key saved for its endpoint: its upload-policy cache outlives this adapter.
      const { client, baseUrl, keyId } = await deps.dashscope.current();
      return {
        adapter: new DashScopeTempAdapter({ client, baseUrl, clock: deps.clock }),
        // oss:// files are bound to the account (key) and model; a new key may be another account.
        fingerprint: `dashscope-temp|${baseUrl}|${keyId}`,
        deleteAfterTask: false,
        destination: { adapter: 'dashscope-temp', endpoint: baseUrl, credentialId: keyId },
      };
    }
    case 's3':
      return buildS3(overrides?.s3 ?? settings.storage.s3, deps, overrides);
    case 'http':
      return buildHttp(overrides?.http ?? settings.storage.http, deps, overrides);
  }
}

/**
 * The S3 adapter for where an upload went, with the secrets saved for that endpoint now (the
 * object is in the same place either way); the settings of the moment play no part.
 */
async function s3At(
  destination: Extract<UploadDestination, { adapter: 's3' }>,
  deps: AdapterFactoryDeps,
  presignHours = 1,
): Promise<S3Adapter> {
  const { endpoint, region, bucket, pathStyle } = destination;
  const built = await buildS3(
    { endpoint, region, bucket, pathStyle, prefix: '', presignHours, deleteAfterTask: true },
    deps,
  );
  return built.adapter as S3Adapter;
}

/**
 * The adapter that deletes an upload where the record says it went, with the secrets saved for
 * that destination; null when that storage cannot delete. A changed bucket or endpoint never
 * deletes in the wrong place.
 */
export async function buildDeleter(
  destination: UploadDestination,
  deps: AdapterFactoryDeps,
): Promise<StorageAdapter | null> {
  return destination.adapter === 's3' ? s3At(destination, deps) : null;
}

/** An upload as the job keeps it: the address the uploader answered with, and its ref. */
export interface KeptUpload {
  readonly url: string;
  /** As read back from a job record: `destination` is checked before it is trusted. */
  readonly ref: { readonly adapter: StorageAdapterId; readonly key: string; readonly destination?: unknown };
}

/**
 * The URL DashScope fetches an upload from, made when the create goes out. An S3 upload is kept
 * as its unsigned address (a presigned GET holds the access key id); its GET is signed now, for
 * `presignHours`, with the credentials saved for the destination it went to. Other storage's
 * URLs are used as kept, and so is an S3 ref from before destinations were recorded.
 */
export async function sketchUrlFor(
  upload: KeptUpload,
  deps: AdapterFactoryDeps,
  presignHours: number,
): Promise<string> {
  const parsed = UploadDestinationSchema.safeParse(upload.ref.destination);
  const destination = parsed.success ? parsed.data : null;
  if (upload.ref.adapter !== 's3' || destination?.adapter !== 's3') return upload.url;
  const s3 = await s3At(destination, deps, presignHours);
  try {
    return (await s3.signedUrl(upload.ref.key)).url;
  } finally {
    s3.dispose();
  }
}
