import type { IncomingMessage } from 'node:http';
import { BodyTooLarge, ossError, readBody } from './http';
import type { Reply } from './http';
import { OSS_MESSAGES } from './messages';
import { renderResult } from './render';
import type { SimState } from './state';
import type { SimTask } from './tasks';
import { SIM_OSS_ACCESS_KEY_ID } from './upload-store';

/** The OSS-like host: PostObject uploads (CONTRACT.md §1.2) and result image downloads. */

const HOST_ID = 'dashscope-instant.oss-cn-beijing.aliyuncs.com';
const RESULT_HOST_ID = 'dashscope-result-bj.oss-cn-beijing.aliyuncs.com';

export async function postObject(s: SimState, req: IncomingMessage): Promise<Reply> {
  const type = req.headers['content-type'] ?? '';
  if (!type.startsWith('multipart/form-data'))
    return ossError(400, 'MalformedPOSTRequest', OSS_MESSAGES.notMultipart, HOST_ID);
  const hardLimit = s.maxUploadFileMb * 1024 * 1024 + 64 * 1024;
  const declared = Number(req.headers['content-length'] ?? '0');
  if (declared > hardLimit) {
    req.resume();
    return ossError(400, 'EntityTooLarge', OSS_MESSAGES.entityTooLarge, HOST_ID);
  }
  let raw: Buffer;
  try {
    raw = await readBody(req, hardLimit);
  } catch (e) {
    if (e instanceof BodyTooLarge) return ossError(400, 'EntityTooLarge', OSS_MESSAGES.entityTooLarge, HOST_ID);
    throw e;
  }
  let form: FormData;
  try {
    form = await new Request('http://oss.invalid/', {
      method: 'POST',
      body: new Uint8Array(raw),
      headers: { 'content-type': type },
    }).formData();
  } catch {
    return ossError(400, 'MalformedPOSTRequest', OSS_MESSAGES.notMultipart, HOST_ID);
  }
  const entries = [...form.entries()];
  const fileIndex = entries.findIndex(([name]) => name === 'file');
  const file = entries[fileIndex]?.[1];
  if (fileIndex < 0 || typeof file === 'string' || file === undefined)
    return ossError(400, 'InvalidArgument', OSS_MESSAGES.missingField('file'), HOST_ID);
  if (fileIndex !== entries.length - 1) return ossError(400, 'InvalidArgument', OSS_MESSAGES.fileNotLast, HOST_ID);
  const field = (name: string) => {
    const v = form.get(name);
    return typeof v === 'string' ? v : undefined;
  };
  for (const name of ['key', 'OSSAccessKeyId', 'policy', 'Signature']) {
    if (field(name) === undefined) return ossError(400, 'InvalidArgument', OSS_MESSAGES.missingField(name), HOST_ID);
  }
  const key = field('key')!;
  const policy = field('policy')!;
  if (field('OSSAccessKeyId') !== SIM_OSS_ACCESS_KEY_ID)
    return ossError(403, 'InvalidAccessKeyId', OSS_MESSAGES.invalidAccessKey, HOST_ID);
  if (!s.uploads.verifySignature(policy, field('Signature')!))
    return ossError(403, 'SignatureDoesNotMatch', OSS_MESSAGES.signatureMismatch, HOST_ID);
  const doc = s.uploads.decodePolicy(policy);
  if (!doc) return ossError(400, 'InvalidPolicyDocument', 'Invalid Policy: Invalid JSON.', HOST_ID);
  const now = s.clock.now();
  if (doc.expiresAt <= s.serverNow()) return ossError(403, 'AccessDenied', OSS_MESSAGES.policyExpired, HOST_ID);
  if (doc.keyPrefix !== undefined && !key.startsWith(doc.keyPrefix)) {
    return ossError(
      403,
      'AccessDenied',
      OSS_MESSAGES.policyCondition(`["starts-with", "$key", "${doc.keyPrefix}"]`),
      HOST_ID,
    );
  }
  if (file.size > doc.maxBytes) return ossError(400, 'EntityTooLarge', OSS_MESSAGES.entityTooLarge, HOST_ID);
  const forbid = (field('x-oss-forbid-overwrite') ?? 'false').toLowerCase() === 'true';
  if (forbid && s.uploads.exists(key, now))
    return ossError(409, 'FileAlreadyExists', OSS_MESSAGES.fileAlreadyExists, HOST_ID);
  const owner = s.uploads.ownerOf(key);
  if (!owner)
    return ossError(
      403,
      'AccessDenied',
      OSS_MESSAGES.policyCondition(`["starts-with", "$key", "${doc.keyPrefix ?? ''}"]`),
      HOST_ID,
    );
  s.uploads.put({
    key,
    bytes: Buffer.from(await file.arrayBuffer()),
    contentType: field('x-oss-content-type') ?? (file.type || 'application/octet-stream'),
    accountId: owner.accountId,
    model: owner.model,
    uploadedAt: now,
    expiresAt: now + s.timings.uploadTtlMs,
  });
  const requestId = { 'x-oss-request-id': Math.random().toString(16).slice(2, 14).toUpperCase(), Server: 'AliyunOSS' };
  const status = field('success_action_status');
  if (status === '200') return { status: 200, headers: requestId, body: Buffer.alloc(0) };
  if (status === '201') {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<PostResponse>\n  <Bucket>dashscope-instant</Bucket>\n  <Key>${key}</Key>\n</PostResponse>\n`;
    return { status: 201, headers: { ...requestId, 'Content-Type': 'application/xml' }, body: Buffer.from(xml) };
  }
  return { status: 204, headers: requestId, body: Buffer.alloc(0) };
}

/** GET of a signed result URL; 403 "Request has expired." once its 24 h are over. */
export async function getResult(s: SimState, url: URL): Promise<Reply> {
  const m = /^\/dashscope-result-bj\/\d{8}\/([0-9a-f-]{36})\/(\d+)\.png$/.exec(url.pathname);
  const expires = Number(url.searchParams.get('Expires'));
  const signature = url.searchParams.get('Signature') ?? '';
  if (!m) return ossError(404, 'NoSuchKey', OSS_MESSAGES.noSuchKey, RESULT_HOST_ID);
  if (!Number.isFinite(expires) || s.resultSignature(url.pathname, expires) !== signature) {
    return ossError(403, 'SignatureDoesNotMatch', OSS_MESSAGES.signatureMismatch, RESULT_HOST_ID);
  }
  if (s.serverNow() >= expires * 1000) return ossError(403, 'AccessDenied', OSS_MESSAGES.expiredUrl, RESULT_HOST_ID);
  const task = s.tasks.get(m[1]!);
  const index = Number(m[2]);
  const item = task?.final?.results[index];
  if (!task || !item || !('url' in item) || !task.check?.ok)
    return ossError(404, 'NoSuchKey', OSS_MESSAGES.noSuchKey, RESULT_HOST_ID);
  const png = await renderFor(s, task, task.check.bytes, index);
  return { status: 200, headers: { 'Content-Type': 'image/png', Server: 'AliyunOSS' }, body: png };
}

/** The task's result image `index`, rendered once and cached (by the first download, or ahead with `prerenderResults`). */
export function renderFor(s: SimState, task: SimTask, sketch: Buffer, index: number): Promise<Buffer> {
  const cacheKey = `${task.id}/${index}`;
  const render =
    s.renders.get(cacheKey) ??
    renderResult({
      sketch,
      style: task.style,
      sketchWeight: task.sketchWeight,
      sketchColor: task.sketchColor,
      sketchExtraction: task.sketchExtraction,
      seed: s.seed ^ (parseInt(task.id.slice(0, 8), 16) + index),
    });
  s.renders.set(cacheKey, render);
  return render;
}
