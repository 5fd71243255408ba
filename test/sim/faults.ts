import type { RouteName } from './counters';

/**
 * Failures a test can inject on a route, for the next `times` requests:
 * - `status`: answer with this HTTP status instead (JSON DashScope body; 502/504 get a gateway
 *   HTML page unless a code is given). 429 with `times: k` is a throttling burst.
 * - `delay`: hold the request this many real milliseconds, then answer normally; with
 *   `when: 'after'` the server acts first and holds only the answer (a create has made its task
 *   while the client still waits: the moment a crash leaves the outcome unknown).
 * - `reset`: destroy the connection, `before` processing (nothing happened) or `after` it
 *   (the server acted: a create made its task, the client never hears of it).
 * - `drop-body`: process, send headers and half the body, then destroy the connection.
 * - `slow-body`: answer normally but trickle the body at `bytesPerSecond` (real time, in 100 ms
 *   steps; 0 = headers, then nothing until the client gives up): a slow or stalled link.
 * - `late` (create routes only): read the request, destroy the connection without an answer, and
 *   process the create `afterMs` simulation ms later (or `'never'`): the task exists, queues, bills
 *   and lists only from then on. Unlike `reset` `after`, where the task exists at once. A create
 *   that would have been refused (4xx) makes no task.
 */
export type Fault =
  | { kind: 'status'; status: number; code?: string; message?: string }
  | { kind: 'delay'; ms: number; when?: 'before' | 'after' }
  | { kind: 'reset'; when?: 'before' | 'after' }
  | { kind: 'drop-body' }
  | { kind: 'slow-body'; bytesPerSecond: number }
  | { kind: 'late'; afterMs: number | 'never' };

/**
 * Which requests of the route a rule hits (all given parts must hold):
 * - `url`: this exact path (a full URL counts by its path; the query is ignored), e.g. one result URL;
 * - `taskId`: paths with this task id as a segment (its result images, its query and cancel);
 * - `index`: result image `index` (paths ending in `/{index}.png`).
 */
export interface FaultMatch {
  url?: string;
  taskId?: string;
  index?: number;
}

const CREATE_ROUTES: readonly string[] = ['create', 'create.text2image'];

export interface FaultRule {
  route: RouteName | '*';
  fault: Fault;
  /** How many matching requests it hits (the first K); default 1; `'always'` until removed. */
  times?: number | 'always';
  /** Only requests whose path matches; default every request of the route. */
  match?: FaultMatch;
}

interface ActiveRule {
  id: number;
  route: RouteName | '*';
  fault: Fault;
  times: number | 'always';
  match: FaultMatch | undefined;
  /** `match.url` as a path. */
  path: string | undefined;
}

function matches(rule: ActiveRule, path: string): boolean {
  const m = rule.match;
  if (!m) return true;
  if (rule.path !== undefined && path !== rule.path) return false;
  if (m.taskId !== undefined && !path.split('/').includes(m.taskId)) return false;
  if (m.index !== undefined && !path.endsWith(`/${m.index}.png`)) return false;
  return true;
}

export class FaultInjector {
  private rules: ActiveRule[] = [];
  private nextId = 1;

  add(rule: FaultRule): number {
    const times = rule.times ?? 1;
    if (times !== 'always' && !(times > 0)) throw new RangeError("times must be positive or 'always'");
    if (rule.fault.kind === 'slow-body' && !(rule.fault.bytesPerSecond >= 0))
      throw new RangeError('bytesPerSecond must be non-negative');
    if (rule.fault.kind === 'late') {
      if (!CREATE_ROUTES.includes(rule.route)) throw new RangeError("a 'late' fault applies to create routes only");
      const ms = rule.fault.afterMs;
      if (ms !== 'never' && !(typeof ms === 'number' && ms >= 0))
        throw new RangeError("afterMs must be a non-negative number or 'never'");
    }
    const id = this.nextId++;
    const path = rule.match?.url === undefined ? undefined : new URL(rule.match.url, 'http://127.0.0.1').pathname;
    this.rules.push({ id, route: rule.route, fault: rule.fault, times, match: rule.match, path });
    return id;
  }

  remove(id: number): void {
    this.rules = this.rules.filter((r) => r.id !== id);
  }

  clear(): void {
    this.rules = [];
  }

  /** The fault for this request (route and URL path), if any; consumes one use of the first matching rule. */
  take(route: RouteName, path = ''): Fault | undefined {
    const rule = this.rules.find(
      (r) => (r.route === route || (r.route === '*' && route !== 'control')) && matches(r, path),
    );
    if (!rule) return undefined;
    if (rule.times !== 'always') {
      rule.times--;
      if (rule.times <= 0) this.remove(rule.id);
    }
    return rule.fault;
  }

  list(): (FaultRule & { id: number })[] {
    return this.rules.map(({ id, route, fault, times, match }) => ({
      id,
      route,
      fault,
      times,
      ...(match ? { match } : {}),
    }));
  }
}
