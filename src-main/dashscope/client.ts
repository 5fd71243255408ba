import { AppFailure } from '../../src-preload/contract/result';
import type { Clock } from '../common/clock';
import { assertSecretTransport } from '../common/secret-transport';
import type { FetchLike } from '../common/fetch';
import { originOf } from '../common/endpoint-url';
import { DEFAULT_ENDPOINT, resolveBaseUrl, SKETCH_MODEL } from './endpoints';
import type { DashScopeEndpoint } from './endpoints';
import { DashScopeError } from './errors';
import { objectKey, ossError, postObjectForm } from './oss';
import { checkUploadHost } from '../security/result-url';
import type { UploadFile, UploadPolicy } from './oss';
import { createTaskBody, usesTemporaryUpload } from './params';
import type { CreateTaskInput } from './params';
import { lookForCreate, ownEntry } from './reconcile';
import type { CreateLook } from './reconcile';
import { DEFAULT_RETRY_POLICY, backoffDelay, pause, withRetry } from './retry';
import type { RetryPolicy } from './retry';
import { toListItem, toTaskSnapshot } from './task';
import type { TaskListItem, TaskSnapshot } from './task';
import { BEIJING_UTC_OFFSET_MINUTES, formatListTime, ServerClock } from './time';
import { decode, send } from './transport';
import type { HttpCall, HttpReply } from './transport';
import {
  cancelResponseSchema,
  createResponseSchema,
  listResponseSchema,
  policyResponseSchema,
  taskResponseSchema,
} from './wire';
import type { TaskStatus } from './wire';

export interface DashScopeClientOptions {
  /** The key, or a function reading it from the keychain on each request. */
  apiKey: string | (() => string | Promise<string>);
  /** Product name and version for the User-Agent, e.g. `Wanx Sketch Studio`, `0.1.0`. */
  appName: string;
  appVersion: string;
  endpoint?: DashScopeEndpoint;
  /** `X-DashScope-WorkSpace`; required for RAM sub-account keys. */
  workspace?: string | undefined;
  fetch: FetchLike;
  clock: Clock;
  retry?: Partial<RetryPolicy>;
  /** Per request, wall clock. */
  requestTimeoutMs?: number;
  uploadTimeoutMs?: number;
  /** Time zone of the server's time strings (test/sim/CONTRACT.md §8 q4); Beijing unless told otherwise. */
  serverUtcOffsetMinutes?: number;
}

export interface RequestOptions {
  signal?: AbortSignal | undefined;
}

export type CreateTaskOptions = RequestOptions;

export interface CreateTaskResult {
  taskId: string;
  requestId: string | undefined;
  /** Client clock around the successful exchange; the poller uses them to calibrate server time. */
  sentAt: number;
  receivedAt: number;
  /** Create requests actually sent. */
  attempts: number;
}

export interface ListTasksQuery {
  taskId?: string;
  /** Epoch ms; sent as `YYYYMMDDhhmmss` in the server's zone. The range may not exceed 24 h. */
  startTime?: number;
  endTime?: number;
  modelName?: string;
  status?: TaskStatus;
  pageNo?: number;
  pageSize?: number;
  apiKeyId?: string;
  region?: string;
}

export interface TaskListPage {
  requestId: string;
  total: number;
  totalPage: number;
  pageNo: number;
  pageSize: number;
  items: TaskListItem[];
}

/** OSS refusals about the file itself, not the upload policy: the cached policy stays. */
const KEEPS_POLICY: ReadonlySet<string> = new Set(['Oss.FileAlreadyExists', 'Oss.EntityTooLarge']);

export class DashScopeClient {
  private readonly baseUrl: string;
  private readonly userAgent: string;
  private readonly retry: RetryPolicy;
  private readonly timeoutMs: number;
  private readonly uploadTimeoutMs: number;
  private readonly tz: number;
  /** The server's clock as seen through this endpoint's answers. */
  readonly serverClock = new ServerClock();
  private readonly policies = new Map<string, UploadPolicy>();

  constructor(private readonly opts: DashScopeClientOptions) {
    this.baseUrl = resolveBaseUrl(opts.endpoint ?? DEFAULT_ENDPOINT);
    // A programming error, not a user's: settings and forms only let http(s) URLs through.
    if (!originOf(this.baseUrl)) throw new TypeError('The DashScope base URL must be an http(s) URL.');
    this.userAgent = `${opts.appName.replace(/[^A-Za-z0-9._-]+/g, '')}/${opts.appVersion}`;
    this.retry = { ...DEFAULT_RETRY_POLICY, ...opts.retry };
    this.timeoutMs = opts.requestTimeoutMs ?? 30_000;
    this.uploadTimeoutMs = opts.uploadTimeoutMs ?? 120_000;
    this.tz = opts.serverUtcOffsetMinutes ?? BEIJING_UTC_OFFSET_MINUTES;
  }

  get serverUtcOffsetMinutes(): number {
    return this.tz;
  }

  /**
   * Submits one generation. Throttling and server faults that prove nothing was created are
   * retried with backoff. When the outcome is unknown (the connection died after sending, a
   * 504, a garbled 200, an abort while on the wire) it throws at once with outcome `unknown`
   * and sends nothing more: a gateway may still process the request minutes later, so only the
   * caller's settle (looks spread over minutes, `lookForCreate`) may decide it is safe to send again.
   */
  async createTask(input: CreateTaskInput, options: CreateTaskOptions = {}): Promise<CreateTaskResult> {
    const headers = await this.headers({ json: true, workspace: true });
    headers['X-DashScope-Async'] = 'enable';
    if (usesTemporaryUpload(input)) headers['X-DashScope-OssResourceResolve'] = 'enable';
    const body = createTaskBody(input);

    for (let attempt = 1; ; attempt++) {
      const sentAt = this.opts.clock.now();
      try {
        const reply = await this.exchange(
          this.call('POST', '/services/aigc/image2image/image-synthesis', headers, body, options.signal),
        );
        const wire = decode(reply, createResponseSchema, this.opts.clock.now());
        return {
          taskId: wire.output.task_id,
          requestId: wire.request_id,
          sentAt,
          receivedAt: this.opts.clock.now(),
          attempts: attempt,
        };
      } catch (e) {
        if (!(e instanceof DashScopeError)) throw e;
        // Unknown (or aborted on the wire, which is unknown too): the caller settles it.
        if (e.outcome === 'unknown' || e.code === 'Client.Aborted') throw e;
        if (!e.retryable || attempt >= this.retry.maxAttempts) throw e;
        await pause(this.opts.clock, backoffDelay(this.retry, attempt - 1, e.retryAfterMs), options.signal);
      }
    }
  }

  /**
   * One look for the tasks a create with unknown outcome may have made (see `lookForCreate`):
   * candidates, possibly none yet. `Client.ReconcileFailed` when the list cannot be read.
   */
  lookForCreate(
    look: Omit<CreateLook, 'model'> & { model?: string },
    options: RequestOptions = {},
  ): Promise<TaskListItem[]> {
    return lookForCreate(this, { ...look, model: look.model ?? SKETCH_MODEL }, options.signal);
  }

  /**
   * The list entry of a task of ours (undefined until the list indexed it). With the create's
   * exchange times it also pins the server's clock: `gmt_create` was stamped in between.
   */
  async ownEntry(
    taskId: string,
    created?: { sentAt: number; receivedAt: number },
    options: RequestOptions = {},
  ): Promise<TaskListItem | undefined> {
    const entry = await ownEntry(this, taskId, options.signal);
    if (entry && created) this.serverClock.observeCreated(entry.createdAt, created.sentAt, created.receivedAt);
    return entry;
  }

  /** One query. Transient failures are retried; GET is idempotent. */
  async getTask(taskId: string, options: RequestOptions = {}): Promise<TaskSnapshot> {
    const headers = await this.headers({ workspace: true });
    const path = `/tasks/${encodeURIComponent(taskId)}`;
    return this.idempotent(options.signal, async () => {
      const reply = await this.exchange(this.call('GET', path, headers, undefined, options.signal));
      return toTaskSnapshot(decode(reply, taskResponseSchema, this.opts.clock.now()), this.tz);
    });
  }

  /**
   * Cancels a PENDING task. A retried cancel that answers UnsupportedOperation may mean our
   * first, lost attempt worked; the task's status settles it.
   */
  async cancelTask(taskId: string, options: RequestOptions = {}): Promise<{ requestId: string }> {
    const headers = await this.headers({ workspace: true });
    const path = `/tasks/${encodeURIComponent(taskId)}/cancel`;
    let sent = 0;
    try {
      return await this.idempotent(options.signal, async () => {
        sent++;
        const reply = await this.exchange(this.call('POST', path, headers, undefined, options.signal));
        return { requestId: decode(reply, cancelResponseSchema, this.opts.clock.now()).request_id };
      });
    } catch (e) {
      if (e instanceof DashScopeError && e.code === 'UnsupportedOperation' && sent > 1) {
        const task = await this.getTask(taskId, options);
        if (task.status === 'CANCELED') return { requestId: task.requestId };
      }
      throw e;
    }
  }

  async listTasks(query: ListTasksQuery = {}, options: RequestOptions = {}): Promise<TaskListPage> {
    const headers = await this.headers({ workspace: true });
    // Python SDK order: page_no and page_size first, then the filters (test/sim/CONTRACT.md §2.2).
    const params = new URLSearchParams();
    params.set('page_no', String(query.pageNo ?? 1));
    params.set('page_size', String(query.pageSize ?? 10));
    if (query.taskId !== undefined) params.set('task_id', query.taskId);
    if (query.startTime !== undefined) params.set('start_time', formatListTime(query.startTime, this.tz));
    if (query.endTime !== undefined) params.set('end_time', formatListTime(query.endTime, this.tz));
    if (query.modelName !== undefined) params.set('model_name', query.modelName);
    if (query.apiKeyId !== undefined) params.set('api_key_id', query.apiKeyId);
    if (query.region !== undefined) params.set('region', query.region);
    if (query.status !== undefined) params.set('status', query.status);
    return this.idempotent(options.signal, async () => {
      const reply = await this.exchange(
        this.call('GET', `/tasks?${params.toString()}`, headers, undefined, options.signal),
      );
      const w = decode(reply, listResponseSchema, this.opts.clock.now());
      return {
        requestId: w.request_id,
        total: w.total,
        totalPage: w.total_page,
        pageNo: w.page_no,
        pageSize: w.page_size,
        items: w.data.map(toListItem),
      };
    });
  }

  /** Step 1 of the temporary upload. Sends no workspace and no Content-Type, like the SDKs. */
  async getUploadPolicy(model: string = SKETCH_MODEL, options: RequestOptions = {}): Promise<UploadPolicy> {
    const headers = await this.headers({ workspace: false });
    const q = new URLSearchParams({ action: 'getPolicy', model });
    return this.idempotent(options.signal, async () => {
      const reply = await this.exchange(
        this.call('GET', `/uploads?${q.toString()}`, headers, undefined, options.signal),
      );
      const d = decode(reply, policyResponseSchema, this.opts.clock.now()).data;
      return {
        model,
        policy: d.policy,
        signature: d.signature,
        uploadDir: d.upload_dir,
        uploadHost: d.upload_host,
        expireInSeconds: d.expire_in_seconds,
        maxFileSizeMb: d.max_file_size_mb,
        capacityLimitMb: d.capacity_limit_mb,
        ossAccessKeyId: d.oss_access_key_id,
        objectAcl: d.x_oss_object_acl,
        forbidOverwrite: d.x_oss_forbid_overwrite,
        expiresAt: this.opts.clock.now() + d.expire_in_seconds * 1000,
      };
    });
  }

  /**
   * Step 2: the multipart PostObject to the upload host. Returns the `oss://` URL. A retry that
   * meets FileAlreadyExists after an attempt with unknown outcome means that attempt landed.
   */
  async uploadToOss(policy: UploadPolicy, file: UploadFile, options: RequestOptions = {}): Promise<string> {
    const key = objectKey(policy, file);
    // The policy names where the sketch goes; only DashScope's OSS hosts (or this computer while
    // the endpoint is, as in tests) may receive it.
    const host = checkUploadHost(policy.uploadHost, this.baseUrl);
    if (!host.ok) {
      throw new DashScopeError({
        code: 'Client.BadResponse',
        message: `The upload policy names an upload host that is not DashScope's (${host.why}); nothing was sent.`,
        status: 0,
        outcome: 'not-sent',
        retryable: false,
      });
    }
    const headers = { 'User-Agent': this.userAgent, Accept: 'application/json' };
    let maybeLanded = false;
    return withRetry(
      async () => {
        const call: HttpCall = {
          method: 'POST',
          url: policy.uploadHost,
          headers,
          body: postObjectForm(policy, file),
          timeoutMs: this.uploadTimeoutMs,
          signal: options.signal,
        };
        let reply;
        try {
          reply = await send(this.opts.fetch, call);
        } catch (e) {
          if (e instanceof DashScopeError && e.outcome === 'unknown') maybeLanded = true;
          throw e;
        }
        if (reply.status === 200) return `oss://${key}`;
        const err = ossError(reply);
        if (err.code === 'Oss.FileAlreadyExists' && maybeLanded) return `oss://${key}`;
        if (err.outcome === 'unknown') maybeLanded = true;
        throw err;
      },
      { policy: this.retry, clock: this.opts.clock, signal: options.signal, shouldRetry: (e) => e.retryable },
    );
  }

  /** Policy (cached while valid) plus upload; refreshes the policy once if OSS says it expired. */
  async uploadFile(file: UploadFile, model: string = SKETCH_MODEL, options: RequestOptions = {}): Promise<string> {
    for (let round = 0; ; round++) {
      const policy = await this.policyFor(model, options);
      try {
        return await this.uploadToOss(policy, file, options);
      } catch (e) {
        // A policy the OSS host refused is never used again (else every upload, Retry included,
        // fails with it until it expires); a file it refused is no fault of the policy.
        const refused =
          e instanceof DashScopeError &&
          e.code.startsWith('Oss.') &&
          e.status >= 400 &&
          e.status < 500 &&
          !KEEPS_POLICY.has(e.code);
        if (refused && this.policies.get(model) === policy) this.policies.delete(model);
        if (round === 0 && e instanceof DashScopeError && e.code === 'Oss.PolicyExpired') continue;
        throw e;
      }
    }
  }

  private async policyFor(model: string, options: RequestOptions): Promise<UploadPolicy> {
    const cached = this.policies.get(model);
    // Keep a margin so a slow upload does not start on a credential about to lapse.
    if (cached && cached.expiresAt - 30_000 > this.opts.clock.now()) return cached;
    const fresh = await this.getUploadPolicy(model, options);
    this.policies.set(model, fresh);
    return fresh;
  }

  /** One exchange; the answer's `Date` header tells us the server's clock. */
  private async exchange(call: HttpCall): Promise<HttpReply> {
    const sentAt = this.opts.clock.now();
    const reply = await send(this.opts.fetch, call);
    this.serverClock.observeDate(reply.headers.get('date'), sentAt, this.opts.clock.now());
    return reply;
  }

  private idempotent<T>(signal: AbortSignal | undefined, attempt: () => Promise<T>): Promise<T> {
    return withRetry(attempt, { policy: this.retry, clock: this.opts.clock, signal, shouldRetry: (e) => e.retryable });
  }

  private call(
    method: 'GET' | 'POST',
    path: string,
    headers: Record<string, string>,
    body: string | undefined,
    signal: AbortSignal | undefined,
  ): HttpCall {
    return { method, url: `${this.baseUrl}${path}`, headers, body, timeoutMs: this.timeoutMs, signal };
  }

  private async headers(o: { json?: boolean; workspace: boolean }): Promise<Record<string, string>> {
    const key = typeof this.opts.apiKey === 'function' ? await this.opts.apiKey() : this.opts.apiKey;
    if (!key) {
      throw new DashScopeError({
        code: 'Client.MissingApiKey',
        message: 'No API key is configured.',
        status: 0,
        outcome: 'not-sent',
      });
    }
    // Last line of defence, whoever built this client: the key travels only encrypted (or to
    // this computer), and never with characters that could split a header. No value in the text.
    assertSecretTransport(this.baseUrl, 'secrets');
    if (!/^[\x21-\x7e]+$/.test(key)) {
      throw new AppFailure('secrets.badKeyValue', 'The API key holds characters a header cannot carry.');
    }
    const h: Record<string, string> = {
      Authorization: `Bearer ${key}`,
      Accept: 'application/json; charset=utf-8',
      'User-Agent': this.userAgent,
    };
    if (o.json) h['Content-Type'] = 'application/json; charset=utf-8';
    if (o.workspace && this.opts.workspace) h['X-DashScope-WorkSpace'] = this.opts.workspace;
    return h;
  }
}
