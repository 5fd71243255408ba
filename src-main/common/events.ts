import type { EventName, EventPayload } from '../../src-preload/contract';

/** Pushes an event to every renderer: webContents.send in the app, the WebSocket in the harness. */
export type Emit = <E extends EventName>(event: E, payload: EventPayload<E>) => void;
