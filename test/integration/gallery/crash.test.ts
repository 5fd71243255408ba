import { spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { galleryFolderOf } from '../../../src-main/gallery/on-disk-format';
import { GalleryMetaSchema } from '../../../src-preload/contract/domain';
import { addInput, testGallery } from './fixtures';

const CHILD = join(__dirname, 'crash-child.ts');

/** Runs the child until it has started at least `after` adds plus a random bit more, then SIGKILLs it. */
function runAndKill(root: string, after: number, extraMs: number): Promise<{ started: number[]; added: number[] }> {
  return new Promise((resolve, reject) => {
    // node itself with tsx as a loader (the tsx CLI would run the script in a grandchild the kill misses).
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, root, '50'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const started: number[] = [];
    const added: number[] = [];
    let buffer = '';
    let timer: NodeJS.Timeout | null = null;
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop()!;
      for (const line of lines) {
        const [word, n] = line.split(' ');
        (word === 'start' ? started : added).push(Number(n));
        if (word === 'start' && started.length === after && !timer)
          timer = setTimeout(() => child.kill('SIGKILL'), extraMs);
      }
    });
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`child ended without being killed (${signal})`));
      else resolve({ started, added });
    });
  });
}

describe('a crash mid-add', () => {
  it('SIGKILL during add() leaves no half entry; the retry makes exactly one', async () => {
    let killedMidAdd = false;
    for (let attempt = 0; attempt < 8 && !killedMidAdd; attempt++) {
      const g = testGallery();
      const { started, added } = await runAndKill(g.root, 2 + attempt, 20 + attempt * 10);
      const tmpLeft = await readdir(join(g.root, '.tmp')).catch(() => []);
      // A temp folder on disk means the kill landed while the generation's files were being written.
      killedMidAdd = tmpLeft.length > 0;
      if (process.env.GALLERY_CRASH_DEBUG)
        console.log({ attempt, started: started.length, added: added.length, tmpLeft });

      // Reopen on the same files: every visible entry is whole.
      const s = g.make();
      const page = await s.list({ limit: 1000 });
      expect(await readdir(join(g.root, '.tmp')).catch(() => [])).toEqual([]);
      expect(page.problems).toBe(0);
      for (const entry of page.entries) {
        const dir = join(g.root, galleryFolderOf(entry.id));
        const meta = GalleryMetaSchema.parse(JSON.parse(await readFile(join(dir, 'meta.json'), 'utf8')));
        const input = await addInput(meta.taskId, { n: 4, size: 384 });
        expect(Buffer.from(input.sketchPng).equals(await readFile(join(dir, 'sketch.png')))).toBe(true);
        for (const r of input.results)
          expect(Buffer.from(r.bytes).equals(await readFile(join(dir, `result-${r.index}.png`)))).toBe(true);
        expect((await readdir(dir)).sort()).toContain('thumb-3.webp');
      }
      // Every add the child reported as done is there.
      for (const i of added)
        expect(
          await s.hasTask(`crash-${i}`),
          `crash-${i} of ${JSON.stringify({ started, added, ids: page.entries.map((e) => e.id), tmpLeft })}`,
        ).toBe(true);

      // The queue retries every task it had started: one entry each, no duplicates.
      for (const i of started) await s.add(await addInput(`crash-${i}`, { n: 4, size: 384 }));
      const after = await s.list({ limit: 1000 });
      expect(after.total).toBe(started.length);
      expect(new Set(after.entries.map((e) => e.taskId)).size).toBe(started.length);
      await s.shutdown();
    }
    expect(killedMidAdd, 'no kill landed in the middle of an add').toBe(true);
  }, 120_000);
});
