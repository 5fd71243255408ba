import type { AppInfo } from '../src-preload/contract/app';
import type { Clock } from './common/clock';
import type { Emit } from './common/events';
import type { FetchLike } from './common/fetch';
import type { SettingsBackend } from './settings/backend';
import { SettingsService } from './settings/settings-service';
import { DraftsService } from './drafts/drafts-service';

/**
 * Everything the services need from the outside world. The Electron shell fills it with
 * Electron's APIs; the test harness and integration tests fill it with Node ones. No service
 * imports `electron`.
 */
export interface ServiceDeps {
  readonly dataDir: string;
  readonly appInfo: () => AppInfo;
  readonly fetch: FetchLike;
  readonly clock: Clock;
  readonly settingsBackend: SettingsBackend;
  readonly emit: Emit;
  /** Opens an already-allowlisted https URL in the OS browser. */
  readonly openExternal: (url: string) => Promise<void>;
  /** Shows a folder in the OS file manager. */
  readonly revealPath: (path: string) => Promise<void>;
}

export interface Services {
  readonly deps: ServiceDeps;
  readonly settings: SettingsService;
  readonly drafts: DraftsService;
}

export function createServices(deps: ServiceDeps): Services {
  return {
    deps,
    settings: new SettingsService(deps.settingsBackend, deps.emit),
    drafts: new DraftsService({ dataDir: deps.dataDir, clock: deps.clock }),
  };
}
