import { describe, expect, it } from 'vitest';
import { AppFailure, CHANNEL_NAMES } from '../../../src-preload/contract';
import { createDispatcher, type Handlers } from '../../../src-main/ipc/dispatcher';
import { createOriginCheck, originKey } from '../../../src-main/security/origins';

const info = {
  name: 'Wanx Sketch Studio',
  version: '1.0.0',
  versions: { electron: '45.4.1', chrome: '140', node: '22', v8: '14' },
  platform: 'linux',
  arch: 'x64',
  locale: 'en-US',
  dataDir: '/data',
  packaged: false,
};

function dispatcherWith(overrides: Partial<Record<string, (...a: never[]) => unknown>>, errors: unknown[] = []) {
  const handlers = new Proxy(overrides, {
    get: (target, key: string) => target[key] ?? (() => info),
  }) as unknown as Handlers;
  return createDispatcher(handlers, {
    isTrustedSender: createOriginCheck(['app://renderer']),
    logError: (_c, e) => errors.push(e),
  });
}

describe('IPC dispatcher', () => {
  it('answers a trusted, well-formed call with ok + the validated value', async () => {
    const dispatch = dispatcherWith({ 'app.info': () => info });
    expect(await dispatch('app.info', undefined, 'app://renderer/index.html#/draw')).toEqual({ ok: true, value: info });
  });

  it('refuses callers from any other origin before touching the handler', async () => {
    let called = false;
    const dispatch = dispatcherWith({ 'app.info': () => ((called = true), info) });
    for (const sender of [
      undefined,
      '',
      'file:///etc/passwd',
      'app://evil/index.html',
      'https://renderer/index.html',
      'http://127.0.0.1:5173/',
      'about:blank',
      'devtools://devtools/x',
    ]) {
      expect(await dispatch('app.info', undefined, sender)).toMatchObject({
        ok: false,
        error: { code: 'ipc.forbiddenSender' },
      });
    }
    expect(called).toBe(false);
  });

  it('rejects unknown channels and malformed payloads with a clear message, without calling the handler', async () => {
    let called = false;
    const dispatch = dispatcherWith({ 'settings.update': () => ((called = true), {}) });
    const sender = 'app://renderer/index.html';
    expect(await dispatch('fs.readFile', { path: '/etc/passwd' }, sender)).toMatchObject({
      ok: false,
      error: { code: 'ipc.unknownChannel' },
    });
    expect(await dispatch('__proto__', undefined, sender)).toMatchObject({
      ok: false,
      error: { code: 'ipc.unknownChannel' },
    });
    const bad = await dispatch('settings.update', { ui: { theme: 7 } }, sender);
    expect(bad).toMatchObject({
      ok: false,
      error: { code: 'ipc.invalidPayload', params: { channel: 'settings.update' } },
    });
    expect(!bad.ok && bad.error.message).toMatch(/ui\.theme/);
    expect(await dispatch('settings.update', { ui: {}, extra: 1 }, sender)).toMatchObject({
      ok: false,
      error: { code: 'ipc.invalidPayload' },
    });
    expect(await dispatch('app.info', { unexpected: true }, sender)).toMatchObject({
      ok: false,
      error: { code: 'ipc.invalidPayload' },
    });
    expect(called).toBe(false);
  });

  it('turns AppFailure into its code, and anything else into a logged internal error', async () => {
    const errors: unknown[] = [];
    const sender = 'app://renderer/';
    const failing = dispatcherWith(
      {
        'app.info': () => {
          // @ts-expect-error no domain lists 'x.code' (AppErrorCode); the dispatcher passes whatever code it gets
          throw new AppFailure('x.code', 'nope', { a: 1 });
        },
      },
      errors,
    );
    expect(await failing('app.info', undefined, sender)).toEqual({
      ok: false,
      error: { code: 'x.code', message: 'nope', params: { a: 1 } },
    });
    const crashing = dispatcherWith(
      {
        'app.info': () => {
          throw new TypeError('boom /secret/path');
        },
      },
      errors,
    );
    const result = await crashing('app.info', undefined, sender);
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(result)).not.toContain('secret');
    expect(errors).toHaveLength(1);
  });

  it('refuses to return a value that does not match the contract', async () => {
    const errors: unknown[] = [];
    const dispatch = dispatcherWith({ 'app.info': () => ({ name: 42 }) }, errors);
    expect(await dispatch('app.info', undefined, 'app://renderer/')).toMatchObject({
      ok: false,
      error: { code: 'ipc.invalidResponse' },
    });
    expect(errors).toHaveLength(1);
  });

  it('names origins by scheme and host, because custom schemes have opaque WHATWG origins', () => {
    expect(new URL('app://renderer/x').origin).toBe('null');
    expect(originKey('app://renderer/x')).toBe('app://renderer');
    expect(originKey('file:///x')).toBeNull();
    expect(originKey('garbage')).toBeNull();
    expect(CHANNEL_NAMES).toContain('app.info');
  });
});
