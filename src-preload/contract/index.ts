import type { z } from 'zod';
import { appChannels } from './app';
import { settingsChannels, settingsEvents } from './settings';
import { secretsChannels } from './secrets';
import { storageChannels } from './storage';
import { draftsChannels } from './drafts';
import { galleryChannels, galleryEvents } from './gallery';
import { jobsChannels, jobsEvents } from './jobs';
import { promptsChannels } from './prompts';
import type { ChannelDef } from './define';
import type { Result } from './result';
import type { ChannelName as ListedChannel, EventName as ListedEvent } from './names';

/**
 * The whole IPC surface in one table. Main registers a handler for every entry, the preload
 * (and the test harness) build `window.api` from the same keys, and the renderer sees only
 * the types. Channel names are `namespace.method`; they become `api.namespace.method()`.
 */
export const channels = {
  ...appChannels,
  ...settingsChannels,
  ...secretsChannels,
  ...storageChannels,
  ...draftsChannels,
  ...galleryChannels,
  ...jobsChannels,
  ...promptsChannels,
} satisfies Record<string, ChannelDef>;

/** Main → renderer pushes. */
export const events = {
  ...settingsEvents,
  ...galleryEvents,
  ...jobsEvents,
} satisfies Record<string, z.ZodType>;

export type Channels = typeof channels;
export type ChannelName = keyof Channels;
export type EventName = keyof typeof events;

// The zod-free name lists (names.ts) must match the table exactly, in both directions.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const namesMatchTable: [Same<ChannelName, ListedChannel>, Same<EventName, ListedEvent>] = [true, true];
void namesMatchTable;
export type RequestOf<C extends ChannelName> = z.input<Channels[C]['req']>;
export type ResponseOf<C extends ChannelName> = z.output<Channels[C]['res']>;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;

type Namespace<C> = C extends `${infer N}.${string}` ? N : never;
type Method<C, N extends string> = C extends `${N}.${infer M}` ? M : never;

type Call<C extends ChannelName> =
  undefined extends RequestOf<C>
    ? (payload?: RequestOf<C>) => Promise<Result<ResponseOf<C>>>
    : (payload: RequestOf<C>) => Promise<Result<ResponseOf<C>>>;

/** The shape of `window.api`. */
export type Api = {
  [N in Namespace<ChannelName>]: { [M in Method<ChannelName, N>]: Call<Extract<ChannelName, `${N}.${M}`>> };
} & {
  /** Subscribes to a push event; returns the unsubscribe function. */
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
};

export { CHANNEL_NAMES, invokeChannel, eventChannel } from './names';

export * from './result';
export { SettingsSchema, type Settings, type SettingsPatch } from './settings';
