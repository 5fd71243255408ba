import { isAbsolute, join, resolve } from 'node:path';

/** The electron-vite output folder: `out/`, or `$WSS_OUT` (relative to the repo) when set. */
export function buildOutDir(): string {
  const root = resolve(__dirname, '..', '..');
  const out = process.env.WSS_OUT ?? 'out';
  return isAbsolute(out) ? out : join(root, out);
}
