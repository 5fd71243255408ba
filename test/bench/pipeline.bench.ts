/**
 * `npm run bench:pipeline` — one generation's way through the app, on loopback against the
 * DashScope simulator with a known run time (27 s at ×SPEED).
 *
 * The app's services run in this process exactly as the harness builds them (createServices with
 * Node deps, jobs going in through the IPC dispatcher); the simulator runs in a child process of
 * its own, so its image rendering does not share the app's event loop. Stages are timed from
 * outside: the simulator's request log (arrival and answer of every request, wall-clock ms) and
 * task records (submit, start, end), and the `gallery.changed` event the renderer would get.
 *
 * Phases: WARMUP jobs one at a time (the run-time model learns the simulator's speed, as an app
 * that has seen a few tasks has); 20 jobs one at a time (per-stage figures, overhead); 20 jobs
 * queued at once (gap between one task's end and the next create; creates per second); then
 * SETTLE jobs whose create answer is lost (the server made the task, the connection reset):
 * `settle_ms` is the lost answer → the job holding its task again (found in the task list, adopted,
 * record written), with the app's default settle timing; `settle_lagged_ms` the same with the list
 * lagging 1 s behind the task (the second look finds it).
 *
 * Stages per job (phase "single"):
 *   export     render a 768×768 sketch PNG with sharp (what the canvas export produces)
 *   enqueue    the jobs.enqueue call (validation, durable record, sketch on disk)
 *   upload     enqueue answered → the sketch upload answered
 *   create     upload answered → the create answered
 *   detection  the task's end → the answer of the first status query that saw it
 *   download   that answer → the last of the four result downloads answered
 *   gallery    last download answered → `gallery.changed` (verify, thumbnails, folder written)
 *   overhead   enqueue → gallery entry − the task's server time (submit → end) − detection
 * The last line printed is one JSON object with the figures and `pass` against the targets.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import type { EventName } from '../../src-preload/contract';
import type { EnqueueRequest } from '../../src-preload/contract/jobs';
import type { JobsSnapshot } from '../../src-preload/contract/domain';
import { createDispatcher } from '../../src-main/ipc/dispatcher';
import { createHandlers } from '../../src-main/ipc/handlers';
import { createServices } from '../../src-main/services';
import { createNodeDeps } from '../harness/node-deps';
import type { RequestLogEntry } from '../sim';
import { makeSketch } from '../sim/fixtures';

const JOBS = 20;
const WARMUP = Number(process.env.BENCH_PIPELINE_WARMUP ?? 6);
const RUN_MS = 27_000;
const SPEED = Number(process.env.BENCH_PIPELINE_SPEED ?? 20);
const SETTLE = Number(process.env.BENCH_PIPELINE_SETTLE ?? 10);
const SETTLE_LAGGED = Number(process.env.BENCH_PIPELINE_SETTLE_LAGGED ?? 4);
const TARGETS = { overhead_p50_ms: 300, gap_p95_ms: 1000, max_creates_per_s: 2, duplicate_creates: 0 };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const quantile = (xs: number[], q: number): number => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]!;
};
const r1 = (x: number) => Math.round(x * 10) / 10;

interface SimChild {
  origin: string;
  baseUrl: string;
  apiKey: string;
  control<T>(path: string, body?: unknown): Promise<T>;
  close(): Promise<void>;
}

/** The simulator's own CLI in a child process, on free ports. */
async function startSimChild(): Promise<SimChild> {
  const proc = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(__dirname, '..', 'sim', 'cli.ts'),
      '--port',
      '0',
      '--speed',
      String(SPEED),
      '--prerender-results',
    ],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let out = '';
  const baseUrl = await new Promise<string>((resolve, reject) => {
    proc.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /base URL:\s+(\S+)/.exec(out);
      if (m && /API key\(s\):\s+(\S+)/.test(out)) resolve(m[1]!);
    });
    proc.on('exit', (code) => reject(new Error(`simulator exited (${code}): ${out}`)));
  });
  const apiKey = /API key\(s\):\s+([^,\s]+)/.exec(out)![1]!;
  const origin = new URL(baseUrl).origin;
  return {
    origin,
    baseUrl,
    apiKey,
    async control<T>(path: string, body?: unknown): Promise<T> {
      const res = await fetch(
        `${origin}/__sim${path}`,
        body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) },
      );
      if (!res.ok) throw new Error(`simulator control ${path}: ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    },
    close: () =>
      new Promise<void>((resolve) => {
        proc.once('exit', () => resolve());
        proc.kill('SIGTERM');
      }),
  };
}

interface SimTaskRecord {
  id: string;
  prompt: string;
  submitAt: number;
  startAt?: number;
  endAt?: number;
  status: string;
}

interface JobRun {
  tag: string;
  exportMs: number;
  enqueueAt: number;
  enqueuedAt: number;
  id: string;
  doneAt: number;
  taskId: string;
  galleryId: string;
  state: string;
}

async function main(): Promise<void> {
  const sim = await startSimChild();
  const dataDir = mkdtempSync(join(tmpdir(), 'wss-bench-pipeline-'));
  const galleryAdded = new Map<string, number>();
  let snapshot: JobsSnapshot | null = null;
  const emit = (event: EventName, payload: unknown) => {
    const now = Date.now();
    if (event === 'gallery.changed') {
      const change = payload as { kind: string; ids: string[] };
      if (change.kind === 'added') for (const id of change.ids) if (!galleryAdded.has(id)) galleryAdded.set(id, now);
    }
    if (event === 'jobs.changed') snapshot = payload as JobsSnapshot;
  };
  const { deps } = createNodeDeps({ dataDir, emit, noKeychain: true });
  const services = createServices({
    ...deps,
    regionUrls: { 'cn-beijing': sim.baseUrl, 'ap-southeast-1': sim.baseUrl, 'us-east-1': sim.baseUrl },
  });
  await services.apiKey.useSessionOnly();
  await services.apiKey.set(sim.apiKey);
  await services.start();
  const dispatch = createDispatcher(createHandlers(services), { isTrustedSender: () => true });
  const call = async <T>(channel: string, payload?: unknown): Promise<T> => {
    const r = (await dispatch(channel, payload, 'app://renderer/')) as { ok: boolean; value?: T; error?: unknown };
    if (!r.ok) throw new Error(`${channel}: ${JSON.stringify(r.error)}`);
    return r.value as T;
  };

  /** A sketch as the canvas would export it: 768×768, white, a few solid strokes in three colours. */
  const exportSketch = async (i: number): Promise<{ png: Buffer; ms: number }> => {
    const colors: [number, number, number][] = [
      [20 + i, 20, 20],
      [200, 40 + i, 40],
      [40, 90, 200 - i],
    ];
    const t0 = performance.now();
    const png = await makeSketch({
      strokes: Array.from({ length: 12 }, (_, k) => ({
        x: 40 + ((k * 53 + i * 7) % 600),
        y: 40 + ((k * 97 + i * 11) % 600),
        w: k % 2 ? 120 : 12,
        h: k % 2 ? 12 : 120,
        color: colors[k % 3]!,
      })),
    });
    return { png, ms: performance.now() - t0 };
  };
  const thumbnail = `data:image/png;base64,${(
    await sharp({ create: { width: 64, height: 64, channels: 3, background: '#ffffff' } })
      .png()
      .toBuffer()
  ).toString('base64')}`;

  const enqueue = async (
    tag: string,
    i: number,
  ): Promise<Omit<JobRun, 'doneAt' | 'taskId' | 'galleryId' | 'state'>> => {
    const { png, ms } = await exportSketch(i);
    const request: EnqueueRequest = {
      sketch: `data:image/png;base64,${png.toString('base64')}`,
      thumbnail,
      scene: null,
      draftId: null,
      variants: [
        {
          prompt: `bench ${tag}`,
          style: '<auto>',
          n: 4,
          sketchWeight: 10,
          sketchExtraction: false,
          sketchColor: [
            [20 + i, 20, 20],
            [200, 40 + i, 40],
            [40, 90, 200 - i],
          ],
        },
      ],
      front: false,
    };
    const enqueueAt = Date.now();
    const { ids } = await call<{ ids: string[] }>('jobs.enqueue', request);
    return { tag, exportMs: ms, enqueueAt, enqueuedAt: Date.now(), id: ids[0]! };
  };

  /** Waits until the jobs are final and their gallery entries announced. */
  const settle = async (
    runs: Omit<JobRun, 'doneAt' | 'taskId' | 'galleryId' | 'state'>[],
    timeoutMs: number,
  ): Promise<JobRun[]> => {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const snap = snapshot ?? (await call<JobsSnapshot>('jobs.list'));
      const views = runs.map((r) => snap.jobs.find((j) => j.id === r.id));
      const finished = views.every((v) => v && ['done', 'partial', 'failed', 'canceled', 'expired'].includes(v.state));
      if (finished && views.every((v) => v!.state !== 'done' || (v!.galleryId && galleryAdded.has(v!.galleryId)))) {
        return runs.map((r, k) => {
          const v = views[k]!;
          return {
            ...r,
            state: v.state,
            taskId: v.taskId ?? '',
            galleryId: v.galleryId ?? '',
            doneAt: v.galleryId ? galleryAdded.get(v.galleryId)! : NaN,
          };
        });
      }
      if (Date.now() > end)
        throw new Error(
          `jobs not finished in time: ${JSON.stringify(views.map((v) => v && [v.id, v.state, v.wait, v.error]))}`,
        );
      await sleep(20);
    }
  };

  await sim.control('/run-times', { ms: Array.from({ length: WARMUP + 2 * JOBS + 5 }, () => RUN_MS) });
  const runMsReal = RUN_MS / SPEED;

  console.error(`bench:pipeline: simulator ×${SPEED} (27 s run → ${runMsReal} ms); ${WARMUP} warm-up jobs…`);
  for (let i = 0; i < WARMUP; i++) await settle([await enqueue(`warmup-${i}`, i)], 120_000);

  console.error(`bench:pipeline: ${JOBS} jobs one at a time…`);
  const single: JobRun[] = [];
  for (let i = 0; i < JOBS; i++) single.push(...(await settle([await enqueue(`single-${i}`, i)], 60_000)));

  console.error(`bench:pipeline: ${JOBS} jobs queued at once…`);
  const pending = [];
  for (let i = 0; i < JOBS; i++) pending.push(await enqueue(`queued-${i}`, i));
  const queued = await settle(pending, JOBS * (runMsReal + 5000) + 30_000);

  // ── a lost create answer, settled: the answer's loss → the job holds its task ──────────
  const settleOne = async (tag: string, i: number): Promise<number> => {
    const before = (await sim.control<{ requests: RequestLogEntry[] }>('/requests?route=create')).requests.length;
    await sim.control('/faults', { route: 'create', fault: { kind: 'reset', when: 'after' } });
    const run = await enqueue(tag, i);
    let heldAt = NaN;
    for (const end = Date.now() + 60_000; Date.now() < end;) {
      const v = services.jobs.view(run.id);
      if (v?.taskId) {
        heldAt = Date.now();
        break;
      }
      await sleep(1);
    }
    const lost = (await sim.control<{ requests: RequestLogEntry[] }>('/requests?route=create')).requests
      .slice(before)
      .find((e) => e.status !== 200);
    await settle([run], 60_000);
    return lost ? heldAt - lost.answeredAt : NaN;
  };
  console.error(`bench:pipeline: ${SETTLE} jobs whose create answer is lost…`);
  const settleMs: number[] = [];
  for (let i = 0; i < SETTLE; i++) settleMs.push(await settleOne(`settle-${i}`, i));
  await sim.control('/settings', { listLagMs: 1000 });
  const settleLaggedMs: number[] = [];
  for (let i = 0; i < SETTLE_LAGGED; i++) settleLaggedMs.push(await settleOne(`settle-lagged-${i}`, i));
  await sim.control('/settings', { listLagMs: 0 });

  const { requests } = await sim.control<{ requests: RequestLogEntry[] }>('/requests');
  const counters = await sim.control<Record<string, { total: number; byStatus: Record<string, number> }>>('/counters');
  const simState = await sim.control<{ tasks: number }>('/state');
  const taskOf = new Map<string, SimTaskRecord>();
  for (const run of [...single, ...queued])
    if (run.taskId) taskOf.set(run.taskId, await sim.control<SimTaskRecord>(`/tasks/${run.taskId}`));

  // ── per-stage figures, jobs one at a time ──────────────────────────────────────────────
  const stages: Record<string, number[]> = {
    export: [],
    enqueue: [],
    upload: [],
    create: [],
    detection: [],
    download: [],
    gallery: [],
    overhead: [],
    total: [],
  };
  for (const run of single) {
    const task = taskOf.get(run.taskId);
    if (!task || task.endAt === undefined || run.state !== 'done') continue;
    const within = (e: RequestLogEntry) => e.arrivedAt >= run.enqueueAt && e.arrivedAt <= run.doneAt;
    const upload = requests.filter(
      (e) => e.route === 'oss.upload' && within(e) && typeof e.status === 'number' && e.status < 300,
    );
    const create = requests.filter((e) => e.route === 'create' && within(e) && e.status === 200);
    const finalPoll = requests.find(
      (e) => e.route === 'task.get' && e.path.endsWith(`/tasks/${run.taskId}`) && e.arrivedAt >= task.endAt!,
    );
    const results = requests.filter(
      (e) => e.route === 'oss.result' && e.path.includes(`/${run.taskId}/`) && e.status === 200,
    );
    const lastResult = Math.max(...results.map((e) => e.answeredAt));
    stages.export!.push(run.exportMs);
    stages.enqueue!.push(run.enqueuedAt - run.enqueueAt);
    const uploadedAt = upload.length ? Math.max(...upload.map((e) => e.answeredAt)) : run.enqueuedAt;
    stages.upload!.push(uploadedAt - run.enqueuedAt);
    if (create[0]) stages.create!.push(create[0].answeredAt - uploadedAt);
    if (finalPoll) {
      const detection = finalPoll.answeredAt - task.endAt;
      stages.detection!.push(detection);
      stages.download!.push(lastResult - finalPoll.answeredAt);
      stages.overhead!.push(run.doneAt - run.enqueueAt - (task.endAt - task.submitAt) - detection);
    }
    stages.gallery!.push(run.doneAt - lastResult);
    stages.total!.push(run.doneAt - run.enqueueAt);
  }

  // ── queued at once: gaps and create rate ───────────────────────────────────────────────
  const queuedTasks = queued
    .map((r) => taskOf.get(r.taskId))
    .filter((t): t is SimTaskRecord => Boolean(t))
    .sort((a, b) => a.submitAt - b.submitAt);
  const createArrivals = requests
    .filter((e) => e.route === 'create')
    .map((e) => e.arrivedAt)
    .sort((a, b) => a - b);
  const gaps: number[] = [];
  const queuedDetection: number[] = [];
  for (let k = 1; k < queuedTasks.length; k++) {
    const prev = queuedTasks[k - 1]!;
    const prevEnd = prev.endAt;
    if (prevEnd === undefined) continue;
    // The next create that arrived after the previous task ended.
    const next = createArrivals.find((t) => t >= prevEnd);
    if (next !== undefined) gaps.push(next - prevEnd);
    const seen = requests.find(
      (e) => e.route === 'task.get' && e.path.endsWith(`/tasks/${prev.id}`) && e.arrivedAt >= prevEnd,
    );
    if (seen) queuedDetection.push(seen.answeredAt - prevEnd);
    if (process.env.BENCH_PIPELINE_DEBUG) {
      console.error(
        `gap ${k}: ${next === undefined ? '-' : next - prevEnd} ms; detection ${seen ? seen.answeredAt - prevEnd : '-'} ms`,
      );
    }
  }
  let maxCreatesPerS = 0;
  for (let a = 0, b = 0; b < createArrivals.length; b++) {
    while (createArrivals[b]! - createArrivals[a]! >= 1000) a++;
    maxCreatesPerS = Math.max(maxCreatesPerS, b - a + 1);
  }
  const totalJobs = WARMUP + single.length + queued.length + SETTLE + SETTLE_LAGGED;
  const createsSent = counters.create?.total ?? 0;
  // A create that made a task beyond one per job is a duplicate (throttled creates make none).
  const prompts = [...taskOf.values()].map((t) => t.prompt);
  const duplicateCreates = Math.max(0, simState.tasks - totalJobs) + (prompts.length - new Set(prompts).size);
  const notDone =
    [...single, ...queued].filter((r) => r.state !== 'done').length +
    [...settleMs, ...settleLaggedMs].filter((x) => Number.isNaN(x)).length;

  const figure = (name: string) => ({ p50: r1(quantile(stages[name]!, 0.5)), p95: r1(quantile(stages[name]!, 0.95)) });
  const result = {
    bench: 'pipeline',
    jobs: JOBS,
    warmup_jobs: WARMUP,
    speed: SPEED,
    run_ms: runMsReal,
    stages_ms: Object.fromEntries(Object.keys(stages).map((k) => [k, figure(k)])),
    overhead_ms: figure('overhead'),
    detection_queued_ms: { p50: r1(quantile(queuedDetection, 0.5)), p95: r1(quantile(queuedDetection, 0.95)) },
    settle_ms: { p50: r1(quantile(settleMs, 0.5)), p95: r1(quantile(settleMs, 0.95)), n: settleMs.length },
    settle_lagged_ms: {
      p50: r1(quantile(settleLaggedMs, 0.5)),
      p95: r1(quantile(settleLaggedMs, 0.95)),
      n: settleLaggedMs.length,
      list_lag_ms: 1000,
    },
    gap_p95_ms: r1(quantile(gaps, 0.95)),
    gap_p50_ms: r1(quantile(gaps, 0.5)),
    max_creates_per_s: maxCreatesPerS,
    duplicate_creates: duplicateCreates,
    creates_sent: createsSent,
    jobs_not_done: notDone,
    targets: TARGETS,
    pass: false,
  };
  result.pass =
    notDone === 0 &&
    result.overhead_ms.p50 <= TARGETS.overhead_p50_ms &&
    result.gap_p95_ms <= TARGETS.gap_p95_ms &&
    maxCreatesPerS <= TARGETS.max_creates_per_s &&
    duplicateCreates === TARGETS.duplicate_creates;

  console.log(
    `\nbench:pipeline — ${JOBS} jobs one at a time, then ${JOBS} queued; task run ${runMsReal} ms (27 s at ×${SPEED})\n`,
  );
  console.log(`${'stage'.padEnd(12)}${'p50 ms'.padStart(10)}${'p95 ms'.padStart(10)}`);
  for (const [k, v] of Object.entries(result.stages_ms))
    console.log(`${k.padEnd(12)}${String(v.p50).padStart(10)}${String(v.p95).padStart(10)}`);
  console.log(
    `\ngap task end → next create (queued): p50 ${result.gap_p50_ms} ms, p95 ${result.gap_p95_ms} ms (target ≤ ${TARGETS.gap_p95_ms})`,
  );
  console.log(
    `detection while queued: p50 ${result.detection_queued_ms.p50} ms, p95 ${result.detection_queued_ms.p95} ms`,
  );
  console.log(
    `lost create answer settled: p50 ${result.settle_ms.p50} ms, p95 ${result.settle_ms.p95} ms; with the list 1 s behind: p50 ${result.settle_lagged_ms.p50} ms, p95 ${result.settle_lagged_ms.p95} ms`,
  );
  console.log(
    `overhead p50 ${result.overhead_ms.p50} ms (target ≤ ${TARGETS.overhead_p50_ms}), p95 ${result.overhead_ms.p95} ms`,
  );
  console.log(
    `creates: ${createsSent} sent (${counters.create?.byStatus['200'] ?? 0} accepted, ${simState.tasks} tasks) for ${totalJobs} jobs, max ${maxCreatesPerS}/s (target ≤ ${TARGETS.max_creates_per_s}), duplicates ${duplicateCreates}`,
  );
  console.log(`pass: ${result.pass}\n`);

  await services.shutdown(5000);
  await sim.close();
  rmSync(dataDir, { recursive: true, force: true });
  console.log(JSON.stringify(result));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
