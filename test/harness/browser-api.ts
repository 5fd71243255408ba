// Runs inside the page (injected by Playwright before any app script): builds window.api
// from the same contract and buildApi() as the real preload, over a WebSocket to the harness.
import { buildApi } from '../../src-preload/build-api';
import type { ChannelName, EventName, Result } from '../../src-preload/contract';
import { decodeWire, encodeWire, type WireMessage } from './wire';

declare global {
  interface Window {
    __HARNESS__?: { token: string; origin: string };
  }
}

const config = window.__HARNESS__;
if (config && location.origin === config.origin) {
  const socketUrl = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/__harness?token=${encodeURIComponent(config.token)}`;
  const socket = new WebSocket(socketUrl);
  const opened = new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => resolve(), { once: true });
    socket.addEventListener('error', () => reject(new Error('harness connection failed')), { once: true });
  });
  const pending = new Map<number, (r: Result<unknown>) => void>();
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  let nextId = 1;

  socket.addEventListener('message', (e: MessageEvent<string>) => {
    const msg = decodeWire(e.data) as WireMessage;
    if (msg.kind === 'result') {
      pending.get(msg.id)?.(msg.result as Result<unknown>);
      pending.delete(msg.id);
    } else {
      for (const l of listeners.get(msg.event) ?? []) l(msg.payload);
    }
  });
  socket.addEventListener('close', () => {
    for (const resolve of pending.values())
      resolve({ ok: false, error: { code: 'renderer.noBridge', message: 'Harness connection closed' } });
    pending.clear();
  });

  const api = buildApi({
    async invoke(channel: ChannelName, payload: unknown) {
      await opened;
      if (socket.readyState !== WebSocket.OPEN)
        return { ok: false, error: { code: 'renderer.noBridge', message: 'Harness connection closed' } };
      const id = nextId++;
      return new Promise<Result<unknown>>((resolve) => {
        pending.set(id, resolve);
        socket.send(encodeWire({ id, channel, payload }));
      });
    },
    subscribe(event: EventName, listener: (p: unknown) => void) {
      const set = listeners.get(event) ?? new Set();
      set.add(listener);
      listeners.set(event, set);
      return () => set.delete(listener);
    },
  });
  Object.defineProperty(window, 'api', { value: api, writable: false, configurable: false });
}
