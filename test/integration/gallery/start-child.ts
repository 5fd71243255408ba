// Child process for the hostile-folder start test: starts the real services on a data folder
// whose gallery a stranger filled, then waits for the gallery to load, and prints one JSON line:
// time to services.start(), time until gallery.list() answers, peak RSS and the worst event-loop
// delay. The parent kills it if it never answers (a hang).
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createServices } from '../../../src-main/services';
import { createNodeDeps } from '../../harness/node-deps';

const [dataDir] = process.argv.slice(2);

void (async () => {
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const { deps } = createNodeDeps({ dataDir: dataDir!, emit: () => undefined, noKeychain: true });
  const services = createServices(deps);
  const t0 = performance.now();
  await services.start();
  const startMs = performance.now() - t0;
  process.stdout.write(`${JSON.stringify({ started: true, startMs })}\n`);
  let listed: { total: number; problems: number } | { error: string };
  try {
    const page = await services.gallery.list();
    listed = { total: page.total, problems: page.problems };
  } catch (e) {
    listed = { error: e instanceof Error ? e.message : String(e) };
  }
  const loadMs = performance.now() - t0;
  loop.disable();
  process.stdout.write(
    `${JSON.stringify({
      startMs,
      loadMs,
      // Linux reports maxRSS in KiB.
      maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      loopDelayMaxMs: Math.round(loop.max / 1e6),
      ...listed,
    })}\n`,
  );
  process.exit(0);
})();
