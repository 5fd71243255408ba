// Names only (no schemas): this file is bundled into the preload.
import type { Api, Result } from './contract';
import { CHANNEL_NAMES, EVENT_NAMES, type ChannelName, type EventName } from './contract/names';

/** How calls leave the renderer: Electron IPC in the app, a loopback WebSocket in the test harness. */
export interface ApiTransport {
  invoke(channel: ChannelName, payload: unknown): Promise<Result<unknown>>;
  subscribe(event: EventName, listener: (payload: unknown) => void): () => void;
}

/**
 * Builds `window.api` from the contract's channel list, so the preload and the harness
 * expose exactly the same surface and nothing else.
 */
export function buildApi(transport: ApiTransport): Api {
  const api: Record<string, unknown> = {};
  for (const name of CHANNEL_NAMES) {
    const [ns, method] = name.split('.') as [string, string];
    const group = (api[ns] ??= {}) as Record<string, unknown>;
    group[method] = (payload?: unknown) => transport.invoke(name, payload);
  }
  const known = new Set<string>(EVENT_NAMES);
  api.on = (event: EventName, listener: (payload: unknown) => void) => {
    if (!known.has(event)) throw new Error(`Unknown event: ${String(event)}`);
    if (typeof listener !== 'function') throw new Error('listener must be a function');
    return transport.subscribe(event, listener);
  };
  return Object.freeze(api) as unknown as Api;
}
