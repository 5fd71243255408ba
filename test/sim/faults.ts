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
  | { kind: 'late'; afterMs: number | 'never' };

const CREATE_ROUTES: readonly string[] = ['create', 'create.text2image'];

export interface FaultRule {
  route: RouteName | '*';
  fault: Fault;
  /** How many matching requests it hits; default 1. */
  times?: number;
}

interface ActiveRule extends Required<FaultRule> {
  id: number;
}

export class FaultInjector {
  private rules: ActiveRule[] = [];
  private nextId = 1;

  add(rule: FaultRule): number {
    const times = rule.times ?? 1;
    if (!(times > 0)) throw new RangeError('times must be positive');
    if (rule.fault.kind === 'late') {
      if (!CREATE_ROUTES.includes(rule.route)) throw new RangeError("a 'late' fault applies to create routes only");
      const ms = rule.fault.afterMs;
      if (ms !== 'never' && !(typeof ms === 'number' && ms >= 0)) throw new RangeError("afterMs must be a non-negative number or 'never'");
    }
    const id = this.nextId++;
    this.rules.push({ ...rule, times, id });
    return id;
  }

  remove(id: number): void {
    this.rules = this.rules.filter((r) => r.id !== id);
  }

  clear(): void {
    this.rules = [];
  }

  /** The fault for this request, if any; consumes one use of the first matching rule. */
  take(route: RouteName): Fault | undefined {
    const rule = this.rules.find((r) => r.route === route || (r.route === '*' && route !== 'control'));
    if (!rule) return undefined;
    rule.times--;
    if (rule.times <= 0) this.remove(rule.id);
    return rule.fault;
  }

  list(): FaultRule[] {
    return this.rules.map(({ route, fault, times }) => ({ route, fault, times }));
  }
}
