import { AppFailure, EXTERNAL_LINK_ORIGINS } from '../../src-preload/contract';
import type { Services } from '../services';
import type { Handlers } from './dispatcher';
import { originKey } from './trusted-origins';

const externalOrigins = new Set<string>(EXTERNAL_LINK_ORIGINS);

/** The handler for every channel in the contract; TypeScript fails the build if one is missing. */
export function createHandlers(services: Services): Handlers {
  const { deps } = services;
  return {
    'app.info': () => deps.appInfo(),
    'app.openExternal': async ({ url }) => {
      const key = originKey(url);
      if (!key || !externalOrigins.has(key)) {
        throw new AppFailure('app.linkNotAllowed', 'This link is not on the list of sites the app may open.', { url });
      }
      await deps.openExternal(url);
      return null;
    },
    'app.revealDataDir': async () => {
      await deps.revealPath(deps.dataDir);
      return null;
    },
    'settings.get': () => services.settings.get(),
    'settings.update': (patch) => services.settings.update(patch),
    'drafts.list': () => services.drafts.list(),
    'drafts.create': (input) => services.drafts.create(input ?? {}),
    'drafts.open': ({ id }) => services.drafts.open(id),
    'drafts.openLast': () => services.drafts.openLast(),
    'drafts.save': ({ id, scene, thumbnail }) => services.drafts.save(id, scene, thumbnail),
    'drafts.rename': ({ id, name }) => services.drafts.rename(id, name),
    'drafts.duplicate': ({ id }) => services.drafts.duplicate(id),
    'drafts.delete': ({ id }) => services.drafts.delete(id),
    'drafts.restore': ({ id }) => services.drafts.restore(id),
  };
}
