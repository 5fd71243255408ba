// `npm start` on a machine that cannot download Electron: build/install-electron.mjs runs
// electron's real installer in a child process against an unreachable or wrong mirror and
// must say what it was downloading, from where, and how to use a mirror, a proxy or a cache —
// never a bare `TypeError: fetch failed` with a stack. The child is told to install the win32
// build, so an Electron already installed for this machine never short-cuts the download (and
// nothing can be extracted: no mirror here can serve a zip).
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..', '..', '..');
const script = join(root, 'build', 'install-electron.mjs');
const version = JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8'))
  .version as string;
const cache = mkdtempSync(join(tmpdir(), 'wss-electron-cache-'));
afterAll(() => rmSync(cache, { recursive: true, force: true }));

function run(env: Record<string, string>): Promise<{ code: number; stderr: string; stdout: string }> {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(electron_|ELECTRON_|npm_config_electron)/i.test(k)),
  );
  return new Promise((done) => {
    execFile(
      process.execPath,
      [script],
      {
        cwd: root,
        env: {
          ...clean,
          ELECTRON_INSTALL_PLATFORM: 'win32',
          ELECTRON_INSTALL_ARCH: 'x64',
          electron_config_cache: cache,
          ...env,
        },
        timeout: 60_000,
      },
      (err, stdout, stderr) => done({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as AddressInfo).port;
}

function expectHelpful(stderr: string, url: string) {
  expect(stderr).toContain(`Could not download Electron ${version} (win32-x64)`);
  expect(stderr).toContain(`from:   ${url}`);
  expect(stderr).toContain('ELECTRON_MIRROR=');
  expect(stderr).toContain('ELECTRON_CUSTOM_DIR');
  expect(stderr).toContain('ELECTRON_GET_USE_PROXY=1 HTTPS_PROXY=');
  expect(stderr).toContain('electron_config_cache');
  // The offline path names the exact file inside the cache the installer will look in.
  expect(stderr).toMatch(
    new RegExp(`${cache.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/[0-9a-f]{64}/electron-v${version}-win32-x64\\.zip`),
  );
  // No stack trace.
  expect(stderr).not.toMatch(/^\s+at /m);
}

describe('starting the app when Electron cannot be downloaded', () => {
  it('a mirror nobody listens on: names the URL and the refused connection', async () => {
    const probe = createServer();
    const port = await listen(probe);
    await new Promise((r) => probe.close(r)); // now nothing listens there
    const { code, stderr } = await run({ ELECTRON_MIRROR: `http://127.0.0.1:${port}/` });
    expect(code).toBe(1);
    expectHelpful(stderr, `http://127.0.0.1:${port}/v${version}/electron-v${version}-win32-x64.zip`);
    expect(stderr).toContain(`TypeError: fetch failed (connect ECONNREFUSED 127.0.0.1:${port})`);
  });

  it('ELECTRON_MIRROR=http://127.0.0.1:9/ (a port fetch refuses outright) is explained too', async () => {
    const { code, stderr } = await run({ ELECTRON_MIRROR: 'http://127.0.0.1:9/' });
    expect(code).toBe(1);
    expectHelpful(stderr, `http://127.0.0.1:9/v${version}/electron-v${version}-win32-x64.zip`);
    expect(stderr).toContain('bad port');
  });

  it('a Node without require(esm) (older than 20.19 / 22.12) is told which version is needed', async () => {
    const { code, stderr } = await run({ NODE_OPTIONS: '--no-experimental-require-module' });
    expect(code).toBe(1);
    expect(stderr).toContain('needs Node.js 20.19 or newer');
    expect(stderr).not.toMatch(/^\s+at /m);
    // What the message says is what package.json declares and the README states.
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { engines: { node: string } };
    expect(pkg.engines.node).toBe('^20.19.0 || >=22.12.0');
    expect(readFileSync(join(root, 'README.md'), 'utf8')).toContain(pkg.engines.node);
  });

  it('a mirror without the file: the 404 and the custom dir that was used', async () => {
    const asked: string[] = [];
    const server = createServer((req, res) => {
      asked.push(req.url ?? '');
      res.writeHead(404, 'Not Found').end();
    });
    const port = await listen(server);
    try {
      const { code, stderr } = await run({
        ELECTRON_MIRROR: `http://127.0.0.1:${port}/mirrors/electron/`,
        ELECTRON_CUSTOM_DIR: '{{ version }}',
      });
      const url = `http://127.0.0.1:${port}/mirrors/electron/${version}/electron-v${version}-win32-x64.zip`;
      expect(code).toBe(1);
      expectHelpful(stderr, url);
      expect(stderr).toContain(`Response code 404 (Not Found) for ${url}`);
      // The URL the message names is the one the real installer asked for.
      expect(asked[0]).toBe(`/mirrors/electron/${version}/electron-v${version}-win32-x64.zip`);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});

it('a zip saved where the message says is found by the installer (offline install)', async () => {
  const probe = createServer();
  const port = await listen(probe);
  await new Promise((r) => probe.close(r));
  const env = { ELECTRON_MIRROR: `http://127.0.0.1:${port}/`, DEBUG: '@electron/get*' };
  const first = await run(env);
  const target = /save it as\n\s+(\S+\.zip)/.exec(first.stderr)?.[1];
  expect(target, first.stderr).toBeTruthy();
  mkdirSync(dirname(target!), { recursive: true });
  writeFileSync(target!, 'not really a zip');
  const second = await run(env);
  // Found in the cache (then refused by electron's checksum, as a wrong file should be).
  expect(second.stderr).toContain('Cache hit');
  expect(second.stderr).toMatch(/checksum/i);
  rmSync(dirname(target!), { recursive: true, force: true });
});

describe('what the message names is what @electron/get uses', () => {
  const getDist = join(root, 'node_modules', '@electron', 'get', 'dist');
  const mod = <T>(file: string) => import(pathToFileURL(join(getDist, file)).href) as Promise<T>;
  const ours = () =>
    import(pathToFileURL(script).href) as Promise<{
      downloadUrl(
        env: Record<string, string>,
        version: string,
        platform?: string,
        arch?: string,
      ): { url: string; file: string };
      cachedZipPath(cache: string, url: string, file: string): string;
    }>;

  it.each<Record<string, string>>([
    {},
    { ELECTRON_MIRROR: 'https://npmmirror.com/mirrors/electron/' },
    { ELECTRON_MIRROR: 'https://npmmirror.com/mirrors/electron/', ELECTRON_CUSTOM_DIR: '{{ version }}' },
    { npm_config_electron_mirror: 'https://mirror.example/e/', ELECTRON_CUSTOM_FILENAME: 'custom.zip' },
  ])('download URL and cache file with %o', async (env) => {
    const { getArtifactRemoteURL, getArtifactFileName } = await mod<{
      getArtifactRemoteURL(d: object): Promise<string>;
      getArtifactFileName(d: object): string;
    }>('artifact-utils.js');
    const { Cache } = await mod<{ Cache: new (root: string) => { getCachePath(url: string, file: string): string } }>(
      'Cache.js',
    );
    const { downloadUrl, cachedZipPath } = await ours();
    const saved = { ...process.env };
    try {
      for (const k of Object.keys(process.env))
        if (/^(ELECTRON_|npm_config_electron|NPM_CONFIG_ELECTRON|npm_package_config_electron)/.test(k))
          delete process.env[k];
      Object.assign(process.env, env);
      const details = { version: `v${version}`, artifactName: 'electron', platform: 'win32', arch: 'x64' };
      const theirs = await getArtifactRemoteURL(details);
      const mine = downloadUrl({ ...env }, version, 'win32', 'x64');
      expect(mine.url).toBe(theirs);
      // The cache keeps the published file name under a folder named after the download URL.
      const published = downloadUrl({}, version, 'win32', 'x64').file;
      expect(published).toBe(getArtifactFileName(details));
      expect(cachedZipPath('/c', mine.url, published)).toBe(
        new Cache('/c').getCachePath(theirs, getArtifactFileName(details)),
      );
    } finally {
      for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
      Object.assign(process.env, saved);
    }
  });
});
