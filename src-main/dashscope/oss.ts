import { DashScopeError } from './errors';
import type { RequestOutcome } from './errors';
import type { OssErrorCode } from '../../src-preload/contract/dashscope-codes';
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
  if (file.name.includes('/') || file.name.length === 0)
    throw new TypeError('Upload file name must be a plain base name.');
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

/**
 * An OSS error document is a few hundred bytes; only this much of the body is looked at, and
 * a value is cut to this length. The body itself arrives capped by the transport.
 */
const OSS_ERROR_SCAN_CHARS = 16 * 1024;
const OSS_ERROR_VALUE_CHARS = 500;

/**
 * The text of the first `<name>…</name>`, found with two `indexOf` scans (linear). A lazy regex
 * here was quadratic on a body of repeated unclosed tags: 600 KB of `<Code>` held main 15 s.
 */
function tag(xml: string, name: string): string | undefined {
  const open = `<${name}>`;
  const start = xml.indexOf(open);
  if (start < 0) return undefined;
  const end = xml.indexOf(`</${name}>`, start + open.length);
  if (end < 0) return undefined;
  return xml.slice(start + open.length, Math.min(end, start + open.length + OSS_ERROR_VALUE_CHARS));
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
  const xml = reply.text.slice(0, OSS_ERROR_SCAN_CHARS);
  const rawCode = tag(xml, 'Code');
  const message = tag(xml, 'Message') ?? `HTTP ${reply.status} from the upload host.`;
  const outcome: RequestOutcome = reply.status === 504 || reply.status === 502 ? 'unknown' : 'not-processed';
  return new DashScopeError({
    code: ossCode(rawCode, message),
    serverCode: rawCode,
    message,
    status: reply.status,
    requestId: tag(xml, 'RequestId') ?? reply.headers.get('x-oss-request-id') ?? undefined,
    outcome,
    retryable: reply.status >= 500 || reply.status === 429,
  });
}
