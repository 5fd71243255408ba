/**
 * `npm run bench:poll` — adaptive polling vs the official SDKs' schedule, on the same 200 run
 * times drawn from the simulator's default distribution (median 27 s, 90 % within 20–40 s).
 *
 * Both strategies drive the real DashScopeClient against the real simulator over loopback
 * HTTP. The simulator and the pollers share one virtual clock in `auto` mode: whenever the
 * poller sleeps, time jumps to its wake-up, so 400 tasks' worth of polling takes seconds.
 * Detection latency = simulated time the poller saw the final status − task end time.
 * The last line printed is one JSON object with the figures.
 */
import type { Clock } from '../../src-main/common/clock';
import { DashScopeClient } from '../../src-main/dashscope/client';
import { AdaptivePoller } from '../../src-main/dashscope/poller';
import { isFinal } from '../../src-main/dashscope/task';
import { startSimulator } from '../sim';
import { makeSketch, startFileServer } from '../sim/fixtures';
import { RunTimeSampler } from '../sim/random';

const RUNS = 200;
const SEED = Number(process.env.BENCH_SEED ?? 4242);

/** The SDKs' wait loop (test/sim/CONTRACT.md §3.1): poll at once, then sleep 1,1,2,2,2,4,4,4,5,5,5… s. */
async function sdkWait(client: DashScopeClient, clock: Clock, taskId: string): Promise<void> {
  let wait = 1000;
  for (let step = 1; step < 100_000; step++) {
    const t = await client.getTask(taskId);
    if (isFinal(t)) return;
    await clock.sleep(wait);
    if (step % 3 === 0) wait = Math.min(wait * 2, 5000);
  }
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

interface Figures {
  p50_ms: number;
  p95_ms: number;
  mean_ms: number;
  gets_per_task: number;
}

function summarize(latencies: number[], gets: number[]): Figures {
  return {
    p50_ms: Math.round(percentile(latencies, 50)),
    p95_ms: Math.round(percentile(latencies, 95)),
    mean_ms: Math.round(latencies.reduce((a, b) => a + b, 0) / latencies.length),
    gets_per_task: Number((gets.reduce((a, b) => a + b, 0) / gets.length).toFixed(2)),
  };
}

async function main(): Promise<void> {
  const sampler = new RunTimeSampler(SEED, 27_000, 0.206);
  const runTimes = Array.from({ length: RUNS }, () => sampler.draw());
  const sim = await startSimulator({ clock: 'auto', seed: SEED });
  const files = await startFileServer();
  files.put('/sketch.png', await makeSketch({ width: 256, height: 256 }));
  const client = new DashScopeClient({
    apiKey: sim.apiKey,
    appName: 'Wanx Sketch Studio',
    appVersion: 'bench',
    endpoint: { baseUrl: sim.baseUrl },
    fetch: (u, i) => fetch(u, i),
    clock: sim.clock,
  });
  const adaptive = new AdaptivePoller({ client, clock: sim.clock });

  const strategies: Record<
    'sdk' | 'adaptive',
    (id: string, created: { sentAt: number; receivedAt: number }) => Promise<void>
  > = {
    sdk: (id) => sdkWait(client, sim.clock, id),
    adaptive: async (id, created) => void (await adaptive.waitForTask(id, { created })),
  };
  const results: Record<string, Figures> = {};
  const started = Date.now();
  for (const [name, wait] of Object.entries(strategies)) {
    const latencies: number[] = [];
    const gets: number[] = [];
    for (const runMs of runTimes) {
      await sim.clock.advance(2000); // idle gap: keeps creates under 2/s and the queue empty
      sim.runTimes.enqueue(runMs);
      const created = await client.createTask({ prompt: 'a tree', sketchImageUrl: files.url('/sketch.png'), n: 1 });
      const before = sim.counters.get('task.get');
      await wait(created.taskId, created);
      const seenAt = sim.clock.now();
      const task = await sim.tasks.get(created.taskId);
      if (task?.final?.status !== 'SUCCEEDED') throw new Error(`task ${created.taskId} ended ${task?.status}`);
      latencies.push(seenAt - task.final.endAt);
      gets.push(sim.counters.get('task.get') - before);
    }
    results[name] = summarize(latencies, gets);
    console.log(
      `${name.padEnd(8)} p50 ${results[name]!.p50_ms} ms  p95 ${results[name]!.p95_ms} ms  mean ${results[name]!.mean_ms} ms  GETs/task ${results[name]!.gets_per_task}`,
    );
  }
  await sim.close();
  await files.close();

  const sdk = results.sdk!;
  const ad = results.adaptive!;
  const ratio = Number((ad.gets_per_task / sdk.gets_per_task).toFixed(2));
  const targets = { p50_le_500ms: ad.p50_ms <= 500, p95_le_1500ms: ad.p95_ms <= 1500, gets_le_2x_sdk: ratio <= 2 };
  console.log(
    `run-time sample: median ${Math.round(percentile(runTimes, 50))} ms, 5–95 % ${Math.round(percentile(runTimes, 5))}–${Math.round(percentile(runTimes, 95))} ms; wall time ${Date.now() - started} ms`,
  );
  console.log(JSON.stringify({ bench: 'poll', runs: RUNS, seed: SEED, sdk, adaptive: ad, gets_ratio: ratio, targets }));
  if (!Object.values(targets).every(Boolean)) process.exitCode = 1;
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
