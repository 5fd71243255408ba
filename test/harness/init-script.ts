import { join } from 'node:path';
import { build } from 'esbuild';

let bundled: Promise<string> | null = null;

/** The browser-side window.api, bundled once per process from the same contract as the preload. */
export function browserApiBundle(): Promise<string> {
  bundled ??= build({
    entryPoints: [join(__dirname, 'browser-api.ts')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    write: false,
    logLevel: 'silent',
  }).then((r) => r.outputFiles[0]!.text);
  return bundled;
}

/**
 * The script Playwright injects into every document of a page. It only builds window.api on
 * the harness's own origin, so about:blank or a foreign test page gets no bridge (and no
 * failed connection on its console).
 */
export async function initScriptFor(token: string, origin: string): Promise<string> {
  return `window.__HARNESS__ = ${JSON.stringify({ token, origin })};\n${await browserApiBundle()}`;
}
