// Issue 16, memory: a result URL that serves a small PNG claiming 16000×16000 px (0.8 MB on the
// wire, 768 MB of pixels, 1.1 GB and 8 s to decode in full) must be refused from its header. The
// app's real services run in a child process against the simulator behind a loopback proxy that
// names the hostile image as the task's result; the child reports its own peak RSS and how long
// the download step took, and both are bounded here.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDeflate } from 'node:zlib';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../sim';
import type { HostileImageChildConfig, HostileImageResult } from './hostile-image-child';

const ROOT = join(__dirname, '..', '..', '..');
const SIDE = 16_000;
/** What a full decode of the image costs at the least: its pixels as RGB. */
const DECODE_BYTES = SIDE * SIDE * 3;

let sim: Simulator;
let work: string;
const servers: Server[] = [];

beforeAll(async () => {
  sim = await startSimulator({ speed: 50, clock: 'real' });
  work = mkdtempSync(join(tmpdir(), 'wss-hostile-image-'));
});

afterAll(async () => {
  for (const s of servers) await new Promise((r) => s.close(r));
  await sim?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

async function listen(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A valid, highly compressed RGB PNG of side×side white pixels, made row by row (no full buffer). */
async function hugePng(side: number): Promise<Buffer> {
  const { crc32 } = await import('node:zlib');
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const typed = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(typed) >>> 0);
    return Buffer.concat([len, typed, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(side, 0);
  ihdr.writeUInt32BE(side, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  const deflate = createDeflate({ level: 9 });
  const parts: Buffer[] = [];
  deflate.on('data', (c: Buffer) => parts.push(c));
  const row = Buffer.alloc(side * 3 + 1, 0xff);
  row[0] = 0;
  for (let y = 0; y < side; y++) {
    if (!deflate.write(row)) await new Promise((r) => deflate.once('drain', r));
  }
  await new Promise((r) => deflate.end(r));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', Buffer.concat(parts)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** The simulator behind a proxy that names `imageUrl` as every result of a SUCCEEDED task. */
function hostileEndpoint(imageUrl: string): Promise<string> {
  return listen((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const headers = new Headers();
        for (const [k, v] of Object.entries(req.headers))
          if (typeof v === 'string' && k !== 'host' && k !== 'content-length') headers.set(k, v);
        const body = chunks.length ? Buffer.concat(chunks) : undefined;
        const upstream = await fetch(`${sim.baseUrl.replace(/\/api\/v1$/, '')}${req.url}`, {
          method: req.method,
          headers,
          body,
          redirect: 'manual',
        });
        let text = Buffer.from(await upstream.arrayBuffer());
        if (req.method === 'GET' && /\/api\/v1\/tasks\/[^/?]+\/?$/.test(req.url ?? '')) {
          const json = JSON.parse(text.toString()) as {
            output?: { task_status?: string; results?: { url?: string }[] };
          };
          if (json.output?.task_status === 'SUCCEEDED')
            json.output.results = json.output.results?.map(() => ({ url: imageUrl }));
          text = Buffer.from(JSON.stringify(json));
        }
        const out: Record<string, string> = {};
        upstream.headers.forEach((v, k) => {
          if (k !== 'content-length' && k !== 'content-encoding' && k !== 'transfer-encoding') out[k] = v;
        });
        res.writeHead(upstream.status, out).end(text);
      })().catch(() => res.destroy());
    });
  }).then((origin) => `${origin}/api/v1`);
}

async function runChild(config: HostileImageChildConfig): Promise<HostileImageResult> {
  const bundle = join(work, 'hostile-image-child.cjs');
  await build({
    entryPoints: [join(__dirname, 'hostile-image-child.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    packages: 'external',
    outfile: bundle,
    logLevel: 'silent',
    define: { __dirname: JSON.stringify(join(ROOT, 'test', 'harness')) },
  });
  const proc = spawn(process.execPath, [bundle, JSON.stringify(config)], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: '', NODE_PATH: join(ROOT, 'node_modules') },
  });
  let out = '';
  let err = '';
  proc.stdout.on('data', (c: Buffer) => (out += c.toString()));
  proc.stderr.on('data', (c: Buffer) => (err += c.toString()));
  const code = await new Promise<number | null>((r) => proc.on('exit', r));
  const line = out.split('\n').find((l) => l.startsWith('result '));
  if (!line) throw new Error(`child ended (${code}) without a result: ${out.slice(-500)} ${err.slice(-1500)}`);
  return JSON.parse(line.slice(7)) as HostileImageResult;
}

describe('a hostile result image', () => {
  it(
    'a 16000² PNG is refused from its header: peak RSS far below a decode, download step bounded',
    { timeout: 120_000 },
    async () => {
      const png = await hugePng(SIDE);
      expect(png.length).toBeLessThan(1024 * 1024);
      let served = 0;
      const images = await listen((_req, res) => {
        served++;
        res.writeHead(200, { 'Content-Type': 'image/png', 'Content-Length': String(png.length) }).end(png);
      });
      const baseUrl = await hostileEndpoint(`${images}/result-0.png`);
      const r = await runChild({
        dataDir: join(work, 'data'),
        baseUrl,
        apiKey: sim.apiKey,
        jobsTuning: { poller: { plan: { earlyPolls: 20 } } },
      });
      console.log(
        `[hostile-image] peak RSS ${r.peakRssMb} MB (at download ${r.rssAtDownloadMb} MB), download step ${r.downloadMs} ms`,
      );
      expect(served).toBe(1);
      expect(r).toMatchObject({
        state: 'failed',
        images: { ok: 0, failed: 0, lost: 1 },
        error: { code: 'jobs.badResult' },
      });
      expect(r.gallery).toEqual([{ status: 'expired', images: ['lost'] }]);
      // A decode needs at least DECODE_BYTES (768 MB) on top of the services; the refusal adds next to nothing.
      expect(r.peakRssMb - r.rssAtDownloadMb).toBeLessThan(100);
      expect(r.peakRssMb * 1024 * 1024).toBeLessThan(DECODE_BYTES / 2);
      // A decode takes seconds; reading a header does not (generous for a loaded machine).
      expect(r.downloadMs).toBeLessThan(4000);
    },
  );
});
