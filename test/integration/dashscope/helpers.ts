import { DashScopeClient, type DashScopeClientOptions } from '../../../src-main/dashscope/client';
import type { FetchLike } from '../../../src-main/common/fetch';
import { startSimulator } from '../../sim';
import type { Simulator, SimulatorOptions } from '../../sim';
import { makeSketch, startFileServer } from '../../sim/fixtures';
import type { FileServer } from '../../sim/fixtures';

export interface Recorded {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | FormData | undefined;
}

/** Global fetch that also writes down what the client sent. */
export function recordingFetch(log: Recorded[]): FetchLike {
  return (input, init) => {
    const h = new Headers(init?.headers);
    log.push({
      method: init?.method ?? 'GET',
      url: String(input),
      headers: Object.fromEntries([...h.entries()]),
      body: init?.body as string | FormData | undefined,
    });
    return fetch(input, init);
  };
}

export interface ClientEnv {
  sim: Simulator;
  files: FileServer;
  sketchUrl: string;
  log: Recorded[];
  client: DashScopeClient;
  makeClient(over?: Partial<DashScopeClientOptions>): DashScopeClient;
  close(): Promise<void>;
}

/**
 * Simulator on an `auto` clock shared with the client: whenever the client sleeps (backoff,
 * polling, reconcile pauses) simulated time jumps ahead, so nothing waits in real time.
 */
export async function clientEnv(
  options: SimulatorOptions = {},
  over: Partial<DashScopeClientOptions> = {},
): Promise<ClientEnv> {
  const sim = await startSimulator({ clock: 'auto', ...options });
  const files = await startFileServer();
  files.put('/sketch.png', await makeSketch({}));
  const log: Recorded[] = [];
  const makeClient = (o: Partial<DashScopeClientOptions> = {}) =>
    new DashScopeClient({
      apiKey: sim.apiKey,
      appName: 'Wanx Sketch Studio',
      appVersion: '0.1.0',
      endpoint: { baseUrl: sim.baseUrl },
      workspace: sim.workspace,
      fetch: recordingFetch(log),
      clock: sim.clock,
      retry: { baseDelayMs: 200, maxDelayMs: 2000, maxAttempts: 4, random: () => 0.5 },
      requestTimeoutMs: 5000,
      ...over,
      ...o,
    });
  return {
    sim,
    files,
    sketchUrl: files.url('/sketch.png'),
    log,
    client: makeClient(),
    makeClient,
    close: async () => {
      await sim.close();
      await files.close();
    },
  };
}
