// A real app's services in a child process, for the SIGKILL crash tests: the same
// createServices the shell and the harness build, with Node deps, on a given data folder,
// against a given simulator. Nothing in here reaches into the queue: jobs go in through the IPC
// handler table (dispatcher + zod, as from a window) and progress comes out of the
// `jobs.changed` / `gallery.changed` events the renderer would get.
//
// argv[2]: JSON CrashChildConfig { dataDir, baseUrl, apiKey, jobsTuning? }.
// stdin, one command a line:  enqueue <tag>   enqueue-set <tag> <count>   report   exit
// stdout, one line each:      ready | enqueued <tag> <jobId> | jobs <[[id,state,taskId],…]> | gallery <kind> | report <json>
import { createInterface } from 'node:readline';
import type { EventName } from '../../../src-preload/contract';
import type { EnqueueRequest } from '../../../src-preload/contract/jobs';
import { createDispatcher } from '../../../src-main/ipc/dispatcher';
import { createHandlers } from '../../../src-main/ipc/handlers';
import type { JobsTuning } from '../../../src-main/jobs';
import { createServices } from '../../../src-main/services';
import { SKETCH_STYLES } from '../../../src-preload/contract/domain/generation';
import { createNodeDeps } from '../../harness/node-deps';
import { sketchRequest } from './helpers';

export interface CrashChildConfig {
  dataDir: string;
  baseUrl: string;
  apiKey: string;
  /** Queue knobs (JSON: poll plan, backoff); the app's defaults when absent. */
  jobsTuning?: JobsTuning;
}

/** What `report` answers: the queue, the usage ledger and the gallery as the app sees them. */
export interface CrashChildReport {
  jobs: {
    id: string;
    state: string;
    taskId: string | null;
    galleryId: string | null;
    images: unknown;
    error: unknown;
    recoveredFrom: string | null;
  }[];
  usage: { totalImages: number };
  /** `images`: how many came back ok. */
  gallery: { id: string; taskId: string; images: number }[];
}

/** Two brush colours per job, different per tag, so every job's sketch (and upload) is its own. */
function jobColors(tag: string): [number, number, number][] {
  let h = 0;
  for (const c of tag) h = (h * 31 + c.charCodeAt(0)) & 0xffff;
  return [
    [h & 0xff, 40, 200],
    [10, (h >> 8) & 0xff, 90],
  ];
}

function enqueueRequest(tag: string): Promise<EnqueueRequest> {
  return sketchRequest({ prompt: `crash test ${tag}` }, { colors: jobColors(tag) });
}

async function main(): Promise<void> {
  const config = JSON.parse(process.argv[2] ?? '{}') as CrashChildConfig;
  const say = (line: string) => process.stdout.write(`${line}\n`);
  let lastJobs = '';
  const emit = (event: EventName, payload: unknown) => {
    if (event === 'jobs.changed') {
      const snap = payload as { jobs: { id: string; state: string; taskId: string | null }[] };
      const line = JSON.stringify(snap.jobs.map((j) => [j.id, j.state, j.taskId]));
      if (line !== lastJobs) say(`jobs ${(lastJobs = line)}`);
    }
    if (event === 'gallery.changed') say(`gallery ${(payload as { kind: string }).kind}`);
  };
  const { deps } = createNodeDeps({ dataDir: config.dataDir, emit, noKeychain: true });
  const services = createServices({
    ...deps,
    regionUrls: { 'cn-beijing': config.baseUrl, 'ap-southeast-1': config.baseUrl, 'us-east-1': config.baseUrl },
    ...(config.jobsTuning ? { jobsTuning: config.jobsTuning } : {}),
  });
  // No keychain in a child: the key lives for this process only, set again on every start.
  await services.apiKey.useSessionOnly();
  await services.apiKey.set(config.apiKey);
  const dispatch = createDispatcher(createHandlers(services), {
    isTrustedSender: () => true,
    logError: (channel, error) => console.error(`[crash-child] ${channel} failed:`, error),
  });
  const call = async <T>(channel: string, payload?: unknown): Promise<T> => {
    const r = (await dispatch(channel, payload, 'app://renderer/')) as { ok: boolean; value?: T; error?: unknown };
    if (!r.ok) throw new Error(`${channel}: ${JSON.stringify(r.error)}`);
    return r.value as T;
  };
  await services.start();
  say('ready');

  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) {
    const [cmd, arg] = line.trim().split(/\s+/);
    if (cmd === 'enqueue') {
      const { ids } = await call<{ ids: string[] }>('jobs.enqueue', await enqueueRequest(arg!));
      say(`enqueued ${arg} ${ids[0]}`);
    } else if (cmd === 'enqueue-set') {
      // An Explore click: one sketch, `count` variants (every style × weights), one set id.
      const request = await enqueueRequest(arg!);
      const base = request.variants[0]!;
      const count = Number(line.trim().split(/\s+/)[2]);
      request.variants = Array.from({ length: count }, (_, i) => ({
        ...base,
        style: SKETCH_STYLES[i % 8]!,
        sketchWeight: 10 - Math.floor(i / 8),
      }));
      const { ids, setId } = await call<{ ids: string[]; setId: string | null }>('jobs.enqueue', request);
      say(`enqueued ${arg} ${setId} ${ids.join(',')}`);
    } else if (cmd === 'report') {
      const snap = await call<{ jobs: CrashChildReport['jobs'] }>('jobs.list');
      const usage = await call<{ totalImages: number }>('usage.get');
      const page = await call<{ entries: { id: string; taskId: string; images: { status: string }[] }[] }>(
        'gallery.list',
        { limit: 200 },
      );
      const report: CrashChildReport = {
        jobs: snap.jobs.map(({ id, state, taskId, galleryId, images, error, recoveredFrom }) => ({
          id,
          state,
          taskId,
          galleryId,
          images,
          error,
          recoveredFrom,
        })),
        usage: { totalImages: usage.totalImages },
        gallery: page.entries.map((e) => ({
          id: e.id,
          taskId: e.taskId,
          images: e.images.filter((i) => i.status === 'ok').length,
        })),
      };
      say(`report ${JSON.stringify(report)}`);
    } else if (cmd === 'exit') {
      await services.shutdown(5000);
      say('bye');
      process.exit(0);
    }
  }
}

// Only ever run as a process: the parent imports nothing but types from here.
main().catch((e: unknown) => {
  console.error('[crash-child] failed:', e);
  process.exit(1);
});
