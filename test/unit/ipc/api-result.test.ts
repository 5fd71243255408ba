import { afterEach, describe, expect, it, vi } from 'vitest';
import { appErrorOf, unwrap } from '../../../src-renderer/src/api-result';
import { err, ok } from '../../../src-preload/contract/result';

describe('the renderer reads a call result one way (api-result.ts)', () => {
  afterEach(() => vi.restoreAllMocks());

  it('unwrap gives the value; a failed call throws its AppError, which appErrorOf reads back unchanged', () => {
    expect(unwrap(ok(3))).toBe(3);
    const failed = err('gallery.notFound', 'gone', { id: 'a' });
    let thrown: unknown;
    try {
      unwrap(failed);
    } catch (e) {
      thrown = e;
    }
    expect(appErrorOf(thrown)).toEqual({ code: 'gallery.notFound', message: 'gone', params: { id: 'a' } });
  });

  it('anything else is a bug: logged, and shown as internal', () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(appErrorOf(new TypeError('x is undefined'))).toEqual({ code: 'internal', message: 'x is undefined' });
    expect(appErrorOf({ appError: { code: 'gallery.notFound', message: 'forged' } })).toEqual({
      code: 'internal',
      message: '[object Object]',
    });
    expect(log).toHaveBeenCalledTimes(2);
  });
});
