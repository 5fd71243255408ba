import { createServer as createHttpServer, type IncomingHttpHeaders, type Server as HttpServer } from 'node:http';
import { createServer, type Server } from 'node:net';
import sharp from 'sharp';
import type { Clock } from '../../../src-main/common/clock';
import { inspectSketch } from '../../../src-main/storage/image-limits';
import { closeServer, listenLoopback } from '../loopback';

export async function sketchPng(background = '#ffffff', size = 512) {
  const bytes = new Uint8Array(
    await sharp({ create: { width: size, height: size, channels: 3, background } })
      .composite([
        {
          input: Buffer.from(
            `<svg width="${size}" height="${size}"><path d="M10 10 L${size - 10} ${size - 10}" stroke="black" stroke-width="6"/></svg>`,
          ),
        },
      ])
      .png()
      .toBuffer(),
  );
  return { bytes, meta: inspectSketch(bytes) };
}

export function fixedClock(now: number): Clock {
  return { now: () => now, sleep: async () => {} };
}

/** A loopback port with nothing listening on it: bind, note the port, close. */
export async function deadPort(): Promise<number> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return address.port;
}

export interface Recorded {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
}

/** A loopback HTTP server that records every request (method, url, headers) and can redirect them all. */
export class Recorder {
  readonly requests: Recorded[] = [];
  /** Where to redirect every request to; null answers 200 like a task query. */
  redirectTo: string | null = null;
  private server!: HttpServer;
  origin = '';

  async start(): Promise<this> {
    this.server = createHttpServer((req, res) => {
      this.requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
      req.resume();
      if (this.redirectTo) {
        res.writeHead(307, { Location: `${this.redirectTo}${req.url ?? ''}` }).end();
        return;
      }
      res
        .writeHead(200, { 'Content-Type': 'application/json' })
        .end(JSON.stringify({ request_id: 'r', output: { task_id: 'x', task_status: 'UNKNOWN' } }));
    });
    this.origin = await listenLoopback(this.server);
    return this;
  }

  /** Forgets what came and stops redirecting (between tests). */
  reset(): void {
    this.requests.length = 0;
    this.redirectTo = null;
  }

  close(): Promise<void> {
    return closeServer(this.server);
  }
}
