import type { AppInfo } from '../../src-preload/contract/app';

/** Facts about the running app; the shell reads them from Electron, the harness from Node. */
export type AppInfoSource = () => AppInfo;
