import { describe, expect, it } from 'vitest';
import { findImportCandidate } from '../../../src-main/secrets/import-source';

const files = (map: Record<string, string>) => async (path: string) => map[path] ?? null;

describe('findImportCandidate', () => {
  it('prefers DASHSCOPE_API_KEY, like the SDKs', async () => {
    const found = await findImportCandidate({
      env: { DASHSCOPE_API_KEY: '  sk-env-0123456789  ' },
      homeDir: '/home/u',
      readTextFile: files({ '/home/u/.dashscope/api_key': 'sk-file-0123456789' }),
    });
    expect(found).toEqual({ source: 'env', value: 'sk-env-0123456789' });
  });

  it('then the file named by DASHSCOPE_API_KEY_FILE_PATH, then ~/.dashscope/api_key (trimmed)', async () => {
    const read = files({ '/k/custom': 'sk-custom-0123456789\n', '/home/u/.dashscope/api_key': 'sk-file-0123456789\n' });
    expect(
      await findImportCandidate({
        env: { DASHSCOPE_API_KEY_FILE_PATH: '/k/custom' },
        homeDir: '/home/u',
        readTextFile: read,
      }),
    ).toEqual({ source: 'file', value: 'sk-custom-0123456789' });
    expect(await findImportCandidate({ env: {}, homeDir: '/home/u', readTextFile: read })).toEqual({
      source: 'file',
      value: 'sk-file-0123456789',
    });
  });

  it('ignores empty or non-key content', async () => {
    expect(
      await findImportCandidate({
        env: { DASHSCOPE_API_KEY: '' },
        homeDir: '/home/u',
        readTextFile: files({ '/home/u/.dashscope/api_key': 'not a key with spaces' }),
      }),
    ).toBeNull();
  });
});
