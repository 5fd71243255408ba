import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../src-main/common/clock';
import { NetworkMonitor, type OnlineSource } from '../../../src-main/jobs/network';
import type { NetworkState } from '../../../src-preload/contract/domain/jobs';

let server: Server | null = null;
let monitor: NetworkMonitor | null = null;
afterEach(async () => {
  monitor?.stop();
  monitor = null;
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  server = null;
});

/** A real endpoint on loopback that answers 404 to everything (the probe needs no key); port reused to go down and up. */
async function endpoint(port = 0): Promise<{ url: string; port: number; requests: () => number }> {
  let n = 0;
  server = createServer((_req, res) => {
    n++;
    res.writeHead(404).end('{}');
  });
  await new Promise<void>((r) => server!.listen(port, '127.0.0.1', r));
  const p = (server.address() as AddressInfo).port;
  return { url: `http://127.0.0.1:${p}/api/v1`, port: p, requests: () => n };
}

function osFlag(initial: boolean): OnlineSource & { set(v: boolean): void } {
  let v = initial;
  const ls = new Set<() => void>();
  return {
    isOnline: () => v,
    onChange: (l) => (ls.add(l), () => ls.delete(l)),
    set(next) {
      v = next;
      for (const l of ls) l();
    },
  };
}

describe('online monitor', () => {
  it('online needs the OS flag and an answer from the endpoint; a 404 counts as an answer', async () => {
    const ep = await endpoint();
    const os = osFlag(true);
    monitor = new NetworkMonitor({ source: os, endpoint: () => ep.url, fetch, clock: systemClock, recheckMs: 50 });
    expect(await monitor.ensure()).toBe(true);
    expect(ep.requests()).toBe(1);
    // A fresh good probe is trusted: no request per step.
    expect(await monitor.ensure()).toBe(true);
    expect(ep.requests()).toBe(1);
    const seen: NetworkState[] = [];
    monitor.onChange((s) => seen.push(s));
    os.set(false);
    await new Promise((r) => setTimeout(r, 20));
    expect(monitor.state).toMatchObject({ online: false, cause: 'os' });
    expect(await monitor.ensure()).toBe(false);
    os.set(true);
    await new Promise((r) => setTimeout(r, 50));
    expect(monitor.state.online).toBe(true);
    expect(seen.map((s) => s.cause)).toEqual(['os', null]);
  });

  it('an endpoint that does not answer is offline by probe, and coming back is noticed without being asked', async () => {
    const ep = await endpoint();
    await new Promise<void>((r) => server!.close(() => r()));
    server = null;
    monitor = new NetworkMonitor({
      source: osFlag(true),
      endpoint: () => ep.url,
      fetch,
      clock: systemClock,
      recheckMs: 30,
      probeTimeoutMs: 500,
    });
    const back = new Promise<NetworkState>((resolve) => monitor!.onChange((s) => s.online && resolve(s)));
    expect(await monitor.ensure()).toBe(false);
    expect(monitor.state).toMatchObject({ online: false, cause: 'probe' });
    await endpoint(ep.port);
    expect(await back).toMatchObject({ online: true, cause: null });
  });
});
