import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import type { EventName } from '../../../src-preload/contract';
import type { JobsSnapshot, JobView, UsageSummary } from '../../../src-preload/contract/domain/jobs';
import type { GenerationParams } from '../../../src-preload/contract/domain/generation';
import type { EnqueueRequest } from '../../../src-preload/contract/jobs';
import type { Clock } from '../../../src-main/common/clock';
import type { FetchLike } from '../../../src-main/common/fetch';
import { createDispatcher } from '../../../src-main/ipc/dispatcher';
import { createHandlers } from '../../../src-main/ipc/handlers';
import { createServices, type ServiceDeps, type Services } from '../../../src-main/services';
import { createNodeDeps } from '../../harness/node-deps';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../sim';
import { makeSketch } from '../../sim/fixtures';

export const COLORS: [number, number, number][] = [
  [220, 30, 40],
  [20, 90, 200],
];

export async function sketchRequest(
  over: Partial<GenerationParams> = {},
  o: { variants?: Partial<GenerationParams>[]; colors?: [number, number, number][]; front?: boolean } = {},
): Promise<EnqueueRequest> {
  const [a, b] = o.colors ?? COLORS;
  const png = await makeSketch({
    strokes: [
      { x: 100, y: 200, w: 560, h: 40, color: a! },
      { x: 300, y: 100, w: 40, h: 560, color: b! },
    ],
  });
  const thumb = await sharp(png).resize(64, 64).png().toBuffer();
  const base: GenerationParams = {
    prompt: 'a red roof and a blue door',
    style: '<auto>',
    n: 4,
    sketchWeight: 10,
    sketchExtraction: false,
    sketchColor: [a!, b!],
    ...over,
  };
  return {
    sketch: `data:image/png;base64,${png.toString('base64')}`,
    thumbnail: `data:image/png;base64,${thumb.toString('base64')}`,
    scene: '{"version":"7.0.0","objects":[]}',
    draftId: null,
    variants: (o.variants ?? [{}]).map((v) => ({ ...base, ...v })),
    front: o.front ?? false,
  };
}

export interface QueueApp {
  services: Services;
  events: { event: EventName; payload: unknown }[];
  call<T>(channel: string, payload?: unknown): Promise<T>;
  /** The call's error (code, params) when it fails, else throws. */
  callError(channel: string, payload?: unknown): Promise<{ code: string; params?: Record<string, unknown> }>;
  snapshot(): JobsSnapshot;
  job(id: string): JobView;
  /** Resolves when `pred` holds for the snapshot (checked on every change and every 20 ms). */
  until(pred: (s: JobsSnapshot) => boolean, what: string, timeoutMs?: number): Promise<JobsSnapshot>;
  usage(): Promise<UsageSummary>;
  close(): Promise<void>;
}

/** Real services (createServices with Node deps) on a data folder, against a simulator, with the queue started. */
export async function startQueueApp(
  dataDir: string,
  sim: Simulator,
  over: Partial<ServiceDeps> & { clock?: Clock; fetch?: FetchLike; apiKey?: string | null; manualStepMs?: number } = {},
): Promise<QueueApp> {
  const manualStepMs = over.manualStepMs ?? 200;
  const events: { event: EventName; payload: unknown }[] = [];
  const { deps } = createNodeDeps({
    dataDir,
    emit: (event, payload) => void events.push({ event, payload }),
    noKeychain: true,
    clock: over.clock ?? sim.clock,
    ...(over.fetch ? { fetch: over.fetch } : {}),
  });
  const { apiKey, clock: _c, fetch: _f, manualStepMs: _m, ...rest } = over;
  const services = createServices({
    ...deps,
    regionUrls: { 'cn-beijing': sim.baseUrl, 'ap-southeast-1': sim.baseUrl, 'us-east-1': sim.baseUrl },
    jobsTuning: { emitIntervalMs: 10, noKeyRecheckMs: 50, offlineRecheckMs: 200, ...rest.jobsTuning },
    ...rest,
  });
  await services.apiKey.useSessionOnly();
  if (apiKey !== null) await services.apiKey.set(apiKey ?? sim.apiKey);
  const dispatch = createDispatcher(createHandlers(services), {
    isTrustedSender: () => true,
    logError: () => undefined,
  });
  const raw = (channel: string, payload?: unknown) =>
    dispatch(channel, payload, 'app://renderer/') as Promise<{
      ok: boolean;
      value?: unknown;
      error?: { code: string; params?: Record<string, unknown> };
    }>;
  await services.start();
  const app: QueueApp = {
    services,
    events,
    async call<T>(channel: string, payload?: unknown) {
      const r = await raw(channel, payload);
      if (!r.ok) throw new Error(`${channel}: ${JSON.stringify(r.error)}`);
      return r.value as T;
    },
    async callError(channel, payload) {
      const r = await raw(channel, payload);
      if (r.ok) throw new Error(`${channel} succeeded`);
      return r.error!;
    },
    snapshot: () => services.jobs.snapshot(),
    job(id) {
      const j = services.jobs.snapshot().jobs.find((x) => x.id === id);
      if (!j) throw new Error(`no job ${id}`);
      return j;
    },
    async until(pred, what, timeoutMs = 20_000) {
      const start = Date.now();
      for (;;) {
        const s = services.jobs.snapshot();
        if (pred(s)) return s;
        if (Date.now() - start > timeoutMs)
          throw new Error(
            `timed out waiting for ${what}: ${JSON.stringify(s.jobs.map((j) => [j.state, j.wait, j.error]))}`,
          );
        await new Promise((r) => setTimeout(r, 20));
        // A manual simulator clock moves only when told: a step per look, so every wait is seen.
        if (sim.clock.mode === 'manual') await sim.clock.advance(manualStepMs);
      }
    },
    usage: () => services.jobs.usage(),
    close() {
      openApps.delete(app);
      return services.shutdown(5000);
    },
  };
  openApps.add(app);
  return app;
}

export interface JobsEnv {
  sim: Simulator;
  dataDir: string;
  close(): Promise<void>;
}

export async function jobsEnv(options: SimulatorOptions = {}): Promise<JobsEnv> {
  const sim = await startSimulator({ clock: 'auto', ...options });
  const dataDir = await mkdtemp(join(tmpdir(), 'wss-jobs-'));
  const env: JobsEnv = {
    sim,
    dataDir,
    async close() {
      openEnvs.delete(env);
      await sim.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  openEnvs.add(env);
  return env;
}

// What this test file's tests opened and did not close themselves (each test file runs in its own module).
const openApps = new Set<QueueApp>();
const openEnvs = new Set<JobsEnv>();

/**
 * The jobs tests' `afterEach`: closes what the test left open — its apps first (they still talk to
 * the simulator while shutting down), then `closers` (servers and keychain entries the test made,
 * last first), then its environments (simulator and data folder).
 */
export async function closeJobsTest(closers: (() => Promise<void>)[] = []): Promise<void> {
  for (const app of [...openApps]) await app.close();
  for (const close of closers.splice(0).reverse()) await close();
  for (const env of [...openEnvs]) await env.close();
}

export const finalStates = new Set(['done', 'partial', 'failed', 'canceled', 'expired']);
export const isFinal = (s: JobsSnapshot) => s.jobs.length > 0 && s.jobs.every((j) => finalStates.has(j.state));
export const first = (s: JobsSnapshot) => s.jobs[0]!;

/** A second account with a key of its own, for "the key moved to another account". */
export const OTHER_KEY = 'sk-sim0000000000000000000000000002';
export const OTHER_ACCOUNT = {
  id: '2000000000000002',
  keys: [{ key: OTHER_KEY, id: '250002', kind: 'main' as const }],
  workspaces: [],
};

/** What the bill says: tasks the simulator made, and the images of those that succeeded. */
export async function bill(sim: Simulator): Promise<{ tasks: number; images: number }> {
  const all = await Promise.all(sim.tasks.ids().map((id) => sim.tasks.get(id)));
  const tasks = all.filter((t) => t !== undefined);
  return { tasks: tasks.length, images: tasks.filter((t) => t.status === 'SUCCEEDED').reduce((n, t) => n + t.n, 0) };
}
