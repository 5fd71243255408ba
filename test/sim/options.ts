import type { ClockMode, SimClock } from './clock';
import type { InvalidParameterStyle } from './messages';
import type { MESSAGES } from './messages';

export interface SimApiKey {
  key: string;
  /** Reported as `api_key_id` by the list API. */
  id?: string;
  /** RAM sub-account keys must name a workspace (API reference, X-DashScope-WorkSpace). */
  kind?: 'main' | 'ram';
  blocked?: boolean;
}

export interface SimAccount {
  /** Main-account id (`caller_parent_id`). Limits and task visibility are per account. */
  id: string;
  keys: SimApiKey[];
  workspaces?: string[];
  /** Overdue account: creates answer 400 Arrearage. */
  arrears?: boolean;
}

/**
 * Behaviour where the contract has an open question (CONTRACT.md §8). Each default is the
 * choice we found most plausible; the alternatives exist so client tests can cover both.
 */
export interface SimBehaviour {
  /** q1: `oss://` without X-DashScope-OssResourceResolve → sync 400 (as documented for VL models) or a task that FAILS with InvalidURL. */
  ossWithoutResolveHeader: 'reject' | 'task-fails';
  /** q3: the sketch model on `text2image/image-synthesis` → 403 AccessDenied (seen for other models) or served. */
  text2imageRoute: 'reject' | 'accept';
  /** q4: RUNNING answers carry task_metrics with zero counts. */
  runningTaskMetrics: boolean;
  /** q5: seconds for a Retry-After header on 429s; undefined = no header. */
  retryAfterSeconds: number | undefined;
  /** Which InvalidParameter message spelling (current page names the field). */
  invalidParameterStyle: InvalidParameterStyle;
  /** Unreadable sketches: the task FAILS (default, the service downloads asynchronously) or the create gets 400. */
  sketchErrors: 'task-fails' | 'reject';
  /** Reject bodies without `parameters` (BadRequest.EmptyParameters). The API reference says it is optional. */
  requireParameters: boolean;
  /** q8: largest page_size; bigger values are clamped. */
  maxPageSize: number;
}

export interface SimLimits {
  /** Task submissions per account per second (rate-limit page: RPS 2). */
  createsPerSecond: number;
  /** Tasks RUNNING at once per account (1); further tasks wait PENDING in order. */
  concurrentTasks: number;
  /** Query + list + cancel per account per second (20 QPS). */
  taskApiQps: number;
  /** getPolicy per account and model per second (100 QPS). */
  policyQps: number;
}

export interface SimTimings {
  /** Run time distribution (log-normal): median and sigma of ln(ms). */
  runMedianMs: number;
  runSigma: number;
  /** Sim time from submission to RUNNING when the account is idle (~23 ms in the doc example). */
  scheduleDelayMs: number;
  /** How long a task with an unreadable sketch runs before failing. */
  inputFailureMs: number;
  /** Queued tasks without a result after this fail with InternalError.Timeout (3 h). */
  queueTimeoutMs: number;
  /** Task ids answer for this long after submission, then UNKNOWN (24 h). */
  taskRetentionMs: number;
  /** Result URLs work for this long after the task ends (24 h). */
  resultUrlTtlMs: number;
  /** Temporary uploads live this long (48 h). */
  uploadTtlMs: number;
  policyTtlSeconds: number;
}

export interface SimulatorOptions {
  /** Loopback only; the simulator refuses anything else. */
  host?: '127.0.0.1';
  port?: number;
  ossPort?: number;
  accounts?: SimAccount[];
  /** A shared clock, or a mode for a fresh one. Default `real`. */
  clock?: SimClock | ClockMode;
  /** Divides every simulated duration (run times, queue delays); 100 turns 27 s into 270 ms. */
  speed?: number;
  /** Seed for run-time draws and image rendering. */
  seed?: number;
  limits?: Partial<SimLimits>;
  timings?: Partial<SimTimings>;
  behaviour?: Partial<SimBehaviour>;
  messages?: Partial<Record<keyof typeof MESSAGES, string>>;
  /** Prompt words that trigger input DataInspectionFailed. */
  blockedWords?: string[];
  /** Let the simulator download sketches from non-loopback hosts. Off: tests never reach the internet. */
  allowRemoteSketchUrls?: boolean;
  /**
   * Render a task's result images while it runs instead of on the first download, so a download
   * costs what a real OSS download does (the bench times the app, not the renderer). Off by default.
   */
  prerenderResults?: boolean;
  /** UTC offset of the time strings it writes (CONTRACT.md §8 q4: Beijing). */
  utcOffsetMinutes?: number;
  /**
   * How far the server's clock runs ahead of the simulation clock (negative: behind). The simulation
   * clock is the test's "PC" clock (the one shared with the client); everything the server stamps
   * (submit/scheduled/end times, list `gmt_create`/`start_time`/`end_time`, the `Date` header, result URL
   * and upload policy expiry) reads server time. Default 0. Settable at run time (`sim.serverClockOffsetMs`).
   */
  serverClockOffsetMs?: number;
  /** Time zone the list API reads `start_time`/`end_time` (`YYYYMMDDhhmmss`) in; default `utcOffsetMinutes` (UTC+8). */
  listUtcOffsetMinutes?: number;
  /** List index lag: a task shows in `GET /tasks` only this long (sim ms) after its submission; the task query sees it at once. Default 0. */
  listLagMs?: number;
  maxUploadFileMb?: number;
  models?: string[];
}

export const DEFAULT_API_KEY = 'sk-sim0000000000000000000000000001';
export const DEFAULT_WORKSPACE = 'llm-simworkspace';

export const DEFAULT_ACCOUNTS: SimAccount[] = [
  {
    id: '1000000000000001',
    keys: [{ key: DEFAULT_API_KEY, id: '150001', kind: 'main' }],
    workspaces: [DEFAULT_WORKSPACE],
  },
];

export const DEFAULT_LIMITS: SimLimits = { createsPerSecond: 2, concurrentTasks: 1, taskApiQps: 20, policyQps: 100 };

export const DEFAULT_TIMINGS: SimTimings = {
  runMedianMs: 27_000,
  runSigma: 0.206,
  scheduleDelayMs: 25,
  inputFailureMs: 1500,
  queueTimeoutMs: 3 * 3600_000,
  taskRetentionMs: 24 * 3600_000,
  resultUrlTtlMs: 24 * 3600_000,
  uploadTtlMs: 48 * 3600_000,
  policyTtlSeconds: 300,
};

export const DEFAULT_BEHAVIOUR: SimBehaviour = {
  ossWithoutResolveHeader: 'reject',
  text2imageRoute: 'reject',
  runningTaskMetrics: true,
  retryAfterSeconds: undefined,
  invalidParameterStyle: 'named',
  sketchErrors: 'task-fails',
  requireParameters: false,
  maxPageSize: 100,
};

export const SKETCH_MODEL = 'wanx-sketch-to-image-lite';
