// The API's sketch limits (10 MB, 256 px, 2048 px) are one fact with one writer,
// src-preload/contract/domain/generation.ts; every check, fallback message and catalog sentence
// imports or interpolates them. A literal written anywhere else is a copy that a change would miss.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..', '..', '..');
const HOME = 'src-preload/contract/domain/';
const SOURCES = ['src-main', 'src-preload', 'src-renderer/src'];

/** The limits as code writes them: a side in px, the byte cap, or "10 MB" in a sentence. */
const LIMIT = /\b(?:256|2048|10485760)\b|\b10\s*\*\s*1024\s*\*\s*1024\b|\b10\s?MB\b/;

/** The same numbers meaning something else, each named by file and the code around it. */
const OTHER_FACTS: ReadonlyArray<[file: string, code: RegExp, why: string]> = [
  ['src-main/jobs/record.ts', /\.max\(2048\)/, 'a URL and key length cap'],
  ['src-main/secrets/task-keys.ts', /\.max\(2048\)/, 'an origin length cap'],
  ['src-main/storage/upload-cache.ts', /\.max\(2048\)|capacity = 256/, 'a key length cap; cache entries'],
  [
    'src-main/jobs/results/fetch-image.ts',
    /RESULT_MAX_BYTES = 10 \* 1024 \* 1024/,
    'the largest result image read back',
  ],
  ['src-renderer/src/features/canvas/core/png.ts', /\b256\b/, 'palette size and CRC table'],
  [
    'src-renderer/src/features/canvas/import/read-image.ts',
    /CLASSIFY_SIDE = 256/,
    'the sample an import is classified from',
  ],
];

function files(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return files(path);
    return /\.(ts|vue)$/.test(e.name) ? [path] : [];
  });
}

/** Code lines without comments: a comment may say what a limit is for. */
function codeLines(text: string): string[] {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, ''))
    .split('\n')
    .map((line) => line.replace(/(^|[^:'"`])\/\/.*$/, '$1'));
}

function limitLiterals(): string[] {
  const found: string[] = [];
  for (const file of SOURCES.flatMap(files)) {
    const rel = relative(root, join(root, file)).replaceAll('\\', '/');
    if (rel.startsWith(HOME)) continue;
    codeLines(readFileSync(join(root, rel), 'utf8')).forEach((line, i) => {
      if (!LIMIT.test(line)) return;
      if (OTHER_FACTS.some(([f, code]) => f === rel && code.test(line))) return;
      found.push(`${rel}:${i + 1}: ${line.trim()}`);
    });
  }
  return found;
}

describe('sketch limits are written once', () => {
  it(`no limit literal outside ${HOME}`, () => {
    expect(limitLiterals()).toEqual([]);
  });

  it('the scan finds a planted copy', () => {
    expect(LIMIT.test('export const EXPORT_MAX = 2048;')).toBe(true);
    expect(LIMIT.test("'… at most 10 MB.'")).toBe(true);
    expect(LIMIT.test('maxBytes: 10 * 1024 * 1024,')).toBe(true);
    expect(codeLines('/** 256–2048 px */\nconst a = 1; // 10 MB').join('\n')).not.toMatch(LIMIT);
  });
});
