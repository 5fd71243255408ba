import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OSS_MESSAGES } from '../../sim';
import { createBody, getTask, makeSketch, output, post, raw, setup } from './helpers';
import type { Env } from './helpers';

let env: Env;
beforeEach(async () => {
  env = await setup({
    accounts: [
      { id: '1', keys: [{ key: 'sk-a' }] },
      { id: '2', keys: [{ key: 'sk-b' }] },
    ],
    models: ['wanx-sketch-to-image-lite', 'wanx-v1'],
    maxUploadFileMb: 1,
  });
});
afterEach(() => env.close());

interface PolicyData {
  policy: string;
  signature: string;
  upload_dir: string;
  upload_host: string;
  oss_access_key_id: string;
  x_oss_object_acl: string;
  x_oss_forbid_overwrite: string;
}

async function policy(model = 'wanx-sketch-to-image-lite', key = 'sk-a'): Promise<PolicyData> {
  const r = await raw(`${env.sim.baseUrl}/uploads?action=getPolicy&model=${model}`, {
    headers: { Authorization: `Bearer ${key}` },
  });
  expect(r.status).toBe(200);
  return r.json.data as PolicyData;
}

/** The SDKs' PostObject form, field order and all (test/sim/CONTRACT.md §1.2). */
function form(
  p: PolicyData,
  file: Buffer,
  name = 'sketch one.png',
  o: { fileFirst?: boolean; key?: string; signature?: string } = {},
): FormData {
  const f = new FormData();
  const fileBlob = new Blob([new Uint8Array(file)], { type: 'image/png' });
  if (o.fileFirst) f.append('file', fileBlob, name);
  f.append('OSSAccessKeyId', p.oss_access_key_id);
  f.append('Signature', o.signature ?? p.signature);
  f.append('policy', p.policy);
  f.append('key', o.key ?? `${p.upload_dir}/${name}`);
  f.append('x-oss-object-acl', p.x_oss_object_acl);
  f.append('x-oss-forbid-overwrite', p.x_oss_forbid_overwrite);
  f.append('success_action_status', '200');
  f.append('x-oss-content-type', 'image/png');
  if (!o.fileFirst) f.append('file', fileBlob, name);
  return f;
}

const upload = (p: PolicyData, body: FormData) => raw(p.upload_host, { method: 'POST', body });

describe('getPolicy', () => {
  it('returns the documented fields with their quirky types', async () => {
    const r = await raw(`${env.sim.baseUrl}/uploads?action=getPolicy&model=wanx-sketch-to-image-lite`, {
      headers: { Authorization: 'Bearer sk-a' },
    });
    expect(Object.keys(r.json)).toEqual(['request_id', 'data']);
    const d = r.json.data as Record<string, unknown>;
    expect(Object.keys(d)).toEqual([
      'policy',
      'signature',
      'upload_dir',
      'upload_host',
      'expire_in_seconds',
      'max_file_size_mb',
      'capacity_limit_mb',
      'oss_access_key_id',
      'x_oss_object_acl',
      'x_oss_forbid_overwrite',
    ]);
    expect(d).toMatchObject({
      upload_host: env.sim.uploadHost,
      expire_in_seconds: 300,
      max_file_size_mb: 1,
      capacity_limit_mb: 999999999,
      x_oss_object_acl: 'private',
      x_oss_forbid_overwrite: 'true',
    });
    expect(d.upload_dir).toMatch(/^dashscope-instant\/[0-9a-f]{12}\/\d{4}-\d{2}-\d{2}\/[0-9a-f-]{36}$/);
  });

  it('needs a key, the getPolicy action and a known model', async () => {
    const q = (s: string, key?: string) =>
      raw(`${env.sim.baseUrl}/uploads?${s}`, { headers: key ? { Authorization: `Bearer ${key}` } : {} });
    expect((await q('action=getPolicy&model=wanx-sketch-to-image-lite')).json).toMatchObject({
      code: 'InvalidApiKey',
      message: 'No API-key provided.',
    });
    expect((await q('action=put&model=wanx-sketch-to-image-lite', 'sk-a')).json).toMatchObject({
      code: 'InvalidParameter',
    });
    expect((await q('action=getPolicy', 'sk-a')).json).toMatchObject({ code: 'InvalidParameter' });
    expect((await q('action=getPolicy&model=nope', 'sk-a')).json).toMatchObject({
      code: 'InvalidParameter',
      message: 'Model not exist.',
    });
  });
});

describe('OSS PostObject', () => {
  it('stores the file: 200 with no body; the same key again → 409 FileAlreadyExists', async () => {
    const p = await policy();
    const png = await makeSketch({});
    const ok = await upload(p, form(p, png));
    expect([ok.status, ok.text]).toEqual([200, '']);
    const again = await upload(p, form(p, png));
    expect(again.status).toBe(409);
    expect(again.headers.get('content-type')).toBe('application/xml');
    expect(again.text).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<Error>\n {2}<Code>FileAlreadyExists<\/Code>\n {2}<Message>The object you specified already exists and can not be overwritten.<\/Message>\n {2}<RequestId>[0-9A-F]+<\/RequestId>\n {2}<HostId>[^<]+<\/HostId>\n<\/Error>\n$/,
    );
  });

  it('refuses an expired policy with 403 AccessDenied "Policy expired."', async () => {
    const p = await policy();
    await env.sim.clock.advance(300_000);
    const r = await upload(p, form(p, await makeSketch({})));
    expect(r.status).toBe(403);
    expect(r.text).toContain('<Code>AccessDenied</Code>');
    expect(r.text).toContain(`<Message>${OSS_MESSAGES.policyExpired}</Message>`);
  });

  it('enforces the size limit, file-last, signature and key prefix', async () => {
    const p = await policy();
    const small = await makeSketch({});
    const tooBig = await upload(p, form(p, Buffer.alloc(1024 * 1024 + 1, 7)));
    expect([tooBig.status, tooBig.text.includes('<Code>EntityTooLarge</Code>')]).toEqual([400, true]);
    const fileFirst = await upload(p, form(p, small, 'a.png', { fileFirst: true }));
    expect([fileFirst.status, fileFirst.text.includes('<Code>InvalidArgument</Code>')]).toEqual([400, true]);
    const forged = await upload(p, form(p, small, 'b.png', { signature: 'AAAA' }));
    expect([forged.status, forged.text.includes('<Code>SignatureDoesNotMatch</Code>')]).toEqual([403, true]);
    const elsewhere = await upload(p, form(p, small, 'c.png', { key: 'dashscope-instant/other/c.png' }));
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.text).toContain(
      'Invalid according to Policy: Policy Condition failed: [&quot;starts-with&quot;, &quot;$key&quot;',
    );
  });
});

describe('oss:// in model calls', () => {
  const useIn = async (url: string, key = 'sk-a', model = 'wanx-sketch-to-image-lite') => {
    await env.sim.clock.advance(1000);
    const r = await post(
      env,
      createBody({ model, input: { prompt: 'x', sketch_image_url: url }, parameters: { n: 1 } }),
      { Authorization: `Bearer ${key}`, 'X-DashScope-OssResourceResolve': 'enable' },
    );
    expect(r.status, r.text).toBe(200);
    const id = output(r).task_id as string;
    await env.sim.clock.advance(120_000);
    return output(await getTask(env, id, key));
  };

  it('works for the same account and model, with the space in the name kept', async () => {
    const p = await policy();
    await upload(p, form(p, await makeSketch({})));
    expect((await useIn(`oss://${p.upload_dir}/sketch one.png`)).task_status).toBe('SUCCEEDED');
  });

  it('fails for another account, another model, or after 48 h', async () => {
    const p = await policy();
    await upload(p, form(p, await makeSketch({})));
    const url = `oss://${p.upload_dir}/sketch one.png`;
    expect(await useIn(url, 'sk-b')).toMatchObject({ task_status: 'FAILED', code: 'InvalidURL' });
    expect(await useIn(url, 'sk-a', 'wanx-v1')).toMatchObject({ task_status: 'FAILED', code: 'InvalidURL' });
    await env.sim.clock.advance(48 * 3600_000);
    expect(await useIn(url)).toMatchObject({ task_status: 'FAILED', code: 'InvalidURL' });
  });
});
