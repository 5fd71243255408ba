// Electron's net.fetch does not refuse a redirect the way undici does: `redirect: 'error'` rejects
// with "Attempted to redirect, but redirect policy was 'error'", and `redirect: 'manual'` rejects
// with "Redirect was cancelled" instead of answering with the 3xx (lib/common/api/
// net-client-request.ts). A fetch stand-in that behaves so, in front of a real loopback server
// that redirects everything, must still read as "redirect refused" (not a network error, not an
// unknown create, not offline).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../../src-main/common/clock';
import type { FetchLike } from '../../../src-main/common/fetch';
import { DashScopeClient } from '../../../src-main/dashscope/client';
import { NetworkMonitor, alwaysOnline } from '../../../src-main/jobs/network';
import { CustomHttpAdapter } from '../../../src-main/storage/adapters/custom-http';

/** Like Electron 45's net.fetch: a refused redirect rejects with Electron's own texts. */
const electronNetFetch: FetchLike = async (input, init) => {
  const mode = init?.redirect ?? 'follow';
  const res = await fetch(input, { ...init, redirect: 'manual' });
  if (res.status >= 300 && res.status < 400 && mode !== 'follow') {
    await res.body?.cancel();
    throw new Error(
      mode === 'error' ? "Attempted to redirect, but redirect policy was 'error'" : 'Redirect was cancelled',
    );
  }
  return res;
};

let server: Server;
let base: string;
let requests = 0;
beforeAll(async () => {
  server = createServer((req, res) => {
    requests++;
    req.resume();
    res.writeHead(302, { Location: 'https://elsewhere.example/' }).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const client = () =>
  new DashScopeClient({
    apiKey: 'sk-redirect-test',
    appName: 'Wanx Sketch Studio',
    appVersion: '0.1.0',
    endpoint: { baseUrl: `${base}/api/v1` },
    fetch: electronNetFetch,
    clock: systemClock,
    retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 1 },
  });

describe("Electron's redirect-refusal texts", () => {
  it('a DashScope query or create that meets a redirect is refused as a redirect, once, never an unknown outcome', async () => {
    const before = requests;
    await expect(client().getTask('t-1')).rejects.toMatchObject({ code: 'secrets.redirectRefused' });
    await expect(
      client().createTask({
        prompt: 'a tree',
        sketchImageUrl: 'https://example.com/s.png',
        n: 1 as const,
        sketchWeight: 5,
        style: '<auto>' as const,
      }),
    ).rejects.toMatchObject({ code: 'secrets.redirectRefused' });
    // One request each: no retry, no reconciliation through the list API.
    expect(requests - before).toBe(2);
  });

  it('the online probe counts a 3xx as an answer (online), not as offline forever', async () => {
    const monitor = new NetworkMonitor({
      source: alwaysOnline,
      endpoint: () => `${base}/api/v1`,
      fetch: electronNetFetch,
      clock: systemClock,
    });
    try {
      expect(await monitor.check()).toMatchObject({ online: true, cause: null });
    } finally {
      monitor.stop();
    }
  });

  it('custom HTTP storage reports the redirect (upload and test), not "unreachable"', async () => {
    const adapter = new CustomHttpAdapter({
      config: {
        url: `${base}/upload/{key}`,
        method: 'PUT',
        fileField: 'file',
        headers: [],
        urlSource: 'json',
        jsonPath: 'url',
        urlLifetimeHours: 0,
      },
      secretHeaders: {},
      secretOrigin: base,
      fetch: electronNetFetch,
      clock: systemClock,
    });
    const meta = {
      sha256: 'a'.repeat(64),
      format: 'png',
      mime: 'image/png',
      width: 1,
      height: 1,
      bytes: 4,
      key: `${'a'.repeat(64)}.png`,
    } as const;
    await expect(adapter.upload(new Uint8Array([1, 2, 3, 4]), meta)).rejects.toMatchObject({
      code: 'storage.redirectRefused',
    });
    await expect(adapter.test()).rejects.toMatchObject({ code: 'storage.redirectRefused' });
  });
});
