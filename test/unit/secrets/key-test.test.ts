import { describe, expect, it } from 'vitest';
import type { KeyCheck, KeyCheckOutcome } from '../../../src-main/secrets/key-test';
import { testApiKey } from '../../../src-main/secrets/key-test';
import type { Settings } from '../../../src-preload/contract/settings';

const regionUrls = {
  'cn-beijing': 'https://bj.test/api/v1',
  'ap-southeast-1': 'https://sg.test/api/v1',
  'us-east-1': 'https://us.test/api/v1',
};
const beijing: Settings['dashscope'] = { region: 'cn-beijing', customBaseUrl: '', workspaceId: '' };

/** A fake DashScope that knows which base URL accepts the key. */
function checkBy(answers: Record<string, KeyCheckOutcome>): KeyCheck & { calls: string[] } {
  const calls: string[] = [];
  const check = (async ({ baseUrl }) => {
    calls.push(baseUrl);
    return answers[baseUrl] ?? { kind: 'invalid' };
  }) as KeyCheck & { calls: string[] };
  check.calls = calls;
  return check;
}

describe('testApiKey', () => {
  it('accepts a key the configured region accepts, asking nobody else', async () => {
    const check = checkBy({ 'https://bj.test/api/v1': { kind: 'valid' } });
    await expect(testApiKey({ apiKey: 'sk-x', dashscope: beijing, regionUrls, check })).resolves.toEqual({
      endpoint: 'https://bj.test/api/v1',
      region: 'cn-beijing',
    });
    expect(check.calls).toEqual(['https://bj.test/api/v1']);
  });

  it('says "wrong region" when another region accepts the key', async () => {
    const check = checkBy({ 'https://sg.test/api/v1': { kind: 'valid' } });
    await expect(testApiKey({ apiKey: 'sk-x', dashscope: beijing, regionUrls, check })).rejects.toMatchObject({
      code: 'secrets.keyWrongRegion',
      params: { region: 'ap-southeast-1', endpoint: 'https://bj.test/api/v1' },
    });
  });

  it('says "invalid key" when no region accepts it', async () => {
    const check = checkBy({});
    await expect(testApiKey({ apiKey: 'sk-x', dashscope: beijing, regionUrls, check })).rejects.toMatchObject({
      code: 'secrets.keyInvalid',
    });
    expect(check.calls).toHaveLength(3);
  });

  it('says "network" when the endpoint cannot be reached', async () => {
    const check = checkBy({ 'https://bj.test/api/v1': { kind: 'unreachable' } });
    await expect(testApiKey({ apiKey: 'sk-x', dashscope: beijing, regionUrls, check })).rejects.toMatchObject({
      code: 'secrets.keyNetwork',
      params: { endpoint: 'https://bj.test/api/v1' },
    });
  });

  it('does not probe the real regions for a custom endpoint', async () => {
    const check = checkBy({});
    const custom: Settings['dashscope'] = {
      region: 'custom',
      customBaseUrl: 'http://127.0.0.1:9/api/v1/',
      workspaceId: '',
    };
    await expect(testApiKey({ apiKey: 'sk-x', dashscope: custom, regionUrls, check })).rejects.toMatchObject({
      code: 'secrets.keyInvalid',
    });
    expect(check.calls).toEqual(['http://127.0.0.1:9/api/v1']);
  });
});
