/**
 * The part of electron-store we use. electron-store imports `electron`, so services take
 * this shape instead: the app passes an electron-store instance, tests and the harness
 * pass a `conf` instance (electron-store's own base class) pointed at a temp folder.
 */
export interface SettingsBackend {
  get store(): Record<string, unknown>;
  set store(value: Record<string, unknown>);
  readonly path: string;
}
