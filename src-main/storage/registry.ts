import type { Settings } from '../../src-preload/contract/settings';
import type { StorageAdapterId } from '../../src-preload/contract/storage';
import type { Clock } from '../common/clock';
import type { FetchLike } from '../common/fetch';
import type { DashScopeClients } from '../dashscope/client-pool';
import { storageAccount } from '../secrets/accounts';
import type { SecretStore } from '../secrets/secret-store';
import type { RegionUrls } from '../settings/endpoint';
import { CustomHttpAdapter } from './adapters/custom-http';
import { DashScopeTempAdapter } from './adapters/dashscope-temp';
import { S3Adapter } from './adapters/s3';
import { missingSecret } from './failures';
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
}

async function requiredSecret(secrets: SecretStore, account: string, adapter: string, field: string): Promise<string> {
  const value = await secrets.get(account);
  if (!value) throw missingSecret(adapter, field);
  return value;
}

export async function buildAdapter(
  id: StorageAdapterId,
  settings: Settings,
  deps: AdapterFactoryDeps,
): Promise<ActiveAdapter> {
  switch (id) {
    case 'dashscope-temp': {
      // The services' one client: its upload-policy cache outlives this adapter.
      const { client, baseUrl, keyId } = await deps.dashscope.current();
      return {
        adapter: new DashScopeTempAdapter({ client, baseUrl, clock: deps.clock }),
        // oss:// files are bound to the account (key) and model; a new key may be another account.
        fingerprint: `dashscope-temp|${baseUrl}|${keyId}`,
        deleteAfterTask: false,
      };
    }
    case 's3': {
      const config = settings.storage.s3;
      const accessKeyId = await requiredSecret(deps.secrets, storageAccount('s3', 'accessKeyId'), 's3', 'accessKeyId');
      const secretAccessKey = await requiredSecret(
        deps.secrets,
        storageAccount('s3', 'secretAccessKey'),
        's3',
        'secretAccessKey',
      );
      return {
        adapter: new S3Adapter({ config, credentials: { accessKeyId, secretAccessKey }, clock: deps.clock }),
        fingerprint: `s3|${config.endpoint}|${config.bucket}|${config.prefix}|${config.pathStyle}|${accessKeyId}`,
        deleteAfterTask: config.deleteAfterTask,
      };
    }
    case 'http': {
      const config = settings.storage.http;
      const secretHeaders: Record<string, string> = {};
      for (const header of config.headers) {
        if (!header.secret) continue;
        const field = `header:${header.name}` as const;
        secretHeaders[header.name] = await requiredSecret(deps.secrets, storageAccount('http', field), 'http', field);
      }
      return {
        adapter: new CustomHttpAdapter({ config, secretHeaders, fetch: deps.fetch, clock: deps.clock }),
        fingerprint: `http|${config.method}|${config.url}`,
        deleteAfterTask: false,
      };
    }
  }
}
