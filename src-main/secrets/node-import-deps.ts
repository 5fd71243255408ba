import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import type { ApiKeyImportDeps } from './import-source';

/** The real places: this process's environment, the user's home, the file system. */
export function nodeApiKeyImportDeps(): ApiKeyImportDeps {
  return {
    env: process.env,
    homeDir: homedir(),
    readTextFile: async (path) => {
      try {
        return await readFile(path, 'utf8');
      } catch {
        return null;
      }
    },
  };
}
