import { AppFailure } from '../../src-preload/contract';
import type { Services } from '../services';
import type { Handlers } from './dispatcher';
import { isAllowedExternalLink } from '../security/external-links';

/** The handler for every channel in the contract; TypeScript fails the build if one is missing. */
export function createHandlers(services: Services): Handlers {
  const { deps } = services;
  return {
    'app.info': () => deps.appInfo(),
    'app.openExternal': async ({ url }) => {
      if (!isAllowedExternalLink(url)) {
        throw new AppFailure('app.linkNotAllowed', 'This link is not on the list of sites the app may open.', { url });
      }
      await deps.openAllowlistedLink(url);
      return null;
    },
    'app.revealDataDir': async () => {
      await deps.revealPath(deps.dataDir);
      return null;
    },
    'settings.get': () => services.settings.get(),
    'settings.update': (patch) => services.settings.update(patch),
    'settings.notices': () => services.settings.pendingNotices(),
    'settings.dismissNotices': () => {
      services.settings.dismissNotices();
      return null;
    },
    'secrets.status': (input) => services.apiKey.status(input?.endpoint),
    'secrets.setApiKey': ({ apiKey, endpoint }) => services.apiKey.set(apiKey, endpoint),
    'secrets.clearApiKey': (input) => services.apiKey.clear(input?.endpoint),
    'secrets.testApiKey': (input) => services.apiKey.test(input),
    'secrets.useSessionOnly': () => services.apiKey.useSessionOnly(),
    'secrets.retryKeychain': () => services.apiKey.retryKeychain(),
    'secrets.importApiKey': (input) => services.apiKey.importFromEnvironment(input?.endpoint),
    'secrets.dismissImport': () => services.apiKey.dismissImport(),
    'storage.status': () => services.storage.status(),
    'storage.setSecret': ({ adapter, field, value }) => services.storage.setSecret(adapter, field, value),
    'storage.clearSecret': ({ adapter, field }) => services.storage.clearSecret(adapter, field),
    'storage.test': (input) => services.storage.test(input),
    'drafts.list': () => services.drafts.list(),
    'drafts.create': (input) => services.drafts.create(input ?? {}),
    'drafts.open': ({ id }) => services.drafts.open(id),
    'drafts.openLast': () => services.drafts.openLast(),
    'drafts.save': ({ id, scene, thumbnail }) => services.drafts.save(id, scene, thumbnail),
    'drafts.rename': ({ id, name }) => services.drafts.rename(id, name),
    'drafts.duplicate': ({ id }) => services.drafts.duplicate(id),
    'drafts.delete': ({ id }) => services.drafts.delete(id),
    'drafts.restore': ({ id }) => services.drafts.restore(id),
    'gallery.list': (query) => services.gallery.list(query ?? {}),
    'gallery.get': ({ id }) => services.gallery.get(id),
    'gallery.setFavourite': ({ ids, favourite }) => services.gallery.setFavourite(ids, favourite),
    'gallery.delete': ({ ids }) => services.gallery.delete(ids),
    'gallery.undoDelete': ({ token }) => services.gallery.undoDelete(token),
    'gallery.export': ({ id, index, sidecar }) => services.gallery.export(id, index, sidecar ?? false),
    'gallery.exportZip': ({ ids }) => services.gallery.exportZip(ids),
    'gallery.reveal': async ({ id }) => {
      await services.gallery.reveal(id);
      return null;
    },
    'gallery.remix': ({ id }) => services.gallery.remix(id),
    'gallery.problems': () => services.gallery.problems(),
    'gallery.setTags': ({ ids, add, remove }) => services.gallery.setTags(ids, add, remove),
    'gallery.folder': async () => services.gallery.folderInfo(),
    'gallery.moveFolder': () => services.gallery.moveFolder(),
    'jobs.enqueue': (request) => services.jobs.enqueue(request),
    'jobs.list': () => services.jobs.snapshot(),
    'jobs.cancel': ({ id }) => services.jobs.cancel(id),
    'jobs.retry': ({ id }) => services.jobs.retry(id),
    'jobs.settle': ({ id, taskId }) => services.jobs.settle(id, taskId),
    'jobs.moveToFront': ({ id }) => services.jobs.moveToFront(id),
    'jobs.setPaused': ({ paused }) => services.jobs.setPaused(paused),
    'jobs.clearFinished': () => services.jobs.clearFinished(),
    'jobs.dismissProblems': () => services.jobs.dismissProblems(),
    'usage.get': () => services.jobs.usage(),
    'usage.setQuota': (quota) => services.jobs.setQuota(quota),
    'prompts.get': () => services.prompts.get(),
    'prompts.remember': ({ prompt }) => services.prompts.remember(prompt),
    'prompts.save': ({ prompt }) => services.prompts.save(prompt),
    'prompts.unsave': ({ prompt }) => services.prompts.unsave(prompt),
    'prompts.clearHistory': () => services.prompts.clearHistory(),
  };
}
