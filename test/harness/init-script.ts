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

export async function initScriptFor(token: string): Promise<string> {
  return `window.__HARNESS__ = ${JSON.stringify({ token })};\n${await browserApiBundle()}`;
}
