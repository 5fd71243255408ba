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

export class RequestCounters {
  private counts = new Map<RouteName, RouteCount>();

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
  }
}
