import type { IncomingMessage } from 'node:http';
import { json, readBody } from './http';
import type { Reply } from './http';
import type { RouteName } from './counters';
import type { FaultRule } from './faults';
import { createForeignTask } from './foreign';
import type { ForeignTaskSpec } from './foreign';
import type { SimAccount, SimApiKey } from './options';
import type { SimState } from './state';
import type { Outcome } from './tasks';

/**
 * Test controls over HTTP under `/__sim/`, for browser tests that cannot call the programmatic
 * API. No DashScope path starts with `/__sim/`, so they never shadow the real API.
 *
 *   GET    /__sim/state                    clock, server time, speed, settings, counters, faults, task count
 *   POST   /__sim/settings       {serverClockOffsetMs?, listUtcOffsetMinutes?, listLagMs?} → all three
 *   POST   /__sim/clock/advance  {ms}
 *   POST   /__sim/speed          {factor}
 *   POST   /__sim/faults         FaultRule → {id}     DELETE /__sim/faults, DELETE /__sim/faults/{id}
 *   POST   /__sim/run-times      {ms: number[]}       exact run times for the next tasks
 *   POST   /__sim/outcomes       {outcomes: Outcome[]}
 *   GET    /__sim/counters                            POST /__sim/counters/reset
 *   GET    /__sim/requests[?route=create]             answered requests with arrival/answer times
 *   GET    /__sim/tasks/{id}                          internal view of one task
 *   POST   /__sim/accounts       SimAccount
 *   POST   /__sim/accounts/{id}/keys  SimApiKey → {api_key_id}
 *   POST   /__sim/foreign        ForeignTaskSpec → {task_id}
 */
/** The server-side knobs of issue 15: a skewed server clock, the list's time zone, list index lag. */
export type ServerSettings = Pick<SimState, 'serverClockOffsetMs' | 'listUtcOffsetMinutes' | 'listLagMs'>;
const SETTING_NAMES: (keyof ServerSettings)[] = ['serverClockOffsetMs', 'listUtcOffsetMinutes', 'listLagMs'];

function serverSettings(s: SimState): ServerSettings {
  return {
    serverClockOffsetMs: s.serverClockOffsetMs,
    listUtcOffsetMinutes: s.listUtcOffsetMinutes,
    listLagMs: s.listLagMs,
  };
}

export async function control(s: SimState, req: IncomingMessage, url: URL): Promise<Reply> {
  const path = url.pathname.slice('/__sim'.length);
  const method = req.method ?? 'GET';
  const body = async <T>(): Promise<T> => JSON.parse((await readBody(req, 1024 * 1024)).toString('utf8') || '{}') as T;
  try {
    if (method === 'GET' && path === '/state') {
      return json(200, {
        now: s.clock.now(),
        serverNow: s.serverNow(),
        clockMode: s.clock.mode,
        speed: s.speed,
        ...serverSettings(s),
        counters: s.counters.snapshot(),
        faults: s.faults.list(),
        tasks: s.tasks.all().length,
        upcoming: s.tasks.upcoming().map((t) => ({ id: t.id, at: t.submitAt })),
        uploads: s.uploads.count(),
      });
    }
    if (method === 'POST' && path === '/clock/advance') {
      const { ms } = await body<{ ms: number }>();
      if (typeof ms !== 'number' || !(ms >= 0)) return json(400, { error: 'ms must be a non-negative number' });
      await s.clock.advance(ms);
      return json(200, { now: s.clock.now() });
    }
    if (method === 'POST' && path === '/speed') {
      const { factor } = await body<{ factor: number }>();
      if (typeof factor !== 'number' || !(factor > 0)) return json(400, { error: 'factor must be positive' });
      s.speed = factor;
      return json(200, { speed: s.speed });
    }
    if (method === 'POST' && path === '/settings') {
      const patch = await body<Partial<ServerSettings>>();
      for (const [k, v] of Object.entries(patch)) {
        if (!SETTING_NAMES.includes(k as keyof ServerSettings)) return json(400, { error: `unknown setting ${k}` });
        if (typeof v !== 'number' || !Number.isFinite(v)) return json(400, { error: `${k} must be a number` });
      }
      if (patch.listLagMs !== undefined && patch.listLagMs < 0)
        return json(400, { error: 'listLagMs must be non-negative' });
      Object.assign(s, patch);
      return json(200, serverSettings(s));
    }
    if (method === 'POST' && path === '/faults') return json(200, { id: s.faults.add(await body<FaultRule>()) });
    const faultId = /^\/faults\/(\d+)$/.exec(path);
    if (method === 'DELETE' && faultId) {
      s.faults.remove(Number(faultId[1]));
      return json(200, {});
    }
    if (method === 'DELETE' && path === '/faults') {
      s.faults.clear();
      return json(200, {});
    }
    if (method === 'POST' && path === '/run-times') {
      s.runTimes.enqueue(...(await body<{ ms: number[] }>()).ms);
      return json(200, {});
    }
    if (method === 'POST' && path === '/outcomes') {
      s.outcomes.push(...(await body<{ outcomes: Outcome[] }>()).outcomes);
      return json(200, {});
    }
    if (method === 'GET' && path === '/counters') return json(200, s.counters.snapshot());
    if (method === 'GET' && path === '/requests') {
      const route = url.searchParams.get('route');
      return json(200, { requests: s.counters.requests((route ?? undefined) as RouteName | undefined) });
    }
    if (method === 'POST' && path === '/counters/reset') {
      s.counters.reset();
      return json(200, {});
    }
    if (method === 'POST' && path === '/accounts') {
      s.accounts.add(await body<SimAccount>());
      return json(200, {});
    }
    const keys = /^\/accounts\/([^/]+)\/keys$/.exec(path);
    if (method === 'POST' && keys) {
      const k = s.accounts.addKey(decodeURIComponent(keys[1]!), await body<SimApiKey>());
      return json(200, { api_key_id: k.id });
    }
    if (method === 'POST' && path === '/foreign')
      return json(200, { task_id: await createForeignTask(s, await body<ForeignTaskSpec>()) });
    const task = /^\/tasks\/([^/]+)$/.exec(path);
    if (method === 'GET' && task) {
      const t = s.tasks.get(decodeURIComponent(task[1]!));
      if (!t) return json(404, { error: 'no such task' });
      await s.tasks.settle(t.accountId, s.clock.now());
      const status = s.tasks.statusAt(t, s.clock.now()); // first: it may finalize the task
      const { input: _input, check, ...rest } = t;
      return json(200, {
        ...rest,
        status,
        sketch:
          check && (check.ok ? { ok: true, width: check.width, height: check.height, format: check.format } : check),
      });
    }
  } catch (e) {
    return json(400, { error: (e as Error).message });
  }
  return json(404, { error: `unknown control ${method} ${path}` });
}
