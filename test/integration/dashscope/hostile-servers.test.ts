// "Every response has a budget" against hostile loopback servers: a body that declares 1 GB, a
// chunked body that never ends, and an OSS error of 600 KB of unclosed <Code> tags. The real
// client runs in a CHILD process (hostile-client-child.ts), which reports its peak-RSS growth
// and the longest event-loop stall while the call ran. Bounds are generous on purpose: an
// unbounded read buffers hundreds of MB, the old OSS regex stalled main for ~15 s.
import { spawn } from 'node:child_process';
import { createServer, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeServer, listenLoopback } from '../loopback';

const CHILD = join(import.meta.dirname, 'hostile-client-child.ts');
/** A hostile server stops here, so a client WITHOUT a cap (the code before the fix) still ends. */
const FLOOD_STOP_BYTES = 300 * 1024 * 1024;
const RSS_GROWTH_BOUND_MB = 120;
const LOOP_STALL_BOUND_MS = 1500;

let server: Server;
let base: string;

/** Writes `bytes` of filler with backpressure, stopping early when the client goes away. */
async function flood(res: ServerResponse, bytes: number): Promise<void> {
  const chunk = Buffer.alloc(64 * 1024, 'a');
  let sent = 0;
  while (sent < bytes && !res.destroyed) {
    sent += chunk.length;
    if (!res.write(chunk)) {
      await new Promise<void>((resolve) => {
        res.once('drain', resolve);
        res.once('close', resolve);
      });
    }
  }
  res.end();
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    req.resume();
    if (path.startsWith('/declared/')) {
      // Declares a gigabyte; sends until the client hangs up (or the flood stop).
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(1024 ** 3) });
      void flood(res, FLOOD_STOP_BYTES);
    } else if (path.startsWith('/endless/')) {
      res.writeHead(200, { 'Content-Type': 'application/json' }); // chunked, no length
      void flood(res, FLOOD_STOP_BYTES);
    } else if (path === '/unclosed/oss') {
      res
        .writeHead(400, { 'Content-Type': 'application/xml' })
        .end(`<?xml version="1.0"?><Error>${'<Code>'.repeat(100_000)}`);
    } else {
      res.writeHead(404).end();
    }
  });
  base = await listenLoopback(server);
});

afterAll(() => closeServer(server, { dropConnections: true }));

interface ChildReport {
  outcome: { ok: boolean; name?: string; code?: string; message?: string };
  rssGrowthMb: number;
  loopMaxMs: number;
}

function runChild(scenario: string, serverBase: string): Promise<ChildReport> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', CHILD, scenario, serverBase], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    proc.stdout.on('data', (c: Buffer) => (out += c.toString()));
    proc.stderr.on('data', (c: Buffer) => (err += c.toString()));
    proc.on('error', reject);
    proc.on('exit', (code) => {
      const last = out.trim().split('\n').pop() ?? '';
      if (code !== 0 || !last.startsWith('{')) reject(new Error(`child ${scenario} exited ${code}:\n${out}\n${err}`));
      else resolve(JSON.parse(last) as ChildReport);
    });
  });
}

describe('every response read by main has a budget (child process, loopback hostile servers)', () => {
  it('a DashScope reply declaring 1 GB is refused from its Content-Length', async () => {
    const r = await runChild('dashscope-declared-1gb', `${base}/declared`);
    expect(r.rssGrowthMb).toBeLessThan(RSS_GROWTH_BOUND_MB);
    expect(r.outcome).toMatchObject({ ok: false, code: 'Client.BadResponse' });
    expect(r.outcome.message).toMatch(/over \d+ bytes \(at least 1073741824\)/);
  }, 120_000);

  it('an endless chunked DashScope reply is cut off at the budget', async () => {
    const r = await runChild('dashscope-endless', `${base}/endless`);
    expect(r.rssGrowthMb).toBeLessThan(RSS_GROWTH_BOUND_MB);
    expect(r.outcome).toMatchObject({ ok: false, code: 'Client.BadResponse' });
    expect(r.outcome.message).toMatch(/over \d+ bytes/);
  }, 120_000);

  it('600 KB of unclosed <Code> tags from the upload host is parsed without stalling the event loop', async () => {
    const r = await runChild('oss-unclosed-code', `${base}/unclosed`);
    expect(r.loopMaxMs).toBeLessThan(LOOP_STALL_BOUND_MS);
    expect(r.outcome).toMatchObject({ ok: false, code: 'Oss.UnrecognizedError' });
  }, 120_000);

  it('a storage endpoint declaring 1 GB or streaming without end costs no memory', async () => {
    for (const [scenario, prefix] of [
      ['storage-declared-1gb', 'declared'],
      ['storage-endless', 'endless'],
    ] as const) {
      const r = await runChild(scenario, `${base}/${prefix}`);
      expect(r.rssGrowthMb, scenario).toBeLessThan(RSS_GROWTH_BOUND_MB);
      expect(r.outcome, scenario).toMatchObject({ ok: false, code: 'storage.responseTooLarge' });
    }
  }, 180_000);

  it('an S3 endpoint answering with 1 GB declared or an endless body costs no memory', async () => {
    for (const scenario of ['s3-declared-1gb', 's3-endless'] as const) {
      const r = await runChild(scenario, base);
      expect(r.rssGrowthMb, scenario).toBeLessThan(RSS_GROWTH_BOUND_MB);
      expect(r.outcome, scenario).toMatchObject({ ok: false, code: 'storage.responseTooLarge' });
    }
  }, 180_000);
});
