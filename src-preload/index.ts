import { contextBridge, ipcRenderer } from 'electron';
import { buildApi } from './build-api';
import { eventChannel, invokeChannel } from './contract/names';

// The only thing this sandboxed preload does: expose the typed api. No ipcRenderer,
// no Node, no generic send/invoke — a compromised renderer can call contract channels only.
contextBridge.exposeInMainWorld(
  'api',
  buildApi({
    invoke: (name, payload) => ipcRenderer.invoke(invokeChannel(name), payload),
    subscribe: (event, listener) => {
      const handler = (_e: unknown, payload: unknown) => listener(payload);
      ipcRenderer.on(eventChannel(event), handler);
      return () => {
        ipcRenderer.removeListener(eventChannel(event), handler);
      };
    },
  }),
);
