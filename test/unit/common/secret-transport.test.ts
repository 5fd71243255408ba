import { describe, expect, it } from 'vitest';
import { apiKeyAccount, storageAccount } from '../../../src-main/secrets/accounts';
import {
  assertSecretTransport,
  isSafeHeaderValue,
  secretMayTravelTo,
  setHeaderSafely,
} from '../../../src-main/common/secret-transport';
import { originOf } from '../../../src-main/common/endpoint-url';

describe('where a secret may travel', () => {
  it.each([
    ['https://dashscope.aliyuncs.com/api/v1', true],
    ['http://127.0.0.1:8787/api/v1', true],
    ['http://127.9.9.9/', true],
    ['http://localhost:9000', true],
    ['http://[::1]:9000/', true],
    ['http://2130706433/', true], // 127.0.0.1 written as one number: the URL parser normalises it
    ['http://dashscope.aliyuncs.com/api/v1', false],
    ['http://127.0.0.1.nip.io/', false],
    ['http://x.localhost/', false],
    ['http://10.0.0.5/', false],
    ['http://[::ffff:127.0.0.1]/', false],
    ['ftp://127.0.0.1/', false],
    ['not a url', false],
  ])('%s → %s', (url, allowed) => {
    expect(secretMayTravelTo(url)).toBe(allowed);
  });

  it('refuses with the origin only, never a path or query', () => {
    expect(() => assertSecretTransport('http://upload.example.com/a/{key}?token=abc', 'storage')).toThrow(
      expect.objectContaining({ code: 'storage.insecureEndpoint', params: { endpoint: 'http://upload.example.com' } }),
    );
    expect(() => assertSecretTransport('http://example.com/api/v1', 'secrets')).toThrow(
      expect.objectContaining({ code: 'secrets.insecureEndpoint' }),
    );
  });

  it('binds accounts to the origin: case, default port and path do not matter, scheme and port do', () => {
    expect(originOf('HTTPS://DashScope.AliyunCS.com:443/api/v1/')).toBe('https://dashscope.aliyuncs.com');
    expect(originOf('http://127.0.0.1:8787/x')).not.toBe(originOf('http://127.0.0.1:8788/x'));
    expect(originOf('http://example.com')).not.toBe(originOf('https://example.com'));
    expect(originOf('file:///etc/passwd')).toBeNull();
    expect(apiKeyAccount('https://dashscope.aliyuncs.com')).toBe('dashscope.apiKey@https://dashscope.aliyuncs.com');
    expect(storageAccount('http', 'header:Authorization', 'https://u.example')).toBe(
      storageAccount('http', 'header:authorization', 'https://u.example'),
    );
  });
});

describe('header values', () => {
  it.each(['a\r\nb', 'a\nb', 'a\rb', 'a\u0000b', 'a\u001bb', 'a\u007fb'])('refuses %j', (v) => {
    expect(isSafeHeaderValue(v)).toBe(false);
  });

  it('allows printable text and a tab', () => {
    expect(isSafeHeaderValue('Bearer abc.DEF-123_~+/=')).toBe(true);
    expect(isSafeHeaderValue('a\tb')).toBe(true);
  });

  it('replaces the error that would quote the value', () => {
    const h = new Headers();
    const bad = () => new Error('header "X-Token" refused');
    expect(() => setHeaderSafely(h, 'X-Token', 'secret-1\r\nX-Evil: 1', bad)).toThrow('header "X-Token" refused');
    // A value Node itself refuses though it has no control character (non-Latin-1): same replacement, no value.
    let caught: unknown;
    try {
      setHeaderSafely(h, 'X-Token', 'secret-2-秘密', bad);
    } catch (e) {
      caught = e;
    }
    expect((caught as Error | undefined)?.message).toBe('header "X-Token" refused');
    setHeaderSafely(h, 'X-Token', 'fine', bad);
    expect(h.get('x-token')).toBe('fine');
  });
});
