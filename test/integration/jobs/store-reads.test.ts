// Issue 15, the queue's files under a real OS: a torn usage.json is kept aside and the user told
// (never silently zeroed); a record or ledger unreadable for a moment (Windows EBUSY/EACCES, played
// through the store's fs layer) is read again, not quarantined or replaced; every rename and
// removal in the jobs folder is followed by a flush of that folder.
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { UsageSummary } from '../../../src-preload/contract/domain/jobs';
import { nodeJobFs, type JobFs } from '../../../src-main/jobs/job-fs';
import { closeJobsTest, isFinal, jobsEnv, sketchRequest, startQueueApp, type JobsEnv, type QueueApp } from './helpers';

let env: JobsEnv | null = null;
let app: QueueApp | null = null;

afterEach(() => closeJobsTest());

const errno = (code: string) => Object.assign(new Error(`${code}: resource busy or locked, open`), { code });

/** The node fs layer, with reads of files whose name matches `name` failing with `codes`, one per read, in turn. */
function lockedReads(name: RegExp, codes: string[]): JobFs & { failed: number } {
  const left = [...codes];
  const fs = {
    ...nodeJobFs,
    failed: 0,
    async readFile(path: string) {
      if (name.test(path) && left.length > 0) {
        fs.failed++;
        throw errno(left.shift()!);
      }
      return nodeJobFs.readFile(path);
    },
  };
  return fs;
}

async function oneJobDone(e: JobsEnv): Promise<string> {
  app = await startQueueApp(e.dataDir, e.sim);
  const { ids } = await app.call<{ ids: string[] }>('jobs.enqueue', await sketchRequest());
  await app.until(isFinal, 'done');
  expect((await app.usage()).totalImages).toBe(4);
  await app.close();
  app = null;
  return ids[0]!;
}

describe('usage.json', () => {
  it('a torn usage.json is kept aside and the user is told; it is never silently replaced', async () => {
    env = await jobsEnv();
    await oneJobDone(env);
    const path = join(env.dataDir, 'usage.json');
    const whole = await readFile(path, 'utf8');
    const torn = whole.slice(0, Math.floor(whole.length / 2));
    await writeFile(path, torn);

    app = await startQueueApp(env.dataDir, env.sim);
    const usage = await app.call<UsageSummary>('usage.get');
    expect(usage.damaged?.file).toMatch(/^usage\.json\.damaged-/);
    // The damaged bytes are kept, untouched, beside the new ledger.
    expect(await readFile(join(env.dataDir, usage.damaged!.file), 'utf8')).toBe(torn);
    // A new job counts from here on; the notice stays, also after a restart, and the damaged file is still there.
    await app.call('jobs.enqueue', await sketchRequest({ prompt: 'after the damage' }));
    await app.until((s) => s.jobs.length === 2 && isFinal(s), 'second job done');
    expect((await app.usage()).totalImages).toBe(4);
    await app.close();
    app = await startQueueApp(env.dataDir, env.sim);
    const again = await app.call<UsageSummary>('usage.get');
    expect(again.damaged).toEqual(usage.damaged);
    expect(again.totalImages).toBe(4);
    expect(await readFile(join(env.dataDir, usage.damaged!.file), 'utf8')).toBe(torn);
  });

  it('a usage.json locked for a moment (EBUSY, EACCES) is read again: history and quota kept', async () => {
    env = await jobsEnv();
    app = await startQueueApp(env.dataDir, env.sim);
    await app.call('usage.setQuota', { images: 77, startsAt: Date.UTC(2026, 0, 1), days: 90 });
    await app.close();
    app = null;
    await oneJobDone(env);
    const fs = lockedReads(/usage\.json$/, ['EBUSY', 'EACCES', 'EBUSY']);
    app = await startQueueApp(env.dataDir, env.sim, { jobsTuning: { fs } });
    const usage = await app.call<UsageSummary>('usage.get');
    expect(fs.failed).toBe(3);
    expect(usage).toMatchObject({ totalImages: 4, quota: { images: 77, days: 90 } });
    expect(usage.damaged).toBeUndefined();
    expect((await readdir(env.dataDir)).filter((n) => n.startsWith('usage.json.'))).toEqual([]);
  });
});

describe('job records', () => {
  it('a record locked for a moment (EBUSY, EACCES) is read again, not quarantined', async () => {
    env = await jobsEnv();
    const id = await oneJobDone(env);
    const fs = lockedReads(new RegExp(`${id}\\.json$`), ['EBUSY', 'EACCES', 'EPERM']);
    app = await startQueueApp(env.dataDir, env.sim, { jobsTuning: { fs } });
    expect(fs.failed).toBe(3);
    const s = app.snapshot();
    expect(s.problems).toEqual([]);
    expect(s.jobs.map((j) => [j.id, j.state])).toEqual([[id, 'done']]);
    expect(existsSync(join(env.dataDir, 'jobs', 'quarantine'))).toBe(false);
  });

  it('a record that stays locked is reported and left in place (not quarantined); it loads at the next start', async () => {
    env = await jobsEnv();
    const id = await oneJobDone(env);
    const fs = lockedReads(
      new RegExp(`${id}\\.json$`),
      Array.from({ length: 50 }, () => 'EACCES'),
    );
    app = await startQueueApp(env.dataDir, env.sim, { jobsTuning: { fs } });
    const s = app.snapshot();
    expect(s.jobs).toEqual([]);
    expect(s.problems).toMatchObject([{ file: `${id}.json`, reason: 'unreadable' }]);
    expect(existsSync(join(env.dataDir, 'jobs', `${id}.json`))).toBe(true);
    expect(existsSync(join(env.dataDir, 'jobs', `${id}.sketch.png`))).toBe(true);
    expect(existsSync(join(env.dataDir, 'jobs', 'quarantine'))).toBe(false);
    await app.close();
    app = await startQueueApp(env.dataDir, env.sim);
    expect(app.snapshot().jobs.map((j) => [j.id, j.state])).toEqual([[id, 'done']]);
  });
});

describe('folder flushes', () => {
  it('every rename and removal in the jobs folder and beside usage.json is followed by a flush of its folder', async () => {
    env = await jobsEnv();
    await oneJobDone(env);
    const ops: ({ op: 'rename'; dirs: string[] } | { op: 'rm'; dirs: string[] } | { op: 'fsync'; dir: string })[] = [];
    const fs: JobFs = {
      ...nodeJobFs,
      async rename(from, to) {
        await nodeJobFs.rename(from, to);
        ops.push({ op: 'rename', dirs: [dirname(from), dirname(to)] });
      },
      async rm(path) {
        const existed = existsSync(path);
        await nodeJobFs.rm(path);
        if (existed) ops.push({ op: 'rm', dirs: [dirname(path)] });
      },
      async fsyncDir(dir) {
        await nodeJobFs.fsyncDir(dir);
        ops.push({ op: 'fsync', dir });
      },
    };
    // A start that quarantines a torn record, drops a temp leftover and an orphan sketch, and moves a torn ledger aside…
    const jobs = join(env.dataDir, 'jobs');
    await writeFile(join(jobs, 'j-torn.json'), '{"schemaVersion":1,"id":"j-to');
    await writeFile(join(jobs, '.j-x.json.0123456789ab.tmp'), 'x');
    await writeFile(join(jobs, 'j-orphan.sketch.png'), 'x');
    await writeFile(join(env.dataDir, 'usage.json'), '{"schemaVersion":1,"quo');
    app = await startQueueApp(env.dataDir, env.sim, { jobsTuning: { fs } });
    await app.usage();
    // …then Clear finished removes the done job's files.
    await app.call('jobs.clearFinished');
    await app.until((s) => s.jobs.length === 0, 'cleared');
    await app.close();
    app = null;
    const renames = ops.filter((o) => o.op === 'rename').length;
    const removals = ops.filter((o) => o.op === 'rm').length;
    expect(renames).toBeGreaterThanOrEqual(2);
    expect(removals).toBeGreaterThanOrEqual(4);
    ops.forEach((o, i) => {
      if (o.op === 'fsync') return;
      for (const dir of o.dirs) {
        const flushed = ops.slice(i + 1).some((later) => later.op === 'fsync' && later.dir === dir);
        expect(flushed, `${o.op} in ${dir} (op ${i}) followed by a flush of that folder`).toBe(true);
      }
    });
  });
});
