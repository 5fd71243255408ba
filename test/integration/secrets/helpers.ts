// The secret-binding tests' app: the real services (Node deps, the real keychain in a D-Bus
// session) behind the real dispatcher with the app's own sender check, called as the renderer
// would call it. Shared by test/integration/secrets and test/integration/storage.
import { vi } from 'vitest';
import type { Clock } from '../../../src-main/common/clock';
import type { FetchLike } from '../../../src-main/common/fetch';
import { createDispatcher } from '../../../src-main/ipc/dispatcher';
import { createHandlers } from '../../../src-main/ipc/handlers';
import { createOriginCheck, RENDERER_ORIGIN } from '../../../src-main/security/origins';
import { createServices, type ServiceDeps, type Services } from '../../../src-main/services';
import type { HttpConfig } from '../../../src-preload/contract/storage';
import { createNodeDeps, type DesktopLog } from '../../harness/node-deps';
import type { Simulator } from '../../sim';

export type Answer = {
  ok: boolean;
  value?: unknown;
  error?: { code: string; message: string; params?: Record<string, unknown>; issues?: unknown[] };
};
export type Call = (channel: string, payload?: unknown) => Promise<Answer>;

export interface IpcApp {
  services: Services;
  desktop: DesktopLog;
  /** An IPC call from the app's own window. */
  call: Call;
  /** With `watch`: every URL the services fetched, noted before the request left. */
  sent: string[];
  /** With `watch`: every line logged, through the console or the dispatcher's error log. */
  logged: string[];
}

export interface IpcAppOptions {
  dataDir: string;
  /** The network the services see (a hostile resolver, say); the real one by default. */
  fetch?: FetchLike;
  clock?: Clock;
  /** What a first-run import would find (DASHSCOPE_API_KEY, ~/.dashscope/api_key). */
  env?: Record<string, string>;
  regionUrls?: ServiceDeps['regionUrls'];
  /** Keys in the session only when this process has no keychain (no D-Bus session). */
  sessionWithoutKeychain?: boolean;
  /** Fill `sent` and `logged`; the console is spied on (undone by `vi.restoreAllMocks()`). */
  watch?: boolean;
}

/** Every built-in region served by one simulator. */
export const simRegions = (sim: Simulator): NonNullable<ServiceDeps['regionUrls']> => ({
  'cn-beijing': sim.baseUrl,
  'ap-southeast-1': sim.baseUrl,
  'us-east-1': sim.baseUrl,
});

export async function openIpcApp(o: IpcAppOptions): Promise<IpcApp> {
  const sent: string[] = [];
  const logged: string[] = [];
  const network = o.fetch ?? fetch;
  const noting: FetchLike = (input, init) => {
    sent.push(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    return network(input, init);
  };
  const { deps, desktop } = createNodeDeps({
    dataDir: o.dataDir,
    emit: () => undefined,
    ...(o.clock ? { clock: o.clock } : {}),
    ...(o.env ? { env: o.env } : {}),
    ...(o.watch ? { fetch: noting } : o.fetch ? { fetch: o.fetch } : {}),
  });
  const services = createServices({ ...deps, ...(o.regionUrls ? { regionUrls: o.regionUrls } : {}) });
  if (o.sessionWithoutKeychain && (await services.secrets.backendState()) === 'unavailable')
    await services.apiKey.useSessionOnly();
  const logError = (...args: unknown[]) =>
    void logged.push(
      args.map((a) => (a instanceof Error ? `${a.name} ${a.message} ${String(a.stack)}` : JSON.stringify(a))).join(' '),
    );
  const dispatch = createDispatcher(createHandlers(services), {
    isTrustedSender: createOriginCheck([RENDERER_ORIGIN]),
    ...(o.watch ? { logError } : {}),
  });
  if (o.watch) {
    for (const method of ['log', 'warn', 'error', 'info', 'debug'] as const) {
      vi.spyOn(console, method).mockImplementation(
        (...args: unknown[]) => void logged.push(args.map(String).join(' ')),
      );
    }
  }
  const call: Call = (channel, payload) =>
    dispatch(channel, payload, `${RENDERER_ORIGIN}/index.html#/settings`) as Promise<Answer>;
  return { services, desktop, call, sent, logged };
}

/** Custom HTTP upload to `url` with its Authorization header kept as a secret. */
export const secretHeaderHttp = (url: string): HttpConfig => ({
  url,
  method: 'PUT',
  fileField: 'file',
  headers: [{ name: 'Authorization', secret: true }],
  urlSource: 'location',
  jsonPath: '',
  urlLifetimeHours: 0,
});
