import { join } from 'node:path';
import type { AppInfo } from '../src-preload/contract/app';
import type { Clock } from './common/clock';
import type { Emit } from './common/events';
import { Lifecycle } from './common/lifecycle';
import type { FetchLike } from './common/fetch';
import type { SettingsBackend } from './settings/backend';
import { SettingsService } from './settings/settings-service';
import { DraftsService } from './drafts/drafts-service';
import type { SettingsNotice } from '../src-preload/contract/settings';
import { REGION_BASE_URLS } from '../src-preload/contract/settings';
import { ApiKeyService } from './secrets/api-key-service';
import type { SecretBackend } from './secrets/backend';
import { dashscopeKeyCheck } from './secrets/dashscope-key-check';
import type { ApiKeyImportDeps } from './secrets/import-source';
import { nodeApiKeyImportDeps } from './secrets/node-import-deps';
import { SecretStore } from './secrets/secret-store';
import { TaskKeys } from './secrets/task-keys';
import type { RegionUrls } from './dashscope/endpoints';
import { StorageService } from './storage/storage-service';
import { DashScopeClients } from './secrets/client-pool';
import type { ShowConfirm, ShowSaveDialog } from './common/dialogs';
import { secretDestinationAsker } from './secrets/confirm-text';
import { resolveLocale } from '../src-preload/contract/domain/locale';
import { GalleryService } from './gallery/gallery-service';
import { GALLERY_IMAGE_BASE } from './security/gallery-path';
import { PromptsService } from './prompts/prompts-service';
import { createJobQueue, type JobQueue, type JobsTuning, type OnlineSource } from './jobs';
import { settingsBaseUrl } from './dashscope/endpoints';

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
  /** Opens an https URL that passed isAllowedExternalLink() in the OS browser. */
  readonly openAllowlistedLink: (url: string) => Promise<void>;
  /** Shows a folder in the OS file manager. */
  readonly revealPath: (path: string) => Promise<void>;
  /** Shows a file or folder selected in the OS file manager (shell.showItemInFolder). */
  readonly showItemInFolder: (path: string) => Promise<void>;
  /** Moves a file or folder to the OS trash (shell.trashItem). */
  readonly trashItem: (path: string) => Promise<void>;
  /** A save-as dialog opened by main; the renderer never sends a path. */
  readonly showSaveDialog: ShowSaveDialog;
  /** A folder dialog opened by main (moving the gallery); the chosen absolute path, or null when canceled. */
  readonly chooseFolder: () => Promise<string | null>;
  /**
   * A yes/no dialog main shows before a secret goes somewhere the user has not put it yet (an
   * imported key to a custom endpoint, an old secret to the address in settings). The renderer
   * never answers it.
   */
  readonly confirm: ShowConfirm;
  /** Prefix of gallery image URLs: `app://gallery/` in the app; the harness serves its own origin. */
  readonly galleryImageBase?: string;
  /**
   * The OS keychain: `await loadKeytarBackend()` in the app. Null or absent means no keychain,
   * which the settings view reports with the fix and a session-only option.
   */
  readonly secretBackend?: SecretBackend | null;
  /** Where the official SDKs find a key, for the first-run import. Defaults to this process's env and home. */
  readonly apiKeyImport?: ApiKeyImportDeps;
  /** What `openSettingsBackend` reported (a corrupt file was reset), shown once in Settings. */
  readonly settingsNotice?: SettingsNotice | null;
  /** Region base URLs; tests point them at simulators. Defaults to the real DashScope hosts. */
  readonly regionUrls?: RegionUrls;
  /** The OS online flag and wake-ups (electron net.isOnline + powerMonitor); always online when absent (the probe decides). */
  readonly online?: OnlineSource;
  /** Job queue knobs for tests and the benchmark (a failing disk write, a short backoff). */
  readonly jobsTuning?: JobsTuning;
}

export interface Services {
  readonly deps: ServiceDeps;
  readonly settings: SettingsService;
  readonly drafts: DraftsService;
  readonly secrets: SecretStore;
  readonly apiKey: ApiKeyService;
  /** Settings-side storage operations, and `storage.uploader` for the job queue. */
  readonly storage: StorageService;
  /** The one long-lived DashScope client for the endpoint, key and workspace of the moment. */
  readonly dashscope: DashScopeClients;
  /** Results on disk: the job queue's GallerySink, and the Gallery view's store. */
  readonly gallery: GalleryService;
  /** Prompt history and saved prompts (prompts.json). */
  readonly prompts: PromptsService;
  /** The durable job queue and the usage ledger. */
  readonly jobs: JobQueue;
  /** Resumes durable work (queued jobs). Call once, after construction. */
  start(): Promise<void>;
  /** Stops intake and finishes or persists in-flight writes within `deadlineMs`; once only. */
  shutdown(deadlineMs?: number): Promise<void>;
}

export function createServices(deps: ServiceDeps): Services {
  // A changed region or endpoint makes the job queue look at the network again.
  let onSettingsChanged = (): void => undefined;
  const settingsEmit: Emit = (event, payload) => {
    deps.emit(event, payload);
    if (event === 'settings.changed') onSettingsChanged();
  };
  const settings = new SettingsService(deps.settingsBackend, settingsEmit, [deps.settingsNotice ?? null]);
  const secrets = new SecretStore(deps.secretBackend ?? null);
  const regionUrls = deps.regionUrls ?? REGION_BASE_URLS;
  const { name: appName, version: appVersion, platform } = deps.appInfo();
  const confirmDestination = secretDestinationAsker(deps.confirm, () =>
    resolveLocale(settings.get().ui.language, deps.appInfo().locale),
  );
  const apiKey = new ApiKeyService({
    store: secrets,
    settings,
    importFrom: deps.apiKeyImport ?? nodeApiKeyImportDeps(),
    check: dashscopeKeyCheck({ fetch: deps.fetch, clock: deps.clock, appName, appVersion }),
    regionUrls,
    platform,
    confirmDestination,
  });
  const dashscope = new DashScopeClients({
    settings: () => settings.get(),
    // Only the key saved for that endpoint's origin: a key never goes where it was not saved for.
    apiKey: (baseUrl) => apiKey.keyFor(baseUrl),
    // The names of pinned task keys (never the keys), so each pin is found again to be deleted.
    taskKeys: new TaskKeys(secrets, join(deps.dataDir, 'task-keys.json')),
    regionUrls,
    fetch: deps.fetch,
    clock: deps.clock,
    appName,
    appVersion,
  });
  const storage = new StorageService(
    settings,
    { secrets, dashscope, fetch: deps.fetch, clock: deps.clock, regionUrls, appName, appVersion },
    // Upload records outlive the process: reuse after a restart, delete where the upload went.
    { recordsPath: join(deps.dataDir, 'uploads.json'), recordsWrite: deps.jobsTuning?.write, confirmDestination },
  );
  const drafts = new DraftsService({ dataDir: deps.dataDir, clock: deps.clock });
  const lifecycle = new Lifecycle((name, error) => console.error(`[services] ${name} shutdown:`, error));
  const defaultGalleryRoot = join(deps.dataDir, 'gallery');
  const gallery = new GalleryService({
    root: settings.get().gallery.folder || defaultGalleryRoot,
    defaultRoot: defaultGalleryRoot,
    chooseFolder: deps.chooseFolder,
    persistFolder: (folder) => settings.setGalleryFolder(folder === defaultGalleryRoot ? '' : folder),
    clock: deps.clock,
    emit: (change) => deps.emit('gallery.changed', change),
    trashItem: deps.trashItem,
    showSaveDialog: deps.showSaveDialog,
    showItemInFolder: deps.showItemInFolder,
    imageBase: deps.galleryImageBase ?? GALLERY_IMAGE_BASE,
    software: `${appName} ${appVersion}`,
  });
  lifecycle.add(storage);
  lifecycle.add(drafts);
  const prompts = new PromptsService({
    dataDir: deps.dataDir,
    clock: deps.clock,
    onDamaged: (_to, detail) => console.error(`[services] prompts.json was damaged and moved aside: ${detail}`),
  });
  lifecycle.add(prompts);
  // Before the job queue, which hands results to it on resume.
  lifecycle.add(gallery);
  const jobs = createJobQueue({
    dataDir: deps.dataDir,
    clock: deps.clock,
    fetch: deps.fetch,
    emit: deps.emit,
    endpoint: () => settingsBaseUrl(settings.get().dashscope, regionUrls),
    dashscope,
    uploader: storage.uploader,
    sketchUrl: (upload) => storage.sketchUrl(upload),
    gallery,
    online: deps.online,
    tuning: deps.jobsTuning,
  });
  onSettingsChanged = () => jobs.recheck();
  lifecycle.add(jobs);
  return {
    deps,
    settings,
    secrets,
    apiKey,
    storage,
    dashscope,
    drafts,
    gallery,
    prompts,
    jobs,
    start: () => lifecycle.start(),
    shutdown: (deadlineMs) => lifecycle.shutdown(deadlineMs),
  };
}
