import { join } from 'node:path';
import type { ApiKeySource } from '../../src-preload/contract/secrets';

/** How the shell lets us look for a key the official SDKs would use (process.env, os.homedir, fs). */
export interface ApiKeyImportDeps {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly homeDir: string;
  /** Resolves to null when the file does not exist or can't be read. */
  readonly readTextFile: (path: string) => Promise<string | null>;
}

export interface ImportCandidate {
  readonly source: ApiKeySource;
  readonly value: string;
}

const usable = (v: string | null | undefined): string | null => {
  const t = v?.trim() ?? '';
  return /^[\x21-\x7e]{8,512}$/.test(t) ? t : null;
};

/**
 * Looks where the official SDKs look, in their order: DASHSCOPE_API_KEY, then the file named
 * by DASHSCOPE_API_KEY_FILE_PATH, then ~/.dashscope/api_key.
 */
export async function findImportCandidate(deps: ApiKeyImportDeps): Promise<ImportCandidate | null> {
  const fromEnv = usable(deps.env.DASHSCOPE_API_KEY);
  if (fromEnv) return { source: 'env', value: fromEnv };
  const files = [deps.env.DASHSCOPE_API_KEY_FILE_PATH, join(deps.homeDir, '.dashscope', 'api_key')];
  for (const path of files) {
    if (!path) continue;
    const fromFile = usable(await deps.readTextFile(path));
    if (fromFile) return { source: 'file', value: fromFile };
  }
  return null;
}
