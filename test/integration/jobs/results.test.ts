// Result images, one by one (issue 15 "per image") and with a budget (issue 16 "every response has
// a budget"): the real services against the simulator; faults and hostile URLs come in at the
// network boundary, through the fetch the services are given, or from loopback servers.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../../src-main/common/clock';
import type { FetchLike } from '../../../src-main/common/fetch';
import {
  closeJobsTest,
  first,
  isFinal,
  jobsEnv,
  sketchRequest,
  startQueueApp,
  type JobsEnv,
  type QueueApp,
} from './helpers';

let env: JobsEnv | null = null;
let app: QueueApp | null = null;
const servers: Server[] = [];

afterEach(async () => {
  await closeJobsTest();
  for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
});

const urlOf = (input: string | URL | Request) => (input instanceof Request ? input.url : String(input));
const isResultUrl = (url: string, index: number) =>
  new RegExp(`/dashscope-result-bj/\\d{8}/[0-9a-f-]{36}/${index}\\.png\\?`).test(url);

/** An OSS-like 503 carrying the server's time, as any HTTP server's answer does. */
const ossUnavailable = (serverNow: number) =>
  new Response('<?xml version="1.0" encoding="UTF-8"?><Error><Code>ServiceUnavailable</Code></Error>', {
    status: 503,
    headers: { 'Content-Type': 'application/xml', Date: new Date(serverNow).toUTCString() },
  });

/** The gallery entry of the app's only task, as the Gallery view lists it. */
async function onlyEntry(a: QueueApp) {
  const page = await a.services.gallery.list({});
  return page.entries;
}

/** Rewrites `output.results` of a SUCCEEDED task query, as a hostile endpoint would answer it. */
function rewritingResults(rewrite: (results: { url?: string }[]) => unknown[], seen: string[]): FetchLike {
  return async (input, init) => {
    const url = urlOf(input);
    seen.push(url);
    const res = await fetch(input, init);
    if (!/\/api\/v1\/tasks\/[^/?]+\/?$/.test(new URL(url).pathname) || !res.ok) return res;
    const body = (await res.json()) as { output?: { task_status?: string; results?: { url?: string }[] } };
    if (body.output?.task_status === 'SUCCEEDED' && body.output.results)
      body.output.results = rewrite(body.output.results) as { url?: string }[];
    return new Response(JSON.stringify(body), { status: res.status, headers: { 'Content-Type': 'application/json' } });
  };
}

async function listen(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('result images one by one', { timeout: 60_000 }, () => {
  it('one URL that keeps failing does not hold back the good ones; the entry is completed when it arrives', async () => {
    env = await jobsEnv();
    const sim = env.sim;
    let failing = true;
    let failures = 0;
    const flaky: FetchLike = async (input, init) => {
      if (failing && isResultUrl(urlOf(input), 3)) {
        failures++;
        return ossUnavailable(sim.clock.now());
      }
      return fetch(input, init);
    };
    app = await startQueueApp(env.dataDir, sim, { fetch: flaky });
    const { ids } = await app.call<{ ids: string[] }>('jobs.enqueue', await sketchRequest());

    // The three good images are in the gallery while the fourth still fails.
    const deadline = Date.now() + 20_000;
    let entries = await onlyEntry(app);
    while (!(entries.length === 1 && entries[0]!.images.filter((i) => i.status === 'ok').length === 3)) {
      if (Date.now() > deadline)
        throw new Error(
          `no partial entry with 3 images: ${JSON.stringify(entries)} ${JSON.stringify(app.job(ids[0]!))}`,
        );
      await new Promise((r) => setTimeout(r, 20));
      entries = await onlyEntry(app);
    }
    expect(failures).toBeGreaterThan(0);
    expect(app.job(ids[0]!).state).toBe('downloading');
    expect(entries[0]!.images.find((i) => i.index === 3)?.status).not.toBe('lost');

    failing = false;
    const job = first(await app.until(isFinal, 'done once the fourth arrives', 30_000));
    expect(job).toMatchObject({ state: 'done', images: { ok: 4, failed: 0, lost: 0 }, error: null });
    entries = await onlyEntry(app);
    expect(entries).toHaveLength(1);
    expect(entries[0]!.status).toBe('done');
    expect(entries[0]!.images.map((i) => i.status)).toEqual(['ok', 'ok', 'ok', 'ok']);
    const meta = await app.services.gallery.get(job.galleryId!);
    expect(meta.imageCount).toBe(4);
    // Billed images (the simulator's usage) all reached the gallery, counted once.
    const task = await sim.tasks.get(job.taskId!);
    expect(task?.final?.results.filter((r) => 'url' in r)).toHaveLength(4);
    expect((await app.usage()).totalImages).toBe(4);
    expect(sim.tasks.ids()).toHaveLength(1);
  });

  it('a link too slow for one try gets longer tries: the good three are kept meanwhile, the slow one arrives', async () => {
    // Results rendered while the task runs, so the good ones answer at once.
    env = await jobsEnv({ prerenderResults: true });
    // Image 4 always takes 4.5 s (real time) to arrive, in 30 pieces: longer than a 3 s first try, inside the second (6 s).
    let tries = 0;
    const slow: FetchLike = async (input, init) => {
      if (isResultUrl(urlOf(input), 3)) tries++;
      const res = await fetch(input, init);
      if (!isResultUrl(urlOf(input), 3) || !res.ok) return res;
      const bytes = new Uint8Array(await res.arrayBuffer());
      const piece = Math.ceil(bytes.length / 30);
      let at = 0;
      let timer: NodeJS.Timeout | undefined;
      const body = new ReadableStream<Uint8Array>({
        pull: (ctl) =>
          new Promise<void>((resolve) => {
            timer = setTimeout(() => {
              ctl.enqueue(bytes.slice(at, (at += piece)));
              if (at >= bytes.length) ctl.close();
              resolve();
            }, 150);
          }),
        cancel: () => clearTimeout(timer),
      });
      return new Response(body, { status: 200, headers: { 'Content-Type': 'image/png' } });
    };
    app = await startQueueApp(env.dataDir, env.sim, { fetch: slow, jobsTuning: { resultTimeoutMs: 3000 } });
    const { ids } = await app.call<{ ids: string[] }>('jobs.enqueue', await sketchRequest());
    const job = first(await app.until(isFinal, 'done once the slow image arrives', 30_000));
    expect(job).toMatchObject({ id: ids[0], state: 'done', images: { ok: 4, failed: 0, lost: 0 } });
    expect(tries).toBe(2);
    // The other three were fetched once: kept in the entry while the slow one was tried again.
    expect(env.sim.counters.requests('oss.result').filter((r) => !r.path.endsWith('/3.png'))).toHaveLength(3);
    const entries = await onlyEntry(app);
    expect(entries.map((e) => e.images.map((i) => i.status))).toEqual([['ok', 'ok', 'ok', 'ok']]);
  });

  it('a failing image is marked lost when its link expires by the server clock, not by a PC clock 30 h ahead', async () => {
    env = await jobsEnv();
    const sim = env.sim;
    const AHEAD_MS = 30 * 3_600_000;
    const pcClock: Clock = {
      now: () => sim.clock.now() + AHEAD_MS,
      sleep: (ms, signal) => sim.clock.sleep(ms, signal),
    };
    const attempts: { serverNow: number; expiresAt: number }[] = [];
    const flaky: FetchLike = async (input, init) => {
      const url = urlOf(input);
      if (isResultUrl(url, 3)) {
        const serverNow = sim.clock.now();
        attempts.push({ serverNow, expiresAt: Number(new URL(url).searchParams.get('Expires')) * 1000 });
        return ossUnavailable(serverNow);
      }
      return fetch(input, init);
    };
    app = await startQueueApp(env.dataDir, sim, { fetch: flaky, clock: pcClock });
    await app.call('jobs.enqueue', await sketchRequest());
    const job = first(await app.until(isFinal, 'final once the link expired', 60_000));
    expect(job).toMatchObject({
      state: 'partial',
      images: { ok: 3, failed: 0, lost: 1 },
      error: { code: 'jobs.resultExpired' },
    });
    // Tried while the link was valid by the server's clock; given up only once the server's time passed its expiry.
    expect(attempts.length).toBeGreaterThan(1);
    expect(attempts[0]!.serverNow).toBeLessThan(attempts[0]!.expiresAt);
    const last = attempts.at(-1)!;
    expect(last.serverNow).toBeGreaterThanOrEqual(last.expiresAt);
    const meta = await app.services.gallery.get(job.galleryId!);
    expect(meta.status).toBe('partial');
    expect(meta.images.map((i) => i.status)).toEqual(['ok', 'ok', 'ok', 'lost']);
    expect((await app.usage()).totalImages).toBe(4);
  });
});

describe('result URLs have a budget', { timeout: 60_000 }, () => {
  it("are judged against the task's own endpoint, not a region switched to while it ran", async () => {
    env = await jobsEnv({ clock: 'manual' });
    env.sim.runTimes.enqueue(60_000);
    // Another region, elsewhere: its rule (https result hosts only) would refuse the simulator's loopback links.
    const regionUrls = {
      'cn-beijing': env.sim.baseUrl,
      'ap-southeast-1': 'https://dashscope-intl.example/api/v1',
      'us-east-1': env.sim.baseUrl,
    };
    app = await startQueueApp(env.dataDir, env.sim, { regionUrls });
    await app.call('jobs.enqueue', await sketchRequest());
    await app.until((s) => first(s).state === 'running', 'running');
    app.services.settings.update({ dashscope: { region: 'ap-southeast-1' } });
    const job = first(await app.until(isFinal, 'final', 30_000));
    expect(job).toMatchObject({ state: 'done', images: { ok: 4, failed: 0, lost: 0 } });
  });

  it('refuses other schemes, hosts and redirects, fetches at most n, and never retries a refusal', async () => {
    env = await jobsEnv();
    let redirected = 0;
    const redirect = await listen((_req, res) => {
      redirected++;
      res.writeHead(302, { Location: realThird }).end();
    });
    let extras = 0;
    const extra = await listen((_req, res) => {
      extras++;
      res.writeHead(404).end();
    });
    let realThird = '';
    const seen: string[] = [];
    const hostile = rewritingResults((results) => {
      realThird = results[3]!.url!;
      return [
        results[0],
        { url: 'file:///etc/passwd' },
        { url: 'https://169.254.169.254/latest/meta-data/iam.png' },
        { url: `${redirect}/moved.png` },
        // A server answered 216 URLs for n=4 (the issue saw it for n=1).
        ...Array.from({ length: 212 }, (_, i) => ({ url: `${extra}/extra-${i}.png` })),
      ];
    }, seen);
    app = await startQueueApp(env.dataDir, env.sim, { fetch: hostile });
    await app.call('jobs.enqueue', await sketchRequest());
    const job = first(await app.until(isFinal, 'final', 30_000));
    expect(job).toMatchObject({ state: 'partial', images: { ok: 1, failed: 0, lost: 3 } });
    expect(seen.some((u) => u.startsWith('file:'))).toBe(false);
    expect(seen.some((u) => u.includes('169.254.169.254'))).toBe(false);
    expect(redirected).toBe(1);
    expect(seen.filter((u) => u === realThird)).toHaveLength(0);
    expect(extras).toBe(0);
    const meta = await app.services.gallery.get(job.galleryId!);
    expect(meta.images).toHaveLength(4);
    expect(meta.images.map((i) => i.status)).toEqual(['ok', 'lost', 'lost', 'lost']);
  });

  it("a redirect refused the way Electron's net.fetch refuses it (a rejection, not a 3xx) loses that image at once", async () => {
    env = await jobsEnv();
    let tries = 0;
    // Electron's net.fetch with redirect 'manual' rejects instead of answering the 3xx.
    const electronLike: FetchLike = async (input, init) => {
      if (isResultUrl(urlOf(input), 2)) {
        tries++;
        throw new TypeError('Redirect was cancelled');
      }
      return fetch(input, init);
    };
    app = await startQueueApp(env.dataDir, env.sim, { fetch: electronLike });
    await app.call('jobs.enqueue', await sketchRequest());
    const job = first(await app.until(isFinal, 'final', 30_000));
    expect(job).toMatchObject({
      state: 'partial',
      images: { ok: 3, failed: 0, lost: 1 },
      error: { code: 'jobs.resultRefused' },
    });
    expect(tries).toBe(1);
  });

  it('refuses an image of the wrong size from its header, and a body over the cap, without retrying', async () => {
    env = await jobsEnv();
    let huge = 0;
    let big = 0;
    let floodClosed: (accepted: number) => void = () => undefined;
    const floodAccepted = new Promise<number>((r) => (floodClosed = r));
    const server = await listen((req, res) => {
      if (req.url === '/wide.png') {
        huge++;
        // A 16000×16000 PNG header (IHDR) and a truncated stream: only the header is needed to refuse it.
        res.writeHead(200, { 'Content-Type': 'image/png' }).end(pngHeader(16000, 16000));
        return;
      }
      big++;
      res.writeHead(200, { 'Content-Type': 'image/png' });
      // Streams far more than any 768² image: the reader must stop early.
      let sent = 0;
      const push = () => {
        while (sent < 200 * 1024 * 1024) {
          sent += 1024 * 1024;
          if (!res.write(Buffer.alloc(1024 * 1024))) return void res.once('drain', push);
        }
        res.end();
      };
      res.on('close', () => {
        res.removeAllListeners('drain');
        floodClosed(sent);
      });
      push();
    });
    const seen: string[] = [];
    const hostile = rewritingResults(
      (results) => [results[0], { url: `${server}/wide.png` }, { url: `${server}/flood.png` }, results[3]],
      seen,
    );
    app = await startQueueApp(env.dataDir, env.sim, { fetch: hostile });
    await app.call('jobs.enqueue', await sketchRequest());
    const job = first(await app.until(isFinal, 'final', 30_000));
    expect(job).toMatchObject({
      state: 'partial',
      images: { ok: 2, failed: 0, lost: 2 },
      error: { code: 'jobs.badResult' },
    });
    expect(huge).toBe(1);
    expect(big).toBe(1);
    // The reader stopped soon after the cap (10 MB): the socket took little more before the cut.
    const accepted = await floodAccepted;
    expect(accepted).toBeGreaterThan(0);
    expect(accepted).toBeLessThan(40 * 1024 * 1024);
    const meta = await app.services.gallery.get(job.galleryId!);
    expect(meta.images.map((i) => i.status)).toEqual(['ok', 'lost', 'lost', 'ok']);
  });
});

/** PNG signature + IHDR of a w×h RGB image (valid CRC), nothing else. */
export function pngHeader(w: number, h: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  const typed = Buffer.concat([Buffer.from('IHDR'), ihdr]);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(13);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), len, typed, crc]);
}

function crc32(b: Buffer): number {
  let c = 0xffffffff;
  for (const byte of b) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}
