import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CustomHttpAdapter } from '../../../src-main/storage/adapters/custom-http';
import { systemClock } from '../../../src-main/common/clock';
import type { HttpConfig } from '../../../src-preload/contract/storage';
import { closeServer, listenLoopback } from '../loopback';
import { deadPort, sketchPng } from './helpers';

/**
 * A small upload server like the ones users run: stores PUT bodies and multipart POST files
 * in memory, serves them back by GET, requires a bearer token, and can be told to misbehave.
 */
const TOKEN = 'Bearer upload-token-0123456789';
const files = new Map<string, { type: string; body: Buffer }>();
let mode: 'json' | 'location' | 'no-url' | 'non-ascii' = 'json';
let server: Server;
let base: string;

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

function answer(res: ServerResponse, name: string) {
  const url = `${base}/files/${name}`;
  if (mode === 'location') {
    res.writeHead(201, { Location: `/files/${name}` }).end();
  } else if (mode === 'no-url') {
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ ok: true }));
  } else if (mode === 'non-ascii') {
    res
      .writeHead(200, { 'Content-Type': 'application/json' })
      .end(JSON.stringify({ data: { url: `${base}/文件/${name}` } }));
  } else {
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ data: { url } }));
  }
}

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (req.method === 'GET' && path.startsWith('/files/')) {
      const f = files.get(path.slice('/files/'.length));
      if (!f) return res.writeHead(404).end();
      return res.writeHead(200, { 'Content-Type': f.type }).end(f.body);
    }
    if (req.headers.authorization !== TOKEN) return res.writeHead(401).end('{"error":"unauthorized"}');
    if (req.method === 'OPTIONS') return res.writeHead(204, { Allow: 'PUT, POST' }).end();
    if (req.method === 'PUT' && path.startsWith('/upload/')) {
      const name = path.slice('/upload/'.length);
      files.set(name, { type: req.headers['content-type'] ?? '', body: await readBody(req) });
      return answer(res, name);
    }
    if (req.method === 'POST' && path === '/form') {
      const form = await new Request('http://x', {
        method: 'POST',
        headers: req.headers as HeadersInit,
        body: new Uint8Array(await readBody(req)),
      }).formData();
      const file = form.get('sketch');
      if (!(file instanceof File)) return res.writeHead(400).end('no file');
      files.set(file.name, { type: file.type, body: Buffer.from(await file.arrayBuffer()) });
      return answer(res, file.name);
    }
    res.writeHead(404).end();
  });
  base = await listenLoopback(server);
});

afterAll(() => closeServer(server));

beforeEach(() => {
  mode = 'json';
});

const config = (over: Partial<HttpConfig> = {}): HttpConfig => ({
  url: `${base}/upload/{key}`,
  method: 'PUT',
  fileField: 'sketch',
  headers: [
    { name: 'Authorization', secret: true },
    { name: 'X-Client', secret: false, value: 'wanx-sketch-studio' },
  ],
  urlSource: 'json',
  jsonPath: 'data.url',
  urlLifetimeHours: 0,
  ...over,
});

const adapter = (over: Partial<HttpConfig> = {}, token = TOKEN) => {
  const c = config(over);
  // The origin the registry looks the token up for (unparsable URLs: the adapter refuses them first).
  const secretOrigin = URL.canParse(c.url) ? new URL(c.url).origin : '';
  return new CustomHttpAdapter({
    config: c,
    secretHeaders: { Authorization: token },
    secretOrigin,
    fetch: globalThis.fetch,
    clock: systemClock,
  });
};

describe('custom HTTP adapter against a local upload server', () => {
  it('PUTs the bytes with the secret header and reads the URL from a JSON path', async () => {
    const { bytes, meta } = await sketchPng('#ffffff');
    const result = await adapter().upload(bytes, meta);
    expect(result).toEqual({
      url: `${base}/files/${meta.key}`,
      expiresAt: null,
      headers: {},
      ref: { adapter: 'http', key: meta.key },
    });
    const served = await fetch(result.url);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await served.arrayBuffer()).equals(Buffer.from(bytes))).toBe(true);
  });

  it('POSTs multipart and reads the Location header (relative, resolved against the upload URL)', async () => {
    mode = 'location';
    const { bytes, meta } = await sketchPng('#eeeeee');
    const result = await adapter({
      url: `${base}/form`,
      method: 'POST',
      urlSource: 'location',
      urlLifetimeHours: 48,
    }).upload(bytes, meta);
    expect(result.url).toBe(`${base}/files/${meta.key}`);
    expect(result.expiresAt).toBeGreaterThan(Date.now() + 47 * 3_600_000);
    expect(Buffer.from(await (await fetch(result.url)).arrayBuffer()).equals(Buffer.from(bytes))).toBe(true);
  });

  it('names the endpoint when the response has no URL', async () => {
    mode = 'no-url';
    const { bytes, meta } = await sketchPng('#dddddd');
    await expect(adapter().upload(bytes, meta)).rejects.toMatchObject({
      code: 'storage.noUrlInResponse',
      params: { endpoint: `${base}/upload/${meta.key}`, where: 'data.url' },
    });
    await expect(adapter({ urlSource: 'location' }).upload(bytes, meta)).rejects.toMatchObject({
      code: 'storage.noUrlInResponse',
      params: { where: 'Location' },
    });
  });

  it('refuses a returned URL DashScope could not fetch (non-ASCII)', async () => {
    mode = 'non-ascii';
    const { bytes, meta } = await sketchPng('#cccccc');
    await expect(adapter().upload(bytes, meta)).rejects.toMatchObject({ code: 'storage.badUrlInResponse' });
  });

  it('names the endpoint on bad credentials, and never echoes the secret', async () => {
    const { bytes, meta } = await sketchPng('#bbbbbb');
    const error = await adapter({}, 'Bearer wrong-token-value')
      .upload(bytes, meta)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'storage.badCredentials',
      params: { endpoint: `${base}/upload/${meta.key}`, status: 401 },
    });
    expect(JSON.stringify(error) + String(error)).not.toContain('wrong-token-value');
    expect(files.has(meta.key)).toBe(false);
    await expect(adapter({}, 'Bearer wrong-token-value').test()).rejects.toMatchObject({
      code: 'storage.badCredentials',
    });
  });

  it('names the endpoint when nothing answers', async () => {
    const port = await deadPort();
    const { bytes, meta } = await sketchPng('#aaaaaa');
    await expect(adapter({ url: `http://127.0.0.1:${port}/upload/{key}` }).upload(bytes, meta)).rejects.toMatchObject({
      code: 'storage.unreachable',
      params: { endpoint: `http://127.0.0.1:${port}/upload/${meta.key}` },
    });
    await expect(adapter({ url: `http://127.0.0.1:${port}/upload/{key}` }).test()).rejects.toMatchObject({
      code: 'storage.unreachable',
    });
  });

  it('keeps a query string (which may hold a token) out of error messages', async () => {
    mode = 'no-url';
    const { bytes, meta } = await sketchPng('#999999');
    const error = await adapter({ url: `${base}/upload/{key}?sig=very-secret-sig` })
      .upload(bytes, meta)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'storage.noUrlInResponse' });
    expect(JSON.stringify(error) + String(error)).not.toContain('very-secret-sig');
  });

  it('passes its test with the right token', async () => {
    await expect(adapter().test()).resolves.toEqual({ endpoint: `${base}/upload/connection-test` });
  });
});
