import { spawn } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UploadRecordSchema } from '../../../src-main/storage/upload-cache';

/**
 * uploads.json is written through the atomic writer: a real child process adding records is
 * SIGKILLed at varied moments; each time the file is whole, valid, and holds every record the
 * child had acknowledged.
 */
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wss-records-crash-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function runAndKill(path: string, start: number, afterAcks: number): Promise<number> {
  return new Promise((resolve, reject) => {
    // node itself with tsx as a loader: the tsx CLI would run the writer in a grandchild the kill misses.
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(__dirname, 'fixtures', 'records-writer.ts'), path, String(start)],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let acked = start;
    let seen = 0;
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      for (const m of d.toString().matchAll(/acked (\d+)/g)) {
        acked = Number(m[1]);
        if (++seen === afterAcks) child.kill('SIGKILL');
      }
    });
    child.on('exit', (code, signal) =>
      signal === 'SIGKILL' ? resolve(acked) : reject(new Error(`child exited ${code}: ${err}`)),
    );
  });
}

describe('upload records under SIGKILL', () => {
  it('the file is never torn or empty and keeps every acknowledged record', async () => {
    const path = join(dir, 'uploads.json');
    let acked = 0;
    // Kill after a varying number of writes, so the kill lands at different points of a write.
    for (const afterAcks of [1, 3, 7, 2, 11, 5, 13, 4, 9, 6]) {
      acked = await runAndKill(path, acked, afterAcks);
      const parsed = JSON.parse(await readFile(path, 'utf8')) as { version: number; uploads: unknown[] };
      expect(parsed.version).toBe(1);
      const uploads = parsed.uploads.map((u) => UploadRecordSchema.parse(u));
      // Everything acknowledged is there (the child may have gone on while the kill was on its way),
      // and what is there is one whole state: records 1…n in order, none missing, none twice.
      expect(uploads.length).toBeGreaterThanOrEqual(acked);
      expect(uploads.map((u) => u.createdAt)).toEqual(Array.from({ length: uploads.length }, (_, i) => i + 1));
      acked = uploads.length;
    }
    // Leftover temp files from killed writes are only atomic-writer temps.
    for (const name of await readdir(dir))
      expect(name === 'uploads.json' || /^\.uploads\.json\.[0-9a-f]{12}\.tmp$/.test(name)).toBe(true);
  }, 120_000);
});
