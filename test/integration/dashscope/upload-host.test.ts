// The temporary upload POSTs the sketch to whatever `upload_host` the policy answer names. An
// endpoint that answers with a host of its choosing (a file: URL, the LAN, a stranger's https
// site) must get nothing. The simulator is real; the hostile policy is injected at the network
// boundary by rewriting `upload_host` in its answer.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FetchLike } from '../../../src-main/common/fetch';
import { DashScopeError } from '../../../src-main/dashscope/errors';
import { makeSketch } from '../../sim/fixtures';
import { clientEnv, recordingFetch, type ClientEnv, type Recorded } from './helpers';

let env: ClientEnv;
beforeEach(async () => {
  env = await clientEnv();
});
afterEach(() => env.close());

/** Network boundary: the policy answer's `upload_host` replaced by `host`; every request recorded. */
function policyNaming(host: string, log: Recorded[]): FetchLike {
  const inner = recordingFetch(log);
  return async (input, init) => {
    const res = await inner(input, init);
    if (!String(input).includes('/uploads?action=getPolicy')) return res;
    const body = (await res.json()) as { data: Record<string, unknown> };
    body.data.upload_host = host;
    return new Response(JSON.stringify(body), { status: res.status, headers: { 'Content-Type': 'application/json' } });
  };
}

describe('the upload policy cannot send the sketch anywhere', () => {
  it.each([
    ['a file: URL', 'file:///etc/passwd'],
    ['plain http on the LAN', 'http://192.168.1.10/upload'],
    ['link-local metadata address', 'http://169.254.169.254/latest'],
    ['a stranger over https', 'https://uploads.evil.example/'],
    ['a look-alike OSS host', 'https://dashscope-file-x.oss-cn-beijing.aliyuncs.com.evil.example/'],
    ['an OSS host on another port', 'https://dashscope-file-x.oss-cn-beijing.aliyuncs.com:8443/'],
  ])('refuses %s with nothing sent', async (_what, host) => {
    const log: Recorded[] = [];
    const client = env.makeClient({ fetch: policyNaming(host, log) });
    const png = await makeSketch({});
    const e = await client.uploadFile({ name: 'sketch.png', bytes: png }).then(
      () => undefined,
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(DashScopeError);
    expect(e).toMatchObject({ code: 'Client.BadResponse', outcome: 'not-sent', retryable: false });
    // Only the policy request went out: the sketch went nowhere.
    expect(log.map((r) => r.url)).toEqual([
      `${env.sim.baseUrl}/uploads?action=getPolicy&model=wanx-sketch-to-image-lite`,
    ]);
  });

  it('still uploads to the simulator’s own (loopback) host while the endpoint is loopback', async () => {
    const png = await makeSketch({});
    await expect(env.client.uploadFile({ name: 'sketch.png', bytes: png })).resolves.toMatch(/^oss:\/\//);
    expect(env.log.at(-1)?.url).toBe(env.sim.uploadHost);
  });
});
