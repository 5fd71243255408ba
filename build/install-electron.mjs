#!/usr/bin/env node
// `npm start` / `npm run dev` run this first. It runs electron's own installer
// (node_modules/electron/install.js, which downloads the Electron binary once and caches it)
// and, when that fails, says what was being downloaded, from where, and how to point the
// download at a mirror, a proxy or a file fetched elsewhere — instead of a bare stack trace.
// It never runs during `npm install`, and changes nothing about a download that works.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join, posix } from 'node:path';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);

/** The Electron package's folder, its version and the script that installs its binary. */
function electronPackage() {
  const pkgJson = require.resolve('electron/package.json');
  const dir = dirname(pkgJson);
  return { dir, version: JSON.parse(readFileSync(pkgJson, 'utf8')).version, installer: join(dir, 'install.js') };
}

/** What @electron/get reads for a mirror option: .npmrc / npm config first, then ELECTRON_*. */
export function mirrorSetting(env, name) {
  const snake = name.replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
  return (
    env[`npm_config_electron_${name.toLowerCase()}`] ||
    env[`NPM_CONFIG_ELECTRON_${snake.toUpperCase()}`] ||
    env[`npm_config_electron_${snake}`] ||
    env[`npm_package_config_electron_${name}`] ||
    env[`npm_package_config_electron_${snake}`] ||
    env[`ELECTRON_${snake.toUpperCase()}`] ||
    undefined
  );
}

/** The URL electron's installer downloads from (same rules as @electron/get's getArtifactRemoteURL). */
export function downloadUrl(env, version, platform = process.platform, arch = process.arch) {
  const p = env.ELECTRON_INSTALL_PLATFORM || env.npm_config_platform || platform;
  const a = env.ELECTRON_INSTALL_ARCH || env.npm_config_arch || arch;
  const v = `v${version.replace(/^v/, '')}`;
  const base = mirrorSetting(env, 'mirror') || 'https://github.com/electron/electron/releases/download/';
  const dir = (mirrorSetting(env, 'customDir') || v).replace('{{ version }}', v.slice(1));
  const file = mirrorSetting(env, 'customFilename') || `electron-${v}-${p}-${a}.zip`;
  return { url: `${base}${dir}/${file}`, file, platform: p, arch: a };
}

/** Where @electron/get keeps downloaded zips (env-paths('electron').cache) unless electron_config_cache says otherwise. */
export function cacheFolder(env, platform = process.platform) {
  if (env.electron_config_cache) return env.electron_config_cache;
  if (platform === 'win32') return join(env.LOCALAPPDATA || join(homedir(), 'AppData', 'Local'), 'electron', 'Cache');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Caches', 'electron');
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'electron');
}

/** Where a zip for `url` must lie in the cache to be used without a download (@electron/get's Cache.getCachePath). */
export function cachedZipPath(cache, url, file) {
  const u = new URL(url);
  u.hash = '';
  u.search = '';
  u.pathname = posix.dirname(u.pathname);
  return join(cache, createHash('sha256').update(u.toString()).digest('hex'), file);
}

/** The installer's error in one line: its first line, without the stack. */
export function errorLine(stderr) {
  const lines = stderr
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('at '));
  return (
    lines.find((l) => /error|failed|refused|not found|ENOTFOUND|ECONN|ETIMEDOUT|Response code/i.test(l)) ??
    lines[0] ??
    ''
  );
}

/** Why a fetch of the URL fails at the network level (fetch hides it in `cause`), e.g. "connect ECONNREFUSED 127.0.0.1:9". */
async function networkCause(url) {
  try {
    const res = await fetch(url, { method: 'HEAD', redirect: 'manual', signal: AbortSignal.timeout(8000) });
    return `the server answered HTTP ${res.status}`;
  } catch (e) {
    if (e?.name === 'TimeoutError') return 'no answer within 8 s';
    const why = e?.cause?.message ?? e?.message ?? String(e);
    return why === 'bad port' ? 'a port fetch refuses to use ("bad port")' : why;
  }
}

/** The message a person reads when the download fails. */
export function explain({ version, url, platform, arch, reason, cause, cache }) {
  // The zip as published, and where the installer looks for it before downloading: the folder is
  // named after the URL it would download from, the file keeps the published name.
  const official = downloadUrl({}, version, platform, arch);
  const example = 'https://npmmirror.com/mirrors/electron/';
  return [
    '',
    `Could not download Electron ${version} (${platform}-${arch}), which \`npm start\` needs once.`,
    `  from:   ${url}`,
    `  error:  ${reason}${cause ? ` (${cause})` : ''}`,
    '',
    'If this machine cannot reach GitHub, point the download elsewhere and run the command again:',
    `  • a mirror:  ELECTRON_MIRROR=${example} npm start`,
    '      (the URL is ELECTRON_MIRROR + ELECTRON_CUSTOM_DIR + "/" + file; ELECTRON_CUSTOM_DIR defaults to',
    `      "v${version}" — set ELECTRON_CUSTOM_DIR="{{ version }}" for mirrors without the "v"; the same`,
    '      settings work as electron_mirror= / electron_custom_dir= lines in .npmrc)',
    '  • a proxy:   ELECTRON_GET_USE_PROXY=1 HTTPS_PROXY=http://proxy.example:8080 npm start',
    '      (HTTP_PROXY and NO_PROXY are read too)',
    `  • offline:   download ${official.url} elsewhere and save it as`,
    `      ${cachedZipPath(cache, url, official.file)}`,
    '      (electron_config_cache=<folder> moves the cache; see "Custom Mirrors and Caches" in',
    '      https://www.electronjs.org/docs/latest/tutorial/installation)',
    '  For more detail: DEBUG=@electron/get* npm start',
    '',
  ].join('\n');
}

async function main() {
  const { version, installer } = electronPackage();
  const child = spawn(process.execPath, [installer], { stdio: ['ignore', 'inherit', 'pipe'], env: process.env });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const code = await new Promise((resolve) => child.on('close', (c) => resolve(c ?? 1)));
  // Warnings after a success, and everything when asked for detail (DEBUG=@electron/get*).
  if (code === 0 || process.env.DEBUG) process.stderr.write(stderr);
  if (code === 0) return 0;
  // electron's installer require()s an ES module: Node 20.19+ or 22.12+ (package.json engines).
  if (/ERR_REQUIRE_ESM|ERR_REQUIRE_ASYNC_MODULE/.test(stderr)) {
    process.stderr.write(
      `\nElectron's installer could not load its downloader (ERR_REQUIRE_ESM): it needs Node.js 20.19 or newer in the\n` +
        `20 line, or 22.12 or newer, with require() of ES modules enabled; this is Node ${process.version}.\n` +
        'Install a current LTS release (https://nodejs.org/) and run the command again.\n\n',
    );
    return 1;
  }
  const target = downloadUrl(process.env, version);
  const reason = errorLine(stderr) || `the installer exited with code ${code}`;
  // A "fetch failed" hides the network error; ask once more to name it (refused, unknown host…).
  const cause =
    /fetch failed/i.test(reason) && !process.env.ELECTRON_GET_USE_PROXY ? await networkCause(target.url) : '';
  process.stderr.write(explain({ version, ...target, reason, cause, cache: cacheFolder(process.env) }));
  return 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) process.exit(await main());
