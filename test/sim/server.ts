import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AccountRegistry } from './accounts';
import { cancelTask, createTask, getPolicy, getTask, listTasks } from './api-routes';
import type { SimClock } from './clock';
import { control } from './control-routes';
import type { RequestCounters, RouteName } from './counters';
import type { FaultInjector } from './faults';
import { apiError, deliver, faultReply, json, ossError, realDelay, trickle } from './http';
import type { Reply } from './http';
import { MESSAGES } from './messages';
import type { SimulatorOptions } from './options';
import { createForeignTask } from './foreign';
import type { ForeignTaskSpec } from './foreign';
import { getResult, postObject } from './oss-routes';
import { SimState } from './state';
import type { LiveStatus, Outcome, SimTask } from './tasks';

export interface SimTaskView extends Omit<SimTask, 'input'> {
  status: LiveStatus;
}

export interface Simulator {
  /** `http://127.0.0.1:<port>/api/v1`, to use as the client's custom base URL. */
  baseUrl: string;
  origin: string;
  /** The OSS-like host getPolicy points uploads to (also serves result images). */
  uploadHost: string;
  /** The first configured key and workspace, for the common single-account case. */
  apiKey: string;
  workspace: string | undefined;
  clock: SimClock;
  faults: FaultInjector;
  /** Per-route counts (`get`, `status`, `arrived` for requests still held) and the request log (`requests`). */
  counters: RequestCounters;
  accounts: AccountRegistry;
  speed: number;
  /** Server clock minus simulation clock (ms); see SimulatorOptions.serverClockOffsetMs. */
  serverClockOffsetMs: number;
  /** Time zone (minutes east of UTC) the list API reads `start_time`/`end_time` in. */
  listUtcOffsetMinutes: number;
  /** A task shows in the list only this long (sim ms) after its submission. */
  listLagMs: number;
  /** The server's clock now (epoch ms): the simulation clock plus serverClockOffsetMs. */
  serverNow(): number;
  /** Exact run times (ms, before the speed factor) for the next tasks. */
  runTimes: { enqueue(...ms: number[]): void };
  /** Scripted outcomes for the next tasks. */
  outcomes: { enqueue(...o: Outcome[]): void };
  /**
   * `ids()`: tasks that exist now; `upcoming()`: tasks a `late` create or a future foreign task
   * will make, with the simulation time they appear at.
   */
  tasks: {
    get(id: string): Promise<SimTaskView | undefined>;
    ids(): string[];
    upcoming(): { id: string; at: number }[];
  };
  /** Tasks on an account made by others (another device with the same key, another key); resolves to the task id. */
  foreign: { create(spec?: ForeignTaskSpec): Promise<string> };
  /** Escape hatch for tests that need the internals. */
  state: SimState;
  close(): Promise<void>;
}

const API = '/api/v1';
const CREATE = /^\/api\/v1\/services\/aigc\/(image2image|text2image)\/image-synthesis\/?$/;
// DashScope's asyncio SDK adds a trailing slash to both (`/tasks/{id}/`, `/tasks/{id}/cancel/`); the service serves them.
const TASK = /^\/api\/v1\/tasks\/([^/]+)\/?$/;
const CANCEL = /^\/api\/v1\/tasks\/([^/]+)\/cancel\/?$/;

/** `late`: a `late` fault's delay; only the create routes honour it. */
type Routed = { name: RouteName; run: (late?: { afterMs: number | 'never' }) => Promise<Reply> };

function routeApi(s: SimState, req: IncomingMessage, url: URL): Routed {
  const p = url.pathname;
  const m = req.method ?? 'GET';
  if (p.startsWith('/__sim/')) return { name: 'control', run: () => control(s, req, url) };
  const create = CREATE.exec(p);
  if (create && m === 'POST') {
    const route = create[1] as 'image2image' | 'text2image';
    return {
      name: route === 'image2image' ? 'create' : 'create.text2image',
      run: (late) => createTask(s, req, route, late?.afterMs),
    };
  }
  const cancel = CANCEL.exec(p);
  if (cancel && m === 'POST')
    return { name: 'task.cancel', run: () => cancelTask(s, req, decodeURIComponent(cancel[1]!)) };
  if (m === 'GET' && (p === `${API}/tasks` || p === `${API}/tasks/`))
    return { name: 'task.list', run: () => listTasks(s, req, url) };
  const task = TASK.exec(p);
  if (task && m === 'GET') return { name: 'task.get', run: () => getTask(s, req, decodeURIComponent(task[1]!)) };
  if (m === 'GET' && (p === `${API}/uploads` || p === `${API}/uploads/`))
    return { name: 'uploads.policy', run: async () => getPolicy(s, req, url) };
  return { name: 'not-found', run: async () => apiError(404, 'NotFound', MESSAGES.notFound) };
}

function routeOss(s: SimState, req: IncomingMessage, url: URL): Routed {
  if (req.method === 'POST' && url.pathname === '/') return { name: 'oss.upload', run: () => postObject(s, req) };
  if (req.method === 'GET') return { name: 'oss.result', run: () => getResult(s, url) };
  return {
    name: 'not-found',
    run: async () =>
      ossError(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.', 'sim'),
  };
}

async function handle(
  s: SimState,
  req: IncomingMessage,
  res: ServerResponse,
  router: typeof routeApi,
  oss: boolean,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const routed = router(s, req, url);
  const arrivedAt = Date.now();
  s.counters.arrive(routed.name);
  const record = (status: number | 'reset') => {
    s.counters.record(routed.name, status);
    s.counters.log({
      route: routed.name,
      method: req.method ?? 'GET',
      path: url.pathname,
      arrivedAt,
      answeredAt: Date.now(),
      status,
    });
  };
  let fault = routed.name === 'control' ? undefined : s.faults.take(routed.name, url.pathname);
  let holdAfterMs = 0;
  if (fault?.kind === 'delay') {
    if (fault.when === 'after') holdAfterMs = fault.ms;
    else {
      await realDelay(fault.ms);
      // The client went away while the request was held: it never reached processing.
      if (req.socket.destroyed) {
        record('reset');
        return;
      }
    }
    fault = undefined;
  }
  if (fault?.kind === 'reset' && fault.when !== 'after') {
    req.socket.destroy();
    record('reset');
    return;
  }
  if (fault?.kind === 'late') {
    // The gateway has the request; the client's connection dies before any answer, and the
    // backend makes the task later (or never). What it would have answered is lost.
    try {
      await routed.run({ afterMs: fault.afterMs });
    } finally {
      req.socket.destroy();
      record('reset');
    }
    return;
  }
  let reply: Reply;
  if (fault?.kind === 'status') {
    req.resume();
    reply = faultReply(fault, oss);
    fault = undefined;
  } else {
    try {
      reply = await routed.run();
    } catch (e) {
      console.error('[sim] handler error', e);
      reply = oss
        ? ossError(500, 'InternalError', 'We encountered an internal error. Please try again.', 'sim')
        : apiError(500, 'InternalError', s.msg.internalError);
    }
  }
  if (holdAfterMs > 0) await realDelay(holdAfterMs);
  // A client that went away while we held the answer (killed, timed out) hears nothing.
  if (res.destroyed || req.socket.destroyed) {
    record('reset');
    return;
  }
  // Every answer carries the server's time, as any HTTP server's does (RFC 1123, GMT); Node's own
  // Date header would read the wall clock, not the simulated server's.
  reply.headers.Date = s.httpDate();
  if (fault?.kind === 'slow-body') {
    record(await trickle(res, reply, fault.bytesPerSecond));
    return;
  }
  record(deliver(res, reply, fault));
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** Starts the DashScope simulator on loopback. Port 0 (default) picks free ports. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  if (options.host !== undefined && options.host !== '127.0.0.1')
    throw new Error('The simulator listens on 127.0.0.1 only.');
  const s = new SimState(options);
  const serve = (router: typeof routeApi, oss: boolean) =>
    createServer((req, res) => {
      handle(s, req, res, router, oss).catch((e: unknown) => {
        console.error('[sim] request failed', e);
        if (!res.headersSent)
          deliver(res, json(500, { error: 'simulator failure' }, { Date: s.httpDate() }), undefined);
      });
    });
  const api = serve(routeApi, false);
  const ossServer = serve(routeOss, true);
  const ossPort = await listen(ossServer, options.ossPort ?? 0);
  const port = await listen(api, options.port ?? 0);
  s.ossOrigin = `http://127.0.0.1:${ossPort}`;
  const first = s.accounts.list()[0];
  const origin = `http://127.0.0.1:${port}`;
  return {
    baseUrl: `${origin}${API}`,
    origin,
    uploadHost: s.ossOrigin,
    apiKey: first?.keys[0]?.key ?? '',
    workspace: first?.workspaces?.[0],
    clock: s.clock,
    faults: s.faults,
    counters: s.counters,
    accounts: s.accounts,
    get speed() {
      return s.speed;
    },
    set speed(f: number) {
      if (!(f > 0)) throw new RangeError('speed must be positive');
      s.speed = f;
    },
    get serverClockOffsetMs() {
      return s.serverClockOffsetMs;
    },
    set serverClockOffsetMs(ms: number) {
      if (!Number.isFinite(ms)) throw new RangeError('serverClockOffsetMs must be finite');
      s.serverClockOffsetMs = ms;
    },
    get listUtcOffsetMinutes() {
      return s.listUtcOffsetMinutes;
    },
    set listUtcOffsetMinutes(m: number) {
      if (!Number.isFinite(m)) throw new RangeError('listUtcOffsetMinutes must be finite');
      s.listUtcOffsetMinutes = m;
    },
    get listLagMs() {
      return s.listLagMs;
    },
    set listLagMs(ms: number) {
      if (!(ms >= 0)) throw new RangeError('listLagMs must be non-negative');
      s.listLagMs = ms;
    },
    serverNow: () => s.serverNow(),
    runTimes: { enqueue: (...ms) => s.runTimes.enqueue(...ms) },
    outcomes: { enqueue: (...o) => void s.outcomes.push(...o) },
    tasks: {
      async get(id) {
        const t = s.tasks.get(id);
        if (!t) return undefined;
        await s.tasks.settle(t.accountId, s.clock.now());
        const status = s.tasks.statusAt(t, s.clock.now()); // first: it may finalize the task
        const { input: _input, ...rest } = t;
        return { ...rest, status };
      },
      ids: () => s.tasks.all().map((t) => t.id),
      upcoming: () => s.tasks.upcoming().map((t) => ({ id: t.id, at: t.submitAt })),
    },
    foreign: { create: (spec = {}) => createForeignTask(s, spec) },
    state: s,
    close: async () => {
      await Promise.all([closeServer(api), closeServer(ossServer)]);
    },
  };
}
