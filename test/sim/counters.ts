/** Every request the simulator receives, by route, so tests can assert "exactly one create". */
export type RouteName =
  | 'create'
  | 'create.text2image'
  | 'task.get'
  | 'task.cancel'
  | 'task.list'
  | 'uploads.policy'
  | 'oss.upload'
  | 'oss.result'
  | 'control'
  | 'not-found';

export interface RouteCount {
  total: number;
  byStatus: Record<string, number>;
}

/** One request as the server saw it, in real (wall-clock) ms: for benches that time from outside. */
export interface RequestLogEntry {
  route: RouteName;
  method: string;
  /** URL path without the query (task ids are in it; signatures are not). */
  path: string;
  /** When the request arrived and when its answer was written (or the connection cut). */
  arrivedAt: number;
  answeredAt: number;
  status: number | 'reset';
}

/** The request log keeps the newest entries up to this many. */
const LOG_LIMIT = 10_000;

export class RequestCounters {
  private counts = new Map<RouteName, RouteCount>();
  private arrivedCounts = new Map<RouteName, number>();
  private entries: RequestLogEntry[] = [];

  /** A request came in (before faults and processing): `arrived()` sees requests still being held. */
  arrive(route: RouteName): void {
    this.arrivedCounts.set(route, (this.arrivedCounts.get(route) ?? 0) + 1);
  }

  /** Requests that reached the server on a route, answered or not yet. */
  arrived(route: RouteName): number {
    return this.arrivedCounts.get(route) ?? 0;
  }

  log(entry: RequestLogEntry): void {
    this.entries.push(entry);
    if (this.entries.length > LOG_LIMIT) this.entries.splice(0, this.entries.length - LOG_LIMIT);
  }

  /** Answered requests in order of answer, oldest first. */
  requests(route?: RouteName): RequestLogEntry[] {
    return this.entries.filter((e) => route === undefined || e.route === route).map((e) => ({ ...e }));
  }

  record(route: RouteName, status: number | 'reset'): void {
    const c = this.counts.get(route) ?? { total: 0, byStatus: {} };
    c.total++;
    c.byStatus[String(status)] = (c.byStatus[String(status)] ?? 0) + 1;
    this.counts.set(route, c);
  }

  /** Requests received on a route (faulted ones included). */
  get(route: RouteName): number {
    return this.counts.get(route)?.total ?? 0;
  }

  status(route: RouteName, status: number | 'reset'): number {
    return this.counts.get(route)?.byStatus[String(status)] ?? 0;
  }

  snapshot(): Record<string, RouteCount> {
    return Object.fromEntries([...this.counts].map(([k, v]) => [k, { total: v.total, byStatus: { ...v.byStatus } }]));
  }

  reset(): void {
    this.counts = new Map();
    this.arrivedCounts = new Map();
    this.entries = [];
  }
}
