import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { formatTaskTime, parseListTime } from '../../src-main/dashscope/time';
import { isReply } from './accounts';
import type { Caller } from './accounts';
import { apiError, json, readBody, BodyTooLarge } from './http';
import type { Reply } from './http';
import { invalidParameter } from './messages';
import { renderFor } from './oss-routes';
import { checkSketch } from './sketch-input';
import type { SketchCheck } from './sketch-input';
import type { SimState } from './state';
import type { SimTask } from './tasks';

/** The DashScope API routes (CONTRACT.md §1.1, §2, §6; API reference). */

export const SKETCH_STYLES = [
  '<auto>',
  '<3d cartoon>',
  '<anime>',
  '<oil painting>',
  '<watercolor>',
  '<sketch>',
  '<chinese painting>',
  '<flat illustration>',
];
const PROMPT_MAX = 75;
const DAY = 24 * 3600_000;
const STATUSES = ['PENDING', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELED', 'UNKNOWN'];

function throttled(s: SimState): Reply {
  const h: Record<string, string> =
    s.behaviour.retryAfterSeconds === undefined ? {} : { 'Retry-After': String(s.behaviour.retryAfterSeconds) };
  return apiError(429, 'Throttling.RateQuota', s.msg.rateQuota, h);
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The request part of a task, as read from a create body. */
type ParsedCreate = Pick<
  SimTask,
  'model' | 'prompt' | 'sketchUrl' | 'n' | 'size' | 'sketchWeight' | 'style' | 'sketchExtraction' | 'sketchColor'
>;

/** Field checks in the documented ranges; returns the offending field's name on failure. */
function parseCreateBody(body: Record<string, unknown>, s: SimState): ParsedCreate | Reply {
  const bad = (field: string) =>
    apiError(400, 'InvalidParameter', invalidParameter(field, s.behaviour.invalidParameterStyle));
  if (!isObject(body.input)) return apiError(400, 'BadRequest.EmptyInput', s.msg.emptyInput);
  if (body.parameters === undefined && s.behaviour.requireParameters)
    return apiError(400, 'BadRequest.EmptyParameters', s.msg.emptyParameters);
  const input = body.input;
  const p = body.parameters === undefined ? {} : body.parameters;
  if (!isObject(p)) return bad('parameters');
  if (typeof input.prompt !== 'string' || input.prompt.trim() === '') return bad('input.prompt');
  if (typeof input.sketch_image_url !== 'string' || input.sketch_image_url === '') return bad('input.sketch_image_url');
  const n = p.n ?? 4;
  if (!isInt(n) || n < 1 || n > 4) return bad('parameters.n');
  const size = p.size ?? '768*768';
  if (size !== '768*768') return bad('parameters.size');
  const weight = p.sketch_weight ?? 10;
  if (!isInt(weight) || weight < 0 || weight > 10) return bad('parameters.sketch_weight');
  const style = p.style ?? '<auto>';
  if (typeof style !== 'string' || !SKETCH_STYLES.includes(style)) return bad('parameters.style');
  const extraction = p.sketch_extraction ?? false;
  if (typeof extraction !== 'boolean') return bad('parameters.sketch_extraction');
  const colors = p.sketch_color ?? [];
  const validColors =
    Array.isArray(colors) &&
    colors.every((c) => Array.isArray(c) && c.length === 3 && c.every((v) => isInt(v) && v >= 0 && v <= 255));
  if (!validColors) return bad('parameters.sketch_color');
  return {
    model: String(body.model),
    // The doc: longer prompts are silently truncated. Count code points, not UTF-16 units.
    prompt: Array.from(input.prompt).slice(0, PROMPT_MAX).join(''),
    sketchUrl: input.sketch_image_url,
    n,
    size,
    sketchWeight: weight,
    style,
    sketchExtraction: extraction,
    sketchColor: colors as number[][],
  };
}

/** `lateMs`: the create is processed this long (simulation ms) after now, or never (a `late` fault). */
export async function createTask(
  s: SimState,
  req: IncomingMessage,
  route: 'image2image' | 'text2image',
  lateMs?: number | 'never',
): Promise<Reply> {
  const caller = s.accounts.authenticate(req, s.msg, { checkWorkspace: true });
  if (isReply(caller)) return caller;
  if (header(req, 'x-dashscope-async') !== 'enable') return apiError(403, 'AccessDenied', s.msg.asyncRequired);
  let raw: Buffer;
  try {
    raw = await readBody(req, 1024 * 1024);
  } catch (e) {
    if (e instanceof BodyTooLarge)
      return apiError(400, 'InvalidParameter', invalidParameter('body', s.behaviour.invalidParameterStyle));
    throw e;
  }
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch {
    return apiError(400, 'BadRequest.IllegalInput', s.msg.illegalInput);
  }
  if (!isObject(body)) return apiError(400, 'BadRequest.IllegalInput', s.msg.illegalInput);
  if (body.model === undefined || body.model === '') return apiError(400, 'BadRequest.EmptyModel', s.msg.emptyModel);
  if (typeof body.model !== 'string' || !s.models.has(body.model))
    return apiError(400, 'InvalidParameter', s.msg.modelNotExist);
  if (route === 'text2image' && s.behaviour.text2imageRoute === 'reject')
    return apiError(403, 'AccessDenied', s.msg.asyncUnsupported);
  if (caller.account.arrears) return apiError(400, 'Arrearage', s.msg.arrearage);
  const parsed = parseCreateBody(body, s);
  if ('status' in parsed) return parsed;
  if (s.blockedWords.some((w) => parsed.prompt.includes(w)))
    return apiError(400, 'DataInspectionFailed', s.msg.inputInspection);
  const isOss = parsed.sketchUrl.startsWith('oss://');
  const resolveHeader = header(req, 'x-dashscope-ossresourceresolve') === 'enable';
  if (isOss && !resolveHeader && s.behaviour.ossWithoutResolveHeader === 'reject') {
    return apiError(400, 'InvalidParameter', s.msg.ossUrlWithoutResolve);
  }
  // Only submissions that would create a task count against the 2-per-second quota.
  if (!s.limiter.tryAcquire(`create:${caller.account.id}`, s.clock.now(), s.limits.createsPerSecond))
    return throttled(s);

  const now = s.clock.now();
  const input: Promise<SketchCheck> =
    isOss && !resolveHeader
      ? Promise.resolve({ ok: false, code: 'InvalidURL', reason: 'oss:// URL without X-DashScope-OssResourceResolve' })
      : checkSketch(parsed.sketchUrl, {
          uploads: s.uploads,
          accountId: caller.account.id,
          model: parsed.model,
          now,
          allowRemote: s.allowRemoteSketchUrls,
        });
  if (s.behaviour.sketchErrors === 'reject') {
    const check = await input;
    if (!check.ok)
      return apiError(400, check.code, check.code === 'InvalidURL' ? s.msg.invalidUrl : s.msg.invalidResolution);
  }
  // Lost for good: the client never hears, the backend never makes it (the answer is discarded).
  if (lateMs === 'never') return json(200, {});
  const submitAt = now + (lateMs ?? 0);
  const task: SimTask = {
    id: randomUUID(),
    accountId: caller.account.id,
    keyId: caller.keyId,
    createRequestId: randomUUID(),
    ...parsed,
    route,
    submitAt,
    readyAt: submitAt + s.scaled(s.timings.scheduleDelayMs),
    runMs: s.scaled(s.runTimes.next()),
    outcome: s.nextOutcome(),
    input,
  };
  s.tasks.add(task);
  if (s.prerenderResults) {
    void input.then((check) => {
      if (check.ok) for (let i = 0; i < task.n; i++) renderFor(s, task, check.bytes, i).catch(() => undefined);
    });
  }
  return json(200, { output: { task_status: 'PENDING', task_id: task.id }, request_id: task.createRequestId });
}

/** A task the caller may see: its account's and not yet past retention. */
function visibleTask(s: SimState, caller: Caller, id: string, now: number): SimTask | undefined {
  const t = s.tasks.get(id);
  if (!t || t.accountId !== caller.account.id) return undefined;
  if (now >= t.submitAt + s.timings.taskRetentionMs) return undefined;
  return t;
}

function taskAuth(s: SimState, req: IncomingMessage): Caller | Reply {
  const caller = s.accounts.authenticate(req, s.msg, { checkWorkspace: true });
  if (isReply(caller)) return caller;
  if (!s.limiter.tryAcquire(`tasks:${caller.account.id}`, s.clock.now(), s.limits.taskApiQps)) return throttled(s);
  return caller;
}

export async function getTask(s: SimState, req: IncomingMessage, id: string): Promise<Reply> {
  const caller = taskAuth(s, req);
  if (isReply(caller)) return caller;
  const requestId = randomUUID();
  const now = s.clock.now();
  const t = visibleTask(s, caller, id, now);
  if (!t) return json(200, { request_id: requestId, output: { task_id: id, task_status: 'UNKNOWN' } });
  await s.tasks.settle(t.accountId, now);
  const status = s.tasks.statusAt(t, now);
  const tz = s.utcOffsetMinutes;
  const out: Record<string, unknown> = { task_id: t.id, task_status: status };
  const f = t.final;
  if (f?.status === 'FAILED') {
    out.code = f.code;
    out.message = f.message;
  }
  if (f?.status === 'SUCCEEDED') out.results = f.results;
  const stamp = (simMs: number) => formatTaskTime(s.serverTime(simMs), tz);
  out.submit_time = stamp(t.submitAt);
  if (t.startAt !== undefined && status !== 'PENDING' && status !== 'CANCELED') out.scheduled_time = stamp(t.startAt);
  if (f) out.end_time = stamp(f.endAt);
  if (f && f.status !== 'CANCELED') out.task_metrics = { TOTAL: t.n, SUCCEEDED: f.succeeded, FAILED: f.failed };
  else if (status === 'RUNNING' && s.behaviour.runningTaskMetrics)
    out.task_metrics = { TOTAL: t.n, SUCCEEDED: 0, FAILED: 0 };
  const body: Record<string, unknown> = { request_id: requestId, output: out };
  if (f?.status === 'SUCCEEDED') body.usage = { image_count: f.succeeded };
  return json(200, body);
}

export async function cancelTask(s: SimState, req: IncomingMessage, id: string): Promise<Reply> {
  const caller = taskAuth(s, req);
  if (isReply(caller)) return caller;
  const now = s.clock.now();
  const t = visibleTask(s, caller, id, now);
  if (t) await s.tasks.settle(t.accountId, now);
  if (!t || !s.tasks.cancel(t, now)) return apiError(400, 'UnsupportedOperation', s.msg.cancelNotPending);
  return json(200, { request_id: randomUUID() });
}

export async function listTasks(s: SimState, req: IncomingMessage, url: URL): Promise<Reply> {
  const caller = taskAuth(s, req);
  if (isReply(caller)) return caller;
  const bad = (field: string) =>
    apiError(400, 'InvalidParameter', invalidParameter(field, s.behaviour.invalidParameterStyle));
  const q = url.searchParams;
  const tz = s.listUtcOffsetMinutes;
  const now = s.clock.now();
  const startText = q.get('start_time');
  const endText = q.get('end_time');
  // The window is read in server time; the tasks are kept in simulation time.
  const toSim = (serverMs: number | undefined) =>
    serverMs === undefined ? undefined : serverMs - s.serverClockOffsetMs;
  const start = startText === null ? undefined : toSim(parseListTime(startText, tz));
  const end = endText === null ? undefined : toSim(parseListTime(endText, tz));
  if (startText !== null && start === undefined) return bad('start_time');
  if (endText !== null && end === undefined) return bad('end_time');
  let from: number;
  let to: number;
  if (start !== undefined && end !== undefined) {
    if (end < start) return bad('end_time');
    if (end - start > DAY) return apiError(400, 'InvalidParameter', s.msg.listRangeTooLong);
    [from, to] = [start, end + 999];
  } else if (end !== undefined) [from, to] = [end - DAY, end + 999];
  else if (start !== undefined) [from, to] = [start, start + DAY];
  else [from, to] = [now - DAY, now];
  const pageNo = Number(q.get('page_no') ?? '1');
  const pageSizeRaw = Number(q.get('page_size') ?? '10');
  if (!Number.isInteger(pageNo) || pageNo < 1) return bad('page_no');
  if (!Number.isInteger(pageSizeRaw) || pageSizeRaw < 1) return bad('page_size');
  const pageSize = Math.min(pageSizeRaw, s.behaviour.maxPageSize);
  const status = q.get('status');
  if (status !== null && !STATUSES.includes(status)) return bad('status');

  // Every simulated task lives in Beijing, the only region serving this model.
  const regionMatches = q.get('region') === null || q.get('region') === 'cn-beijing';
  await s.tasks.settle(caller.account.id, now);
  const rows = s.tasks
    .all()
    .filter((t) => t.accountId === caller.account.id && now < t.submitAt + s.timings.taskRetentionMs)
    .filter((t) => t.submitAt >= from && t.submitAt <= to)
    // The list is an index fed after the fact; the task query reads the task itself.
    .filter((t) => t.submitAt + s.listLagMs <= now)
    .filter((t) => q.get('task_id') === null || t.id === q.get('task_id'))
    .filter((t) => q.get('model_name') === null || t.model === q.get('model_name'))
    .filter((t) => q.get('api_key_id') === null || t.keyId === q.get('api_key_id'))
    .filter(() => regionMatches)
    .map((t) => ({ t, status: s.tasks.statusAt(t, now) }))
    .filter((r) => status === null || r.status === status)
    .sort((a, b) => b.t.submitAt - a.t.submitAt);
  const data = rows.slice((pageNo - 1) * pageSize, pageNo * pageSize).map(({ t, status: st }) => {
    const item: Record<string, unknown> = {
      api_key_id: t.keyId,
      caller_parent_id: t.accountId,
      caller_uid: `${t.accountId.slice(0, 8)}${t.keyId}`,
    };
    if (t.final?.status === 'FAILED') item.code = t.final.code;
    const stamp = (simMs: number) => Math.round(s.serverTime(simMs));
    if (t.final) item.end_time = stamp(t.final.endAt);
    item.gmt_create = stamp(t.submitAt);
    if (t.final?.status === 'FAILED') item.message = t.final.message;
    item.model_name = t.model;
    item.region = 'cn-beijing';
    item.request_id = t.createRequestId;
    if (t.startAt !== undefined && st !== 'PENDING' && st !== 'CANCELED') item.start_time = stamp(t.startAt);
    item.status = st;
    item.task_id = t.id;
    item.user_api_unique_key = `apikey:v1:aigc:${t.route}:image-synthesis:${t.model}`;
    return item;
  });
  return json(200, {
    total: rows.length,
    data,
    total_page: Math.ceil(rows.length / pageSize),
    page_no: pageNo,
    request_id: randomUUID(),
    page_size: pageSize,
  });
}

export function getPolicy(s: SimState, req: IncomingMessage, url: URL): Reply {
  const caller = s.accounts.authenticate(req, s.msg, { checkWorkspace: false });
  if (isReply(caller)) return caller;
  const bad = (field: string) =>
    apiError(400, 'InvalidParameter', invalidParameter(field, s.behaviour.invalidParameterStyle));
  if (url.searchParams.get('action') !== 'getPolicy') return bad('action');
  const model = url.searchParams.get('model');
  if (!model) return bad('model');
  if (!s.models.has(model)) return apiError(400, 'InvalidParameter', s.msg.modelNotExist);
  if (!s.limiter.tryAcquire(`policy:${caller.account.id}:${model}`, s.clock.now(), s.limits.policyQps))
    return throttled(s);
  const maxBytes = s.maxUploadFileMb * 1024 * 1024;
  const p = s.uploads.issue({
    accountId: caller.account.id,
    model,
    now: s.serverNow(),
    ttlSeconds: s.timings.policyTtlSeconds,
    maxBytes,
  });
  return json(200, {
    request_id: randomUUID(),
    data: {
      policy: p.policy,
      signature: p.signature,
      upload_dir: p.uploadDir,
      upload_host: s.ossOrigin,
      expire_in_seconds: s.timings.policyTtlSeconds,
      max_file_size_mb: s.maxUploadFileMb,
      capacity_limit_mb: 999999999,
      oss_access_key_id: 'LTAI5tSimulatorAccessKey',
      x_oss_object_acl: 'private',
      x_oss_forbid_overwrite: 'true',
    },
  });
}
