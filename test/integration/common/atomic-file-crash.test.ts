// "Survives a crash": a real child process rewrites one file through writeFileAtomic in a loop
// and is SIGKILLed at random moments, many times, on the same file. After every kill the file
// must hold one generation's complete content (never empty, torn or missing), generations never
// go back, and whatever else is left in the folder is a temp file the app knows to clean up.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAtomicTempName, writeFileAtomic } from '../../../src-main/common/atomic-file';
import { contentOf, generationOf } from './atomic-content';

const KILLS = 150;
const work = mkdtempSync(join(tmpdir(), 'wss-atomic-crash-'));
const child = join(work, 'writer.mjs');

beforeAll(async () => {
  // Bundled once with esbuild: a plain `node writer.mjs` starts in tens of milliseconds, where
  // a TypeScript loader would make 150 runs take minutes.
  await build({
    entryPoints: [join(import.meta.dirname, 'atomic-writer-child.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile: child,
    logLevel: 'silent',
  });
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Starts the writer, lets it write for `ms` after it says so, then SIGKILLs it. */
function runAndKill(target: string, ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [child, target], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    proc.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    proc.stdout.once('data', () => setTimeout(() => proc.kill('SIGKILL'), ms));
    proc.on('error', reject);
    proc.on('exit', (_code, signal) =>
      signal === 'SIGKILL' ? resolve() : reject(new Error(`writer ended on its own (${_code}): ${stderr}`)),
    );
  });
}

describe('writeFileAtomic under SIGKILL', () => {
  it(`leaves the old or the new full content after ${KILLS} kills mid-write`, async () => {
    const dir = join(work, 'data');
    const target = join(dir, 'state.json');
    await import('node:fs/promises').then((fs) => fs.mkdir(dir));
    await writeFileAtomic(target, contentOf(0));

    let last = 0;
    let killsWithTempLeft = 0;
    const broken: string[] = [];
    const strangers = new Set<string>();
    for (let i = 0; i < KILLS; i++) {
      // Random moments, from right after start-up to several writes in.
      await runAndKill(target, Math.floor(Math.random() * 30));
      const text = readFileSync(target, 'utf8');
      const generation = generationOf(text);
      if (generation === null)
        broken.push(`kill ${i}: ${text.length} bytes, starts ${JSON.stringify(text.slice(0, 12))}`);
      else if (generation < last) broken.push(`kill ${i}: generation went back from ${last} to ${generation}`);
      else last = generation;

      const others = readdirSync(dir).filter((name) => name !== 'state.json');
      for (const name of others) if (!isAtomicTempName(name)) strangers.add(name);
      if (others.length > 0) killsWithTempLeft += 1;
      // What a service does on start: temps a crash left behind are deleted.
      for (const name of others) if (isAtomicTempName(name)) rmSync(join(dir, name));
    }

    expect(broken).toEqual([]);
    expect([...strangers]).toEqual([]);
    // The kills really landed while the writer was busy: temps were left behind, and the
    // writer got through many generations over all runs.
    expect(killsWithTempLeft).toBeGreaterThan(0);
    expect(last).toBeGreaterThan(KILLS / 2);
    console.log(
      `atomic crash test: ${KILLS} kills, last generation ${last}, ${killsWithTempLeft} kills left a temp file`,
    );
  }, 180_000);
});
