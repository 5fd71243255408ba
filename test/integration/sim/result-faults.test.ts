import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTask, getTask, output, raw, setup } from './helpers';
import type { Env } from './helpers';

let env: Env;
let id: string;
let urls: string[];
beforeEach(async () => {
  env = await setup();
  id = await createTask(env, { n: 4 });
  await env.sim.clock.advance(120_000);
  urls = (output(await getTask(env, id)).results as { url: string }[]).map((r) => r.url);
});
afterEach(() => env.close());

const statusOf = async (url: string) =>
  await fetch(url)
    .then(async (r) => (await r.arrayBuffer(), r.status))
    .catch(() => 'reset' as const);

/** Waits (real time) for the simulator's own event-loop turns. */
async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
}

/** One result image failing while the others download (issue 15 #6). */
describe('per-URL result download faults', () => {
  it('a status for one URL, for the first K requests only; the other images download', async () => {
    env.sim.faults.add({
      route: 'oss.result',
      match: { url: urls[2]! },
      fault: { kind: 'status', status: 503 },
      times: 2,
    });
    const seen = [];
    for (const url of [urls[0]!, urls[2]!, urls[1]!, urls[2]!, urls[3]!, urls[2]!]) seen.push(await statusOf(url));
    expect(seen).toEqual([200, 503, 200, 503, 200, 200]);
  });

  it('by task id + index, always until removed (also over /__sim/faults): a reset each time', async () => {
    const ctl = (method: string, path: string, body?: unknown) =>
      raw(`${env.sim.origin}/__sim${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body) });
    const rule = await ctl('POST', '/faults', {
      route: 'oss.result',
      match: { taskId: id, index: 3 },
      fault: { kind: 'reset' },
      times: 'always',
    });
    for (let i = 0; i < 3; i++) expect(await statusOf(urls[3]!)).toBe('reset');
    expect(await statusOf(urls[0]!)).toBe(200);
    expect(((await ctl('GET', '/state')).json.faults as unknown[]).length).toBe(1);
    await ctl('DELETE', `/faults/${rule.json.id as number}`);
    expect(await statusOf(urls[3]!)).toBe(200);
    expect(env.sim.counters.status('oss.result', 'reset')).toBe(3);
  });

  it('a slow body: headers first, then the same bytes trickled', async () => {
    const normal = Buffer.from(await (await fetch(urls[1]!)).arrayBuffer());
    env.sim.faults.add({
      route: 'oss.result',
      match: { taskId: id, index: 1 },
      fault: { kind: 'slow-body', bytesPerSecond: Math.ceil(normal.length / 2) },
    });
    const res = await fetch(urls[1]!);
    expect([res.status, res.headers.get('content-length')]).toEqual([200, String(normal.length)]);
    // The headers are here while the server is still sending: the answer is not yet recorded.
    expect(env.sim.counters.get('oss.result')).toBe(1);
    let chunks = 0;
    const parts: Uint8Array[] = [];
    for await (const part of res.body!) {
      chunks++;
      parts.push(part);
    }
    expect(Buffer.concat(parts).equals(normal)).toBe(true);
    expect(chunks).toBeGreaterThan(2);
    await until(() => env.sim.counters.get('oss.result') === 2);
    expect(env.sim.counters.status('oss.result', 200)).toBe(2);
  });

  it('a stalled body (0 bytes/s) holds until the client gives up', async () => {
    env.sim.faults.add({
      route: 'oss.result',
      match: { url: urls[0]! },
      fault: { kind: 'slow-body', bytesPerSecond: 0 },
    });
    const abort = new AbortController();
    const res = await fetch(urls[0]!, { signal: abort.signal });
    expect(res.status).toBe(200);
    const body = res.arrayBuffer();
    abort.abort();
    await expect(body).rejects.toThrow();
    await until(() => env.sim.counters.status('oss.result', 'reset') === 1);
    expect(env.sim.counters.status('oss.result', 'reset')).toBe(1);
  });
});
