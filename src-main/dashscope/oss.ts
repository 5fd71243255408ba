import { DashScopeError } from './errors';
import type { RequestOutcome } from './errors';
import type { OssErrorCode } from './codes';
import type { HttpReply } from './transport';

/** The temporary-upload credential (test/sim/CONTRACT.md §1.1), with field names made idiomatic. */
export interface UploadPolicy {
  model: string;
  policy: string;
  signature: string;
  uploadDir: string;
  uploadHost: string;
  expireInSeconds: number;
  maxFileSizeMb: number;
  capacityLimitMb: number;
  ossAccessKeyId: string;
  objectAcl: string;
  forbidOverwrite: string;
  /** Client clock time after which the credential is expired. */
  expiresAt: number;
}

export interface UploadFile {
  /** Used raw as the last key segment, like the SDKs do (spaces kept). */
  name: string;
  bytes: Uint8Array;
  contentType?: string;
}

const MIME_BY_EXT: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  tif: 'image/tiff',
  tiff: 'image/tiff',
};

export function guessContentType(name: string): string {
  const ext = name.toLowerCase().split('.').pop() ?? '';
  return MIME_BY_EXT[ext] ?? 'application/octet-stream';
}

export function objectKey(policy: UploadPolicy, file: UploadFile): string {
  if (file.name.includes('/') || file.name.length === 0) throw new TypeError('Upload file name must be a plain base name.');
  return `${policy.uploadDir}/${file.name}`;
}

/** The PostObject form in the SDKs' field order; `file` must be last (test/sim/CONTRACT.md §1.2). */
export function postObjectForm(policy: UploadPolicy, file: UploadFile): FormData {
  const contentType = file.contentType ?? guessContentType(file.name);
  const form = new FormData();
  form.append('OSSAccessKeyId', policy.ossAccessKeyId);
  form.append('Signature', policy.signature);
  form.append('policy', policy.policy);
  form.append('key', objectKey(policy, file));
  form.append('x-oss-object-acl', policy.objectAcl);
  form.append('x-oss-forbid-overwrite', policy.forbidOverwrite);
  form.append('success_action_status', '200');
  form.append('x-oss-content-type', contentType);
  // Copy into a fresh ArrayBuffer-backed view: Blob rejects SharedArrayBuffer-backed arrays.
  form.append('file', new Blob([new Uint8Array(file.bytes)], { type: contentType }), file.name);
  return form;
}

function tag(xml: string, name: string): string | undefined {
  const m = new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(xml);
  return m?.[1];
}

function ossCode(raw: string | undefined, message: string): OssErrorCode {
  switch (raw) {
    case 'AccessDenied':
      return /Policy expired/i.test(message) ? 'Oss.PolicyExpired' : 'Oss.AccessDenied';
    case 'EntityTooLarge':
      return 'Oss.EntityTooLarge';
    case 'FileAlreadyExists':
      return 'Oss.FileAlreadyExists';
    case 'SignatureDoesNotMatch':
      return 'Oss.SignatureDoesNotMatch';
    case 'InvalidArgument':
      return 'Oss.InvalidArgument';
    default:
      return 'Oss.UnrecognizedError';
  }
}

/** OSS answers errors as `<Error><Code>…</Code><Message>…</Message><RequestId>…` XML. */
export function ossError(reply: HttpReply): DashScopeError {
  const rawCode = tag(reply.text, 'Code');
  const message = tag(reply.text, 'Message') ?? `HTTP ${reply.status} from the upload host.`;
  const outcome: RequestOutcome = reply.status === 504 || reply.status === 502 ? 'unknown' : 'not-processed';
  return new DashScopeError({
    code: ossCode(rawCode, message),
    serverCode: rawCode,
    message,
    status: reply.status,
    requestId: tag(reply.text, 'RequestId') ?? reply.headers.get('x-oss-request-id') ?? undefined,
    outcome,
    retryable: reply.status >= 500 || reply.status === 429,
  });
}
