import { existsSync, renameSync } from 'node:fs';
import type { SettingsNotice } from '../../src-preload/contract/settings';
import type { SettingsBackend } from './backend';

export interface OpenSettingsOptions<B extends SettingsBackend> {
  /** Builds the real backend, e.g. `() => new Store({...})` in the app, `() => new Conf({...})` in tests. */
  readonly create: () => B;
  /** The file `create` reads; known up front because a failed `create` can't tell us. */
  readonly filePath: string;
  readonly now: () => number;
  readonly fs?: { exists(path: string): boolean; rename(from: string, to: string): void };
}

export interface OpenedSettings {
  readonly backend: SettingsBackend;
  /** Set when the file had to be reset; the UI shows it once. */
  readonly notice: SettingsNotice | null;
}

/** Settings that live only in memory: the last resort when the file can't be read or replaced. */
export class MemorySettingsBackend implements SettingsBackend {
  private data: Record<string, unknown> = {};
  readonly path = ':memory:';
  get store(): Record<string, unknown> {
    return structuredClone(this.data);
  }
  set store(value: Record<string, unknown>) {
    this.data = structuredClone(value);
  }
}

const nodeFs = { exists: existsSync, rename: renameSync };

function openChecked<B extends SettingsBackend>(create: () => B): B {
  const backend = create();
  // Read once here: electron-store/conf parse lazily on some paths, and a bad file must
  // surface now, not in the middle of a settings update.
  const store: unknown = backend.store;
  if (typeof store !== 'object' || store === null || Array.isArray(store)) {
    throw new SyntaxError('settings file does not hold a JSON object');
  }
  return backend;
}

/** `config.json` → `config.corrupt-2026-01-02T03-04-05-678Z.json`, next to it. */
export function backupPathFor(filePath: string, now: number): string {
  const stamp = new Date(now).toISOString().replace(/[:.]/g, '-');
  const dot = filePath.lastIndexOf('.');
  const slash = Math.max(filePath.lastIndexOf('/'), filePath.lastIndexOf('\\'));
  return dot > slash
    ? `${filePath.slice(0, dot)}.corrupt-${stamp}${filePath.slice(dot)}`
    : `${filePath}.corrupt-${stamp}`;
}

/**
 * Opens the settings backend without ever crashing the app: a file that does not parse is
 * renamed to a timestamped backup (so the user's data is kept, not overwritten) and a fresh
 * one is started; if even that fails, settings live in memory for this run. Either way a
 * notice says what happened.
 */
export function openSettingsBackend<B extends SettingsBackend>(options: OpenSettingsOptions<B>): OpenedSettings {
  const fs = options.fs ?? nodeFs;
  try {
    return { backend: openChecked(options.create), notice: null };
  } catch {
    // The parse error text may quote file content; it is not shown or logged.
  }
  let backup: string | null = null;
  if (fs.exists(options.filePath)) {
    const target = backupPathFor(options.filePath, options.now());
    try {
      fs.rename(options.filePath, target);
      backup = target;
    } catch {
      backup = null;
    }
  }
  if (backup !== null) {
    try {
      return {
        backend: openChecked(options.create),
        notice: { code: 'settings.resetCorrupt', params: { backup } },
      };
    } catch {
      // fall through to memory
    }
  }
  return {
    backend: new MemorySettingsBackend(),
    notice: { code: 'settings.resetUnreadable', params: { path: options.filePath } },
  };
}
