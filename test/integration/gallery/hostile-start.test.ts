import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { mkdir, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { galleryFolderOf } from '../../../src-main/gallery/on-disk-format';
import { addInput, testGallery } from './fixtures';

/**
 * Start on a gallery a stranger filled: FIFOs where meta.json and index.json should be (reading
 * one blocks a libuv thread forever; four exhaust the pool), sparse giant meta.json/index.json
 * files. Measured in a child process running the real services: it must answer (no hang), with
 * a bounded peak RSS and event-loop delay. The bounds are generous on purpose: this tells a hang
 * from an answer and gigabytes from tens of megabytes, it is not a benchmark.
 */

const CHILD = join(__dirname, 'start-child.ts');
/** A child that has not answered by then is hung (a healthy one answers in seconds). */
const HANG_MS = 90_000;
const RSS_BOUND_MB = 500;
const LOOP_DELAY_BOUND_MS = 2_000;

interface ChildReport {
  hung: boolean;
  started: boolean;
  result: {
    startMs: number;
    loadMs: number;
    maxRssMb: number;
    loopDelayMaxMs: number;
    total?: number;
    problems?: number;
    error?: string;
  } | null;
}

function runChild(dataDir: string): Promise<ChildReport> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dataDir], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const report: ChildReport = { hung: false, started: false, result: null };
    let buffer = '';
    const timer = setTimeout(() => {
      report.hung = true;
      child.kill('SIGKILL');
    }, HANG_MS);
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop()!;
      for (const line of lines) {
        if (!line.startsWith('{')) continue;
        const json = JSON.parse(line) as Record<string, unknown>;
        if (json.started) report.started = true;
        else report.result = json as ChildReport['result'];
      }
    });
    child.on('error', reject);
    child.on('exit', () => {
      clearTimeout(timer);
      resolve(report);
    });
  });
}

/** A data folder whose gallery holds one real generation, then `hostile` adds the stranger's part. */
async function galleryWith(
  hostile: (root: string) => Promise<number>,
): Promise<{ dataDir: string; expectedProblems: number }> {
  const g = testGallery();
  const s = g.make();
  await s.add(await addInput('task-good'));
  await s.shutdown();
  const expectedProblems = await hostile(g.root);
  return { dataDir: g.dataDir, expectedProblems };
}

async function folderOf(root: string, id: string): Promise<string> {
  const dir = join(root, galleryFolderOf(id));
  await mkdir(dir, { recursive: true });
  return dir;
}

describe('start on a hostile gallery folder (child process, bounded)', () => {
  it(
    'FIFOs as meta.json (four of them) and as index.json: start answers, each costs one quarantined entry',
    async () => {
      const { dataDir, expectedProblems } = await galleryWith(async (root) => {
        for (let i = 0; i < 4; i++)
          execFileSync('mkfifo', [join(await folderOf(root, `2026110${i + 1}-101010-fifo${i}`), 'meta.json')]);
        await rm(join(root, 'index.json'));
        execFileSync('mkfifo', [join(root, 'index.json')]);
        return 4;
      });
      const r = await runChild(dataDir);
      expect(r.hung, 'the child never answered: start or the gallery load hangs').toBe(false);
      expect(r.started).toBe(true);
      expect(r.result).toMatchObject({ total: 1, problems: expectedProblems });
      expect(r.result!.loopDelayMaxMs).toBeLessThan(LOOP_DELAY_BOUND_MS);
      if (process.env.GALLERY_START_DEBUG) console.log(r.result);
    },
    HANG_MS + 30_000,
  );

  it(
    'three sparse 700 MB meta.json files and a sparse index.json: start stays small',
    async () => {
      const { dataDir, expectedProblems } = await galleryWith(async (root) => {
        for (let i = 0; i < 3; i++) {
          const meta = join(await folderOf(root, `2026110${i + 1}-101010-sparse${i}`), 'meta.json');
          await writeFile(meta, '');
          await truncate(meta, 700 * 1024 * 1024);
        }
        await truncate(join(root, 'index.json'), 700 * 1024 * 1024);
        return 3;
      });
      const r = await runChild(dataDir);
      expect(r.hung).toBe(false);
      expect(r.result).toMatchObject({ total: 1, problems: expectedProblems });
      expect(r.result!.maxRssMb).toBeLessThan(RSS_BOUND_MB);
      expect(r.result!.loopDelayMaxMs).toBeLessThan(LOOP_DELAY_BOUND_MS);
      if (process.env.GALLERY_START_DEBUG) console.log(r.result);
    },
    HANG_MS + 30_000,
  );
});

describe("moving a gallery that holds a stranger's giant file (child process, bounded)", () => {
  it(
    'copies and verifies a sparse 600 MB file without holding it in memory',
    async () => {
      const g = testGallery();
      const s = g.make();
      await s.add(await addInput('task-good'));
      await s.shutdown();
      const giant = join(await folderOf(g.root, '20261101-101010-giant'), 'meta.json');
      await writeFile(giant, '');
      await truncate(giant, 600 * 1024 * 1024);
      const target = join(mkdtempSync(join(tmpdir(), 'gallery-move-big-')), 'moved');
      try {
        const out = execFileSync(
          process.execPath,
          ['--import', 'tsx', join(__dirname, 'move-child.ts'), g.root, target],
          { encoding: 'utf8', timeout: HANG_MS },
        );
        const result = JSON.parse(out.trim().split('\n').pop()!) as { moved: boolean; maxRssMb: number };
        expect(result.moved).toBe(true);
        expect((await stat(join(target, '2026', '11', '20261101-101010-giant', 'meta.json'))).size).toBe(
          600 * 1024 * 1024,
        );
        expect(result.maxRssMb).toBeLessThan(RSS_BOUND_MB);
        if (process.env.GALLERY_START_DEBUG) console.log(result);
      } finally {
        // The copy may not stay sparse: 600 MB of real disk.
        await rm(dirname(target), { recursive: true, force: true });
        await rm(g.dataDir, { recursive: true, force: true });
      }
    },
    HANG_MS + 30_000,
  );
});
