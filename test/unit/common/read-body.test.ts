import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { BodyTooLargeError, readBodyCapped } from '../../../src-main/common/read-body';

let server: Server | null = null;
afterEach(async () => {
  await new Promise((r) => server?.close(r) ?? r(undefined));
  server = null;
});

/** A loopback server that answers every request with `handler`; resolves its base URL. */
async function serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
  server = createServer(handler);
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('readBodyCapped', () => {
  it('reads a body within the cap whole', async () => {
    const url = await serve((_req, res) => res.end(Buffer.alloc(1000, 7)));
    const bytes = await readBodyCapped(await fetch(url), 1000);
    expect(bytes.byteLength).toBe(1000);
    expect(bytes.every((b) => b === 7)).toBe(true);
  });

  it('refuses an announced Content-Length over the cap before reading', async () => {
    let written = 0;
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Length': String(50 * 1024 * 1024) });
      // Writes slowly forever; the client must not wait for it.
      const tick = setInterval(() => {
        written += 1024;
        if (!res.write(Buffer.alloc(1024))) clearInterval(tick);
      }, 5);
      res.on('close', () => clearInterval(tick));
    });
    const err = await readBodyCapped(await fetch(url), 1024 * 1024).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BodyTooLargeError);
    expect((err as BodyTooLargeError).seenBytes).toBe(50 * 1024 * 1024);
    expect(written).toBeLessThan(1024 * 1024);
  });

  it('cuts a chunked body without Content-Length as soon as it passes the cap', async () => {
    let sent = 0;
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'Transfer-Encoding': 'chunked' });
      const push = () => {
        while (sent < 64 * 1024 * 1024) {
          sent += 64 * 1024;
          if (!res.write(Buffer.alloc(64 * 1024))) return void res.once('drain', push);
        }
        res.end();
      };
      res.on('close', () => res.removeAllListeners('drain'));
      push();
    });
    const err = await readBodyCapped(await fetch(url), 256 * 1024).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BodyTooLargeError);
    expect((err as BodyTooLargeError).seenBytes).toBeLessThan(2 * 1024 * 1024);
  });

  it('stops when the signal aborts', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200);
      res.write('x');
    });
    const ctl = new AbortController();
    const res = await fetch(url);
    const reading = readBodyCapped(res, 1024, ctl.signal);
    ctl.abort(new Error('stop'));
    await expect(reading).rejects.toThrow();
  });
});
