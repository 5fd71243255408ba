import { describe, expect, it } from 'vitest';
import { systemClock } from '../../../src-main/common/clock';
import { DashScopeClient } from '../../../src-main/dashscope/client';
import { resolveBaseUrl, REGION_BASE_URLS, settingsBaseUrl } from '../../../src-main/dashscope/endpoints';
import { decode, send } from '../../../src-main/dashscope/transport';
import { createResponseSchema } from '../../../src-main/dashscope/wire';

const call = { method: 'GET' as const, url: 'http://127.0.0.1:9/x', headers: {}, timeoutMs: 1000 };
const failingFetch = (code: string) => async () => {
  throw Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error(code), { code }) });
};

describe('transport', () => {
  it('calls a refused connection not-sent and a reset one unknown', async () => {
    await expect(send(failingFetch('ECONNREFUSED'), call)).rejects.toMatchObject({
      code: 'Client.NetworkError',
      outcome: 'not-sent',
      status: 0,
      retryable: true,
    });
    await expect(send(failingFetch('ECONNRESET'), call)).rejects.toMatchObject({
      code: 'Client.NetworkError',
      outcome: 'unknown',
    });
  });

  it('maps a DashScope error body to a typed error with its request id', () => {
    const reply = {
      status: 401,
      headers: new Headers(),
      text: '{"request_id":"r-1","code":"InvalidApiKey","message":"Invalid API-key provided."}',
    };
    expect(() => decode(reply, createResponseSchema, 0)).toThrow(
      expect.objectContaining({ code: 'InvalidApiKey', status: 401, requestId: 'r-1', retryable: false }),
    );
  });

  it('keeps an unknown server code and reads Retry-After', () => {
    const reply = {
      status: 429,
      headers: new Headers({ 'retry-after': '3' }),
      text: '{"code":"Throttling.Brand.New","message":"m"}',
    };
    expect(() => decode(reply, createResponseSchema, 0)).toThrow(
      expect.objectContaining({
        code: 'Client.UnrecognizedError',
        serverCode: 'Throttling.Brand.New',
        retryAfterMs: 3000,
      }),
    );
  });

  it('treats a gateway HTML 504 as unknown outcome and a malformed 200 as BadResponse', () => {
    const html = { status: 504, headers: new Headers(), text: '<html>504 Gateway Time-out</html>' };
    expect(() => decode(html, createResponseSchema, 0)).toThrow(
      expect.objectContaining({ code: 'Client.BadResponse', outcome: 'unknown', retryable: true }),
    );
    const odd = { status: 200, headers: new Headers(), text: '{"request_id":"r","output":{"task_status":"PENDING"}}' };
    expect(() => decode(odd, createResponseSchema, 0)).toThrow(
      expect.objectContaining({ code: 'Client.BadResponse', status: 200, requestId: 'r', outcome: 'unknown' }),
    );
  });
});

describe('endpoints', () => {
  it('resolves regions, custom URLs, and strips trailing slashes', () => {
    expect(resolveBaseUrl({ region: 'cn-beijing' })).toBe('https://dashscope.aliyuncs.com/api/v1');
    expect(resolveBaseUrl({ region: 'ap-southeast-1' })).toBe(REGION_BASE_URLS['ap-southeast-1']);
    expect(resolveBaseUrl({ region: 'us-east-1' })).toBe('https://dashscope-us.aliyuncs.com/api/v1');
    expect(resolveBaseUrl({ baseUrl: 'http://127.0.0.1:8089/api/v1/' })).toBe('http://127.0.0.1:8089/api/v1');
    expect(
      resolveBaseUrl({ region: 'cn-beijing' }, { ...REGION_BASE_URLS, 'cn-beijing': 'http://127.0.0.1:9/api/v1/' }),
    ).toBe('http://127.0.0.1:9/api/v1');
    expect(settingsBaseUrl({ region: 'custom', customBaseUrl: 'https://proxy.example/api/v1/' })).toBe(
      'https://proxy.example/api/v1',
    );
    expect(settingsBaseUrl({ region: 'ap-southeast-1', customBaseUrl: 'https://ignored.example' })).toBe(
      REGION_BASE_URLS['ap-southeast-1'],
    );
    expect(
      () =>
        new DashScopeClient({
          apiKey: 'sk-x',
          appName: 't',
          appVersion: '1',
          fetch: globalThis.fetch,
          clock: systemClock,
          endpoint: { baseUrl: 'ftp://x/api/v1' },
        }),
    ).toThrow(TypeError);
  });
});
