import { AppFailure } from '../../src-preload/contract/result';

/** A cancelled upload must surface as the abort it is, not as "storage unreachable". */
export function rethrowIfAborted(error: unknown, signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason ?? error;
  if (error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError')) throw error;
}

export const unreachable = (endpoint: string) =>
  new AppFailure('storage.unreachable', `Could not reach ${endpoint}.`, { endpoint });

export const badCredentials = (endpoint: string, status: number | string) =>
  new AppFailure('storage.badCredentials', `${endpoint} rejected the credentials (${status}).`, {
    endpoint,
    status,
  });

export const rejected = (endpoint: string, status: number | string) =>
  new AppFailure('storage.rejected', `${endpoint} refused the upload (${status}).`, { endpoint, status });

export const noUrl = (endpoint: string, where: string) =>
  new AppFailure('storage.noUrlInResponse', `${endpoint} did not return the file's URL (${where}).`, {
    endpoint,
    where,
  });

export const responseTooLarge = (endpoint: string, limit: number) =>
  new AppFailure('storage.responseTooLarge', `${endpoint} answered with more than ${limit} bytes; it was not read.`, {
    endpoint,
    limit,
  });

export const notConfigured = (adapter: string, field: string) =>
  new AppFailure('storage.notConfigured', `The ${adapter} storage needs "${field}".`, { adapter, field });

export const missingSecret = (adapter: string, field: string) =>
  new AppFailure('storage.missingSecret', `The ${adapter} storage needs its "${field}" secret.`, {
    adapter,
    field,
  });
