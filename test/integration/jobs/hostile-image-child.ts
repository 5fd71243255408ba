// The app's real services in a child process, so the parent can bound what one hostile result
// image costs this process (peak RSS, time). Runs one job of n=1 against the endpoint it is given
// (the parent's loopback proxy in front of the simulator, which names a hostile result URL) and
// prints one line: `result <json>` with the job's end, the gallery's view and the process' peak RSS.
//
// argv[2]: JSON { dataDir, baseUrl, apiKey, jobsTuning? }.
import type { EventName } from '../../../src-preload/contract';
import type { JobsTuning } from '../../../src-main/jobs';
import { createDispatcher } from '../../../src-main/ipc/dispatcher';
import { createHandlers } from '../../../src-main/ipc/handlers';
import { createServices } from '../../../src-main/services';
import { createNodeDeps } from '../../harness/node-deps';
import { sketchRequest } from './helpers';

export interface HostileImageChildConfig {
  dataDir: string;
  baseUrl: string;
  apiKey: string;
  jobsTuning?: JobsTuning;
}

export interface HostileImageResult {
  state: string;
  images: unknown;
  error: { code: string } | null;
  gallery: { status: string; images: string[] }[];
  /** Peak resident set of this process over its whole life (MB). */
  peakRssMb: number;
  /** Resident set when the download began (MB), the baseline of the services. */
  rssAtDownloadMb: number;
  /** From `downloading` to the job's end (ms). */
  downloadMs: number;
}

async function main(): Promise<void> {
  const config = JSON.parse(process.argv[2] ?? '{}') as HostileImageChildConfig;
  let downloadingAt = 0;
  let rssAtDownload = 0;
  let finished: (state: { state: string; at: number }) => void = () => undefined;
  const ended = new Promise<{ state: string; at: number }>((r) => (finished = r));
  const emit = (event: EventName, payload: unknown) => {
    if (event !== 'jobs.changed') return;
    const job = (payload as { jobs: { state: string }[] }).jobs[0];
    if (job?.state === 'downloading' && !downloadingAt) {
      downloadingAt = performance.now();
      rssAtDownload = process.memoryUsage().rss;
    }
    if (job && ['done', 'partial', 'failed', 'canceled', 'expired'].includes(job.state))
      finished({ state: job.state, at: performance.now() });
  };
  const { deps } = createNodeDeps({ dataDir: config.dataDir, emit, noKeychain: true });
  const services = createServices({
    ...deps,
    regionUrls: { 'cn-beijing': config.baseUrl, 'ap-southeast-1': config.baseUrl, 'us-east-1': config.baseUrl },
    jobsTuning: { emitIntervalMs: 0, ...config.jobsTuning },
  });
  await services.apiKey.useSessionOnly();
  await services.apiKey.set(config.apiKey);
  const dispatch = createDispatcher(createHandlers(services), {
    isTrustedSender: () => true,
    logError: () => undefined,
  });
  const call = async <T>(channel: string, payload?: unknown): Promise<T> => {
    const r = (await dispatch(channel, payload, 'app://renderer/')) as { ok: boolean; value?: T; error?: unknown };
    if (!r.ok) throw new Error(`${channel}: ${JSON.stringify(r.error)}`);
    return r.value as T;
  };
  await services.start();
  await call('jobs.enqueue', await sketchRequest({ n: 1 }));
  const end = await ended;
  const snap = await call<{ jobs: { state: string; images: unknown; error: { code: string } | null }[] }>('jobs.list');
  const page = await call<{ entries: { status: string; images: { status: string }[] }[] }>('gallery.list', {
    limit: 10,
  });
  const job = snap.jobs[0]!;
  const result: HostileImageResult = {
    state: job.state,
    images: job.images,
    error: job.error,
    gallery: page.entries.map((e) => ({ status: e.status, images: e.images.map((i) => i.status) })),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    rssAtDownloadMb: Math.round(rssAtDownload / 1024 / 1024),
    downloadMs: Math.round(end.at - downloadingAt),
  };
  process.stdout.write(`result ${JSON.stringify(result)}\n`);
  await services.shutdown(5000);
  process.exit(0);
}

main().catch((e: unknown) => {
  console.error('[hostile-image-child] failed:', e);
  process.exit(1);
});
