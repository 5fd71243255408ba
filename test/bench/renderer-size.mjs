// `npm run bench:size`: the JavaScript the renderer loads before first paint (the entry script
// and its modulepreloads from the built index.html), raw and gzipped. One JSON line last.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const dir = resolve(import.meta.dirname, '..', '..', 'out', 'renderer');
const html = readFileSync(join(dir, 'index.html'), 'utf8');
const initial = new Set(
  [...html.matchAll(/<(?:script[^>]+src|link[^>]+rel="modulepreload"[^>]+href)="([^"]+\.js)"/g)].map((m) => m[1]),
);
let raw = 0;
let gzip = 0;
for (const src of initial) {
  const bytes = readFileSync(join(dir, src.replace(/^\.?\//, '')));
  raw += bytes.length;
  gzip += gzipSync(bytes, { level: 9 }).length;
}
const kb = (n) => Math.round(n / 102.4) / 10;
console.log(`initial renderer JS: ${[...initial].join(', ')}`);
console.log(JSON.stringify({ bench: 'renderer-size', files: initial.size, rawKiB: kb(raw), gzipKiB: kb(gzip) }));
