import { createHmac, randomBytes } from 'node:crypto';
import { AccountRegistry } from './accounts';
import { createSimClock } from './clock';
import type { SimClock } from './clock';
import { RequestCounters } from './counters';
import { FaultInjector } from './faults';
import { MESSAGES } from './messages';
import { DEFAULT_ACCOUNTS, DEFAULT_BEHAVIOUR, DEFAULT_LIMITS, DEFAULT_TIMINGS, SKETCH_MODEL } from './options';
import type { SimBehaviour, SimLimits, SimTimings, SimulatorOptions } from './options';
import { RateLimiter, RunTimeSampler } from './random';
import { TaskStore } from './tasks';
import type { FinalState, Outcome, ResultItem, SimTask } from './tasks';
import { UploadStore } from './upload-store';

export type MessageTable = Record<keyof typeof MESSAGES, string>;

/** Everything the simulator's routes share. Mutable fields are the test controls. */
export class SimState {
  readonly clock: SimClock;
  speed: number;
  readonly limits: SimLimits;
  readonly timings: SimTimings;
  readonly behaviour: SimBehaviour;
  readonly msg: MessageTable;
  readonly accounts: AccountRegistry;
  readonly counters = new RequestCounters();
  readonly faults = new FaultInjector();
  readonly limiter = new RateLimiter();
  readonly runTimes: RunTimeSampler;
  readonly tasks: TaskStore;
  readonly uploads: UploadStore;
  readonly outcomes: Outcome[] = [];
  /** Rendered result images by `taskId/index`; rendering is the expensive part. */
  readonly renders = new Map<string, Promise<Buffer>>();
  readonly models: Set<string>;
  readonly blockedWords: string[];
  readonly allowRemoteSketchUrls: boolean;
  readonly prerenderResults: boolean;
  readonly utcOffsetMinutes: number;
  /** Server clock minus simulation clock (see SimulatorOptions.serverClockOffsetMs). */
  serverClockOffsetMs: number;
  listUtcOffsetMinutes: number;
  listLagMs: number;
  readonly maxUploadFileMb: number;
  readonly seed: number;
  /** Origin of the OSS-like host (uploads and result images); set once it listens. */
  ossOrigin = '';
  private readonly secret = randomBytes(32);

  constructor(o: SimulatorOptions) {
    this.clock = typeof o.clock === 'object' ? o.clock : createSimClock(o.clock ?? 'real');
    this.speed = o.speed ?? 1;
    this.limits = { ...DEFAULT_LIMITS, ...o.limits };
    this.timings = { ...DEFAULT_TIMINGS, ...o.timings };
    this.behaviour = { ...DEFAULT_BEHAVIOUR, ...o.behaviour };
    this.msg = { ...MESSAGES, ...o.messages };
    this.accounts = new AccountRegistry(o.accounts ?? DEFAULT_ACCOUNTS);
    this.seed = o.seed ?? 20240718;
    this.runTimes = new RunTimeSampler(this.seed, this.timings.runMedianMs, this.timings.runSigma);
    this.uploads = new UploadStore(this.secret);
    this.models = new Set(o.models ?? [SKETCH_MODEL]);
    this.blockedWords = o.blockedWords ?? ['forbidden-content'];
    this.allowRemoteSketchUrls = o.allowRemoteSketchUrls ?? false;
    this.prerenderResults = o.prerenderResults ?? false;
    this.utcOffsetMinutes = o.utcOffsetMinutes ?? 480;
    this.serverClockOffsetMs = o.serverClockOffsetMs ?? 0;
    this.listUtcOffsetMinutes = o.listUtcOffsetMinutes ?? this.utcOffsetMinutes;
    this.listLagMs = o.listLagMs ?? 0;
    this.maxUploadFileMb = o.maxUploadFileMb ?? 100;
    this.tasks = new TaskStore({
      now: () => this.clock.now(),
      concurrency: () => this.limits.concurrentTasks,
      queueTimeoutMs: () => this.timings.queueTimeoutMs,
      inputFailureMs: () => this.timings.inputFailureMs / this.speed,
      finalize: (t, endAt) => this.finalize(t, endAt),
    });
  }

  /** What the server's clock read at simulation time `simMs`: the time it stamps on anything it sends. */
  serverTime(simMs: number): number {
    return simMs + this.serverClockOffsetMs;
  }

  serverNow(): number {
    return this.serverTime(this.clock.now());
  }

  /** The `Date` header value: the server's clock, RFC 1123 in GMT. */
  httpDate(): string {
    return new Date(this.serverNow()).toUTCString();
  }

  /** A simulated duration under the current speed factor. */
  scaled(ms: number): number {
    return ms / this.speed;
  }

  nextOutcome(): Outcome {
    return this.outcomes.shift() ?? { kind: 'success' };
  }

  resultSignature(path: string, expiresSec: number): string {
    return createHmac('sha1', this.secret).update(`GET\n${expiresSec}\n${path}`).digest('base64');
  }

  resultUrl(task: SimTask, index: number, endAt: number): string {
    const day = new Date(this.serverTime(endAt)).toISOString().slice(0, 10).replace(/-/g, '');
    const path = `/dashscope-result-bj/${day}/${task.id}/${index}.png`;
    // Signed with the server's clock; OSS checks it against the same clock (getResult).
    const expires = Math.floor((this.serverTime(endAt) + this.timings.resultUrlTtlMs) / 1000);
    const q = new URLSearchParams({
      Expires: String(expires),
      OSSAccessKeyId: 'LTAI5tSimResultReader',
      Signature: this.resultSignature(path, expires),
    });
    return `${this.ossOrigin}${path}?${q.toString()}`;
  }

  /** The task's end state once its run time has passed (sketch problems, scripts, success). */
  private finalize(t: SimTask, endAt: number): FinalState {
    const failed = (code: string, message: string): FinalState => ({
      status: 'FAILED',
      endAt,
      code,
      message,
      results: [],
      succeeded: 0,
      failed: t.n,
    });
    if (t.check && !t.check.ok)
      return failed(t.check.code, t.check.code === 'InvalidURL' ? this.msg.invalidUrl : this.msg.invalidResolution);
    switch (t.outcome.kind) {
      case 'fail':
        return failed(t.outcome.code, t.outcome.message);
      case 'output-inspection':
        return failed('DataInspectionFailed', this.msg.outputInspection);
      case 'queue-timeout':
        return failed('InternalError.Timeout', this.msg.internalTimeout);
      case 'partial': {
        const bad = Math.min(t.n, Math.max(0, t.outcome.failed));
        const code = t.outcome.code ?? 'InternalError.Timeout';
        const message =
          t.outcome.message ?? (code === 'DataInspectionFailed' ? this.msg.outputInspection : this.msg.internalTimeout);
        if (bad >= t.n) return failed(code, message);
        const results: ResultItem[] = [];
        for (let i = 0; i < t.n; i++)
          results.push(i >= t.n - bad ? { code, message } : { url: this.resultUrl(t, i, endAt) });
        return { status: 'SUCCEEDED', endAt, results, succeeded: t.n - bad, failed: bad };
      }
      case 'success': {
        const results = Array.from({ length: t.n }, (_, i) => ({ url: this.resultUrl(t, i, endAt) }));
        return { status: 'SUCCEEDED', endAt, results, succeeded: t.n, failed: 0 };
      }
    }
  }
}
