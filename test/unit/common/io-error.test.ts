import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir, readFile, rename, open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AppFailure } from '../../../src-preload/contract';
import { createDispatcher, type Handlers } from '../../../src-main/ipc/dispatcher';
import { ioErrorText, withoutFsPaths } from '../../../src-main/common/io-error';
import { createOriginCheck } from '../../../src-main/security/origins';

// A folder name no message may contain once cleaned.
const dir = mkdtempSync(join(tmpdir(), 'wss-private-folder-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Real errors from real fs calls, in Node's own wording. */
async function fsErrors(): Promise<Error[]> {
  writeFileSync(join(dir, 'a file'), 'x');
  const attempts = [
    () => readFile(join(dir, "it's missing.json")),
    () => readFile(dir),
    () => rename(join(dir, 'nope'), join(dir, 'other')),
    () => mkdir(join(dir, 'a file')),
    () => open(join(dir, 'a file', 'child'), 'w'),
  ];
  const errors: Error[] = [];
  for (const attempt of attempts)
    await attempt().then(
      () => errors.push(new Error('did not fail')),
      (e: Error) => errors.push(e),
    );
  return errors;
}

describe('file-system error text without paths', () => {
  it('keeps what went wrong and drops every path, also from rename’s two', async () => {
    const errors = await fsErrors();
    expect(errors.filter((e) => e.message.includes(dir)).length).toBeGreaterThanOrEqual(4);
    expect(errors.map(ioErrorText)).toEqual([
      'no such file or directory (ENOENT)',
      'illegal operation on a directory (EISDIR)',
      'no such file or directory (ENOENT)',
      'file already exists (EEXIST)',
      'not a directory (ENOTDIR)',
    ]);
  });

  it('cleans a fs cause inside a longer message and leaves other text alone', async () => {
    const [missing] = await fsErrors();
    expect(withoutFsPaths(`The zip could not be saved: ${missing!.message}`)).toBe(
      'The zip could not be saved: no such file or directory (ENOENT)',
    );
    expect(withoutFsPaths('Bucket "b" was not found at https://s3.example.')).toBe(
      'Bucket "b" was not found at https://s3.example.',
    );
    expect(ioErrorText(Object.assign(new Error(`odd wording at ${dir}`), { code: 'EACCES' }))).toBe('EACCES');
  });

  it('no IPC error message carries a path from a failure’s fs cause', async () => {
    const [missing] = await fsErrors();
    const handlers = new Proxy({} as Handlers, {
      get: () => () => {
        throw new AppFailure('gallery.ioError', `The sketch could not be read: ${missing!.message}`, { id: 'g1' });
      },
    });
    const dispatch = createDispatcher(handlers, { isTrustedSender: createOriginCheck(['app://renderer']) });
    expect(await dispatch('drafts.list', undefined, 'app://renderer/index.html')).toEqual({
      ok: false,
      error: {
        code: 'gallery.ioError',
        message: 'The sketch could not be read: no such file or directory (ENOENT)',
        params: { id: 'g1' },
      },
    });
  });
});
