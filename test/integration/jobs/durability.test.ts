import { execFileSync } from 'node:child_process';
import { mkdir, readdir, readFile, rm, writeFile, appendFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DurableWrite } from '../../../src-main/jobs/job-store';
import { writeFileAtomic } from '../../../src-main/common/atomic-file';
import {
  closeJobsTest,
  first,
  isFinal,
  jobsEnv,
  sketchRequest,
  startQueueApp,
  type JobsEnv,
  type QueueApp,
} from './helpers';

let env: JobsEnv | null = null;
let app: QueueApp | null = null;
const cleanups: (() => Promise<void>)[] = [];

afterEach(() => closeJobsTest(cleanups));

const recordPath = (e: JobsEnv, id: string) => join(e.dataDir, 'jobs', `${id}.json`);
const readRecord = async (e: JobsEnv, id: string) =>
  JSON.parse(await readFile(recordPath(e, id), 'utf8')) as Record<string, unknown>;

describe('job queue durability', () => {
  it('a submitted task older than 24 h is expired on start, sketch and parameters kept, and retry re-queues it', async () => {
    env = await jobsEnv({ clock: 'manual' });
    env.sim.runTimes.enqueue(2 * 3_600_000);
    app = await startQueueApp(env.dataDir, env.sim);
    const { ids } = await app.call<{ ids: string[] }>('jobs.enqueue', await sketchRequest());
    const id = ids[0]!;
    await app.until((s) => first(s).state === 'running', 'running');
    await app.close();
    app = null;
    expect((await readRecord(env, id)).state).toBe('running');
    await env.sim.clock.advance(25 * 3_600_000);
    app = await startQueueApp(env.dataDir, env.sim);
    const job = first(await app.until(isFinal, 'expired'));
    expect(job).toMatchObject({ id, state: 'expired', error: { code: 'jobs.taskExpired' } });
    expect(job.params.prompt).toBe('a red roof and a blue door');
    expect(env.sim.counters.get('create')).toBe(1);
    env.sim.runTimes.enqueue(20_000);
    await app.call('jobs.retry', { id });
    const again = first(await app.until(isFinal, 'done after retry'));
    expect(again.state).toBe('done');
    expect(again.taskId).not.toBe(job.taskId);
    expect(env.sim.counters.get('create')).toBe(2);
  });

  it('usage counts a task once across a restart, also when the final write was lost after the gallery add', async () => {
    env = await jobsEnv();
    app = await startQueueApp(env.dataDir, env.sim);
    const { ids } = await app.call<{ ids: string[] }>('jobs.enqueue', await sketchRequest());
    const id = ids[0]!;
    const done = first(await app.until(isFinal, 'done'));
    expect(done.state).toBe('done');
    expect((await app.usage()).totalImages).toBe(4);
    await app.close();
    app = null;
    // As if the process died after the gallery add and before the final record write.
    const record = await readRecord(env, id);
    await writeFileAtomic(
      recordPath(env, id),
      JSON.stringify({ ...record, state: 'downloading', galleryId: null, images: null }),
    );
    app = await startQueueApp(env.dataDir, env.sim);
    const resumed = first(await app.until(isFinal, 'done again'));
    expect(resumed).toMatchObject({ state: 'done', galleryId: done.galleryId });
    const usage = await app.usage();
    expect(usage.totalImages).toBe(4);
    expect(usage.days).toHaveLength(1);
    expect(usage.days[0]!.images).toBe(4);
    const page = await app.services.gallery.list({});
    expect(page.entries.filter((e) => e.taskId === done.taskId)).toHaveLength(1);
    expect(env.sim.counters.get('create')).toBe(1);
  });

  it('corrupt job files are moved to quarantine and reported; every other job loads', async () => {
    env = await jobsEnv();
    app = await startQueueApp(env.dataDir, env.sim);
    const { ids } = await app.call<{ ids: string[] }>('jobs.enqueue', await sketchRequest());
    await app.until(isFinal, 'done');
    await app.close();
    app = null;
    const dir = join(env.dataDir, 'jobs');
    const good = await readRecord(env, ids[0]!);
    await writeFile(join(dir, 'j-torn.json'), '{"schemaVersion":1,"id":"j-to');
    await writeFile(join(dir, 'j-wrong.json'), JSON.stringify({ ...good, id: 'j-wrong', state: 'flying' }));
    await writeFile(join(dir, 'j-future.json'), JSON.stringify({ ...good, id: 'j-future', schemaVersion: 99 }));
    app = await startQueueApp(env.dataDir, env.sim);
    const s = app.snapshot();
    expect(s.jobs.map((j) => j.id)).toEqual([ids[0]]);
    expect(s.problems.map((p) => [p.file, p.reason]).sort()).toEqual([
      ['j-future.json', 'newerVersion'],
      ['j-torn.json', 'notJson'],
      ['j-wrong.json', 'invalid'],
    ]);
    expect((await readdir(join(dir, 'quarantine'))).sort()).toEqual(['j-future.json', 'j-torn.json', 'j-wrong.json']);
    expect(
      (await readdir(dir)).filter((n) => n.startsWith('j-torn') || n.startsWith('j-wrong') || n.startsWith('j-future')),
    ).toEqual([]);
    await app.call('jobs.dismissProblems');
    expect(app.snapshot().problems).toEqual([]);
  });

  it('a full disk while writing a job record keeps the previous record, pauses with jobs.writeFailed, and resumes', async () => {
    env = await jobsEnv();
    const jobsDir = join(env.dataDir, 'jobs');
    await mkdir(jobsDir, { recursive: true });
    // A real full disk where we may mount one (a 1 MiB tmpfs); else the one stand-in: a write that fails with ENOSPC.
    let full = false;
    let write: DurableWrite | undefined;
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', jobsDir], { stdio: 'ignore' });
      cleanups.push(async () => void execFileSync('umount', [jobsDir]));
    } catch {
      write = async (path, data) => {
        if (full)
          throw Object.assign(new Error(`ENOSPC: no space left on device, write '${path}'`), { code: 'ENOSPC' });
        await writeFileAtomic(path, data);
      };
    }
    const filler = join(jobsDir, 'filler.bin');
    const fillDisk = async () => {
      if (write) return void (full = true);
      try {
        for (let i = 0; i < 1024; i++) await appendFile(filler, Buffer.alloc(4096, 1));
      } catch (e) {
        expect((e as NodeJS.ErrnoException).code).toBe('ENOSPC');
        return;
      }
      throw new Error('the tmpfs never filled');
    };
    // No key yet, so the job waits queued while the disk fills; the key then lets it take its next step.
    app = await startQueueApp(env.dataDir, env.sim, { apiKey: null, ...(write ? { jobsTuning: { write } } : {}) });
    const { ids } = await app.call<{ ids: string[] }>('jobs.enqueue', await sketchRequest());
    const id = ids[0]!;
    await app.until((s) => first(s).wait?.reason === 'noApiKey', 'waiting for a key');
    const before = await readFile(recordPath(env, id), 'utf8');
    await fillDisk();
    await app.services.apiKey.set(env.sim.apiKey);
    const halted = await app.until((s) => s.storageError !== null, 'storage error');
    expect(halted.storageError).toMatchObject({ code: 'jobs.writeFailed' });
    expect(halted.storageError!.message).toContain('ENOSPC');
    expect(halted.storageError!.message).not.toContain(env.dataDir);
    expect(halted.paused).toBe(true);
    expect(await readFile(recordPath(env, id), 'utf8')).toBe(before);
    expect(JSON.parse(before).state).toBe('queued');
    expect(env.sim.counters.get('create')).toBe(0);
    // Enqueue is refused while the disk is full, nothing half-written is left as a job.
    expect((await app.callError('jobs.enqueue', await sketchRequest({ prompt: 'another' }))).code).toBe(
      'jobs.writeFailed',
    );
    // Room again: resume, and the job runs to the end.
    full = false;
    await rm(filler, { force: true });
    await app.call('jobs.setPaused', { paused: false });
    const s = await app.until((x) => x.jobs.find((j) => j.id === id)?.state === 'done', 'done after resume');
    expect(s.storageError).toBeNull();
    expect(env.sim.counters.get('create')).toBe(1);
  });

  it('an expired result URL marks that image lost and keeps the others', async () => {
    env = await jobsEnv();
    env.sim.faults.add({
      route: 'oss.result',
      fault: { kind: 'status', status: 403, code: 'AccessDenied', message: 'Request has expired.' },
      times: 2,
    });
    app = await startQueueApp(env.dataDir, env.sim);
    await app.call('jobs.enqueue', await sketchRequest());
    const job = first(await app.until(isFinal, 'final'));
    expect(job).toMatchObject({
      state: 'partial',
      images: { ok: 2, failed: 0, lost: 2 },
      error: { code: 'jobs.resultExpired' },
    });
    const meta = await app.services.gallery.get(job.galleryId!);
    expect(meta.images.map((i) => i.status).sort()).toEqual(['lost', 'lost', 'ok', 'ok']);
    expect((await app.usage()).totalImages).toBe(4);
  });
});

describe('job queue uploads', () => {
  it('re-uploads a sketch whose URL would lapse before its create goes out', async () => {
    env = await jobsEnv({ clock: 'manual' });
    env.sim.runTimes.enqueue(2 * 3_600_000);
    app = await startQueueApp(env.dataDir, env.sim);
    const a = (await app.call<{ ids: string[] }>('jobs.enqueue', await sketchRequest({ prompt: 'first' }))).ids[0]!;
    const b = (
      await app.call<{ ids: string[] }>(
        'jobs.enqueue',
        await sketchRequest(
          { prompt: 'second' },
          {
            colors: [
              [0, 160, 60],
              [250, 200, 0],
            ],
          },
        ),
      )
    ).ids[0]!;
    // B is uploaded ahead while A's task holds the account's one slot.
    await app.until(
      (s) =>
        s.jobs.find((j) => j.id === b)?.wait?.reason === 'taskInFlight' &&
        s.jobs.find((j) => j.id === a)?.state === 'running',
      'B waiting behind A',
    );
    expect(app.job(b).state).toBe('uploaded');
    const uploadsBefore = env.sim.counters.get('oss.upload');
    expect(uploadsBefore).toBe(2);
    await app.close();
    app = null;
    // 45 h later B's temporary upload has 3 h left, less than the 3.5 h this queue wants.
    await env.sim.clock.advance(45 * 3_600_000);
    app = await startQueueApp(env.dataDir, env.sim, { jobsTuning: { uploadMarginMs: 3.5 * 3_600_000 } });
    const s = await app.until(isFinal, 'both final', 30_000);
    expect(s.jobs.find((j) => j.id === a)?.state).toBe('expired');
    expect(s.jobs.find((j) => j.id === b)?.state).toBe('done');
    expect(env.sim.counters.get('oss.upload')).toBe(uploadsBefore + 1);
    expect(env.sim.counters.get('create')).toBe(2);
  });
});

describe('job queue pause', () => {
  it('a paused queue stays paused across a restart, and runs once resumed', async () => {
    env = await jobsEnv();
    app = await startQueueApp(env.dataDir, env.sim);
    await app.call('jobs.setPaused', { paused: true });
    const { ids } = await app.call<{ ids: string[] }>('jobs.enqueue', await sketchRequest());
    await app.close();
    app = null;
    app = await startQueueApp(env.dataDir, env.sim);
    const s = await app.until((x) => x.jobs[0]?.wait?.reason === 'paused', 'paused after restart');
    expect(s.paused).toBe(true);
    expect(env.sim.counters.get('create')).toBe(0);
    await app.call('jobs.setPaused', { paused: false });
    expect((await app.until(isFinal, 'done')).jobs.find((j) => j.id === ids[0])?.state).toBe('done');
  });
});
