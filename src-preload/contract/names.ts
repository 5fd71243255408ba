/**
 * The contract's names without its schemas. The preload needs only these to build
 * `window.api`, so it does not bundle zod and the table (about 200 KB); index.ts checks at
 * compile time that these lists and the table name exactly the same channels and events.
 */
export const CHANNEL_NAMES = [
  'app.info',
  'app.openExternal',
  'app.revealDataDir',
  'settings.get',
  'settings.update',
  'settings.notices',
  'settings.dismissNotices',
  'secrets.status',
  'secrets.setApiKey',
  'secrets.clearApiKey',
  'secrets.testApiKey',
  'secrets.useSessionOnly',
  'secrets.retryKeychain',
  'secrets.importApiKey',
  'secrets.dismissImport',
  'storage.status',
  'storage.setSecret',
  'storage.clearSecret',
  'storage.test',
  'drafts.list',
  'drafts.create',
  'drafts.open',
  'drafts.openLast',
  'drafts.save',
  'drafts.rename',
  'drafts.duplicate',
  'drafts.delete',
  'drafts.restore',
  'gallery.list',
  'gallery.get',
  'gallery.setFavourite',
  'gallery.delete',
  'gallery.undoDelete',
  'gallery.export',
  'gallery.exportZip',
  'gallery.reveal',
  'gallery.remix',
  'gallery.problems',
  'gallery.setTags',
  'gallery.folder',
  'gallery.moveFolder',
  'jobs.enqueue',
  'jobs.list',
  'jobs.cancel',
  'jobs.retry',
  'jobs.settle',
  'jobs.moveToFront',
  'jobs.setPaused',
  'jobs.clearFinished',
  'jobs.dismissProblems',
  'usage.get',
  'usage.setQuota',
  'prompts.get',
  'prompts.remember',
  'prompts.save',
  'prompts.unsave',
  'prompts.clearHistory',
] as const;

export const EVENT_NAMES = ['settings.changed', 'gallery.changed', 'jobs.changed', 'usage.changed'] as const;

export type ChannelName = (typeof CHANNEL_NAMES)[number];
export type EventName = (typeof EVENT_NAMES)[number];

/** IPC channel names on the wire; the prefix lets main ignore anything that is not ours. */
export const invokeChannel = (name: ChannelName) => `wss:${name}`;
export const eventChannel = (name: EventName) => `wss-event:${name}`;
