import { afterEach, describe, expect, it } from 'vitest';
import type { JobWait } from '../../../src-preload/contract/domain/jobs';
import { writeFileAtomic } from '../../../src-main/common/atomic-file';
import { SessionSecretBackend, type SecretBackend } from '../../../src-main/secrets/backend';
import {
  bill,
  closeJobsTest,
  isFinal,
  jobsEnv,
  OTHER_ACCOUNT,
  OTHER_KEY,
  sketchRequest,
  startQueueApp,
  type JobsEnv,
  type QueueApp,
} from './helpers';

/**
 * The submit lane under faults of its own machine: a keychain read that fails, an `uploads.json`
 * that cannot be written, a key changed between upload and create. Judged by what the user sees
 * (job state, wait reason, gallery) and what the bill says (simulator tasks).
 */

let env: JobsEnv | null = null;
let app: QueueApp | null = null;

afterEach(() => closeJobsTest());

async function galleryImages(a: QueueApp): Promise<number> {
  let n = 0;
  for (const j of a.snapshot().jobs) {
    if (!j.galleryId) continue;
    n += (await a.services.gallery.get(j.galleryId)).images.filter((i) => i.status === 'ok').length;
  }
  return n;
}

/** A keychain whose next reads of the API key fail, as a locked collection or a restarting daemon answers. */
class FlakyKeychain implements SecretBackend {
  readonly kind = 'keychain' as const;
  private readonly inner = new SessionSecretBackend();
  failReads = 0;
  async get(account: string): Promise<string | null> {
    if (account.startsWith('dashscope.apiKey@') && this.failReads > 0) {
      this.failReads--;
      throw new Error('org.freedesktop.Secret.Error.IsLocked');
    }
    return this.inner.get(account);
  }
  set(account: string, value: string): Promise<void> {
    return this.inner.set(account, value);
  }
  delete(account: string): Promise<void> {
    return this.inner.delete(account);
  }
}

describe('submit lane faults', () => {
  it('a failed keychain read does not stop the submit lane: the job shows a wait, then runs once the keychain answers', async () => {
    env = await jobsEnv();
    const keychain = new FlakyKeychain();
    app = await startQueueApp(env.dataDir, env.sim, {
      secretBackend: keychain,
      jobsTuning: { backoff: { baseMs: 50, maxMs: 200 } },
    });
    keychain.failReads = 1;
    await app.call('jobs.enqueue', await sketchRequest());
    const waits: JobWait[] = [];
    await app.until((s) => {
      const w = s.jobs[0]?.wait;
      if (w) waits.push(w);
      return waits.length > 0;
    }, 'a wait reason');
    expect(['backoff', 'noApiKey']).toContain(waits[0]!.reason);
    // The user unlocks the keychain (Settings: try the keychain again).
    await app.services.apiKey.retryKeychain();
    const s = await app.until(isFinal, 'final', 30_000);
    expect(s.jobs[0]).toMatchObject({ state: 'done', images: { ok: 4, failed: 0, lost: 0 } });
    expect(await bill(env.sim)).toEqual({ tasks: 1, images: 4 });
    expect(await galleryImages(app)).toBe(4);
  });

  it('uploads.json cannot be written: the queue pauses with storageError (job not failed), and completes after resume', async () => {
    env = await jobsEnv();
    let diskFull = true;
    const write = async (path: string, data: string | Uint8Array) => {
      if (diskFull && path.endsWith('uploads.json'))
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      await writeFileAtomic(path, data);
    };
    app = await startQueueApp(env.dataDir, env.sim, { jobsTuning: { write } });
    await app.call('jobs.enqueue', await sketchRequest());
    const paused = await app.until((s) => s.storageError !== null || isFinal(s), 'storage error or final');
    expect(paused.jobs[0]!.state).not.toBe('failed');
    expect(paused.storageError).toMatchObject({ code: 'jobs.writeFailed' });
    expect(paused.paused).toBe(true);
    expect(env.sim.counters.get('create')).toBe(0);
    diskFull = false;
    await app.call('jobs.setPaused', { paused: false });
    const s = await app.until(isFinal, 'final', 30_000);
    expect(s.jobs[0]).toMatchObject({ state: 'done', images: { ok: 4, failed: 0, lost: 0 } });
    expect(s.storageError).toBeNull();
    expect(await bill(env.sim)).toEqual({ tasks: 1, images: 4 });
  });

  it('a sketch kept in DashScope temporary storage under the old key is uploaded again for a key of another account (no InvalidURL)', async () => {
    env = await jobsEnv();
    env.sim.accounts.add(OTHER_ACCOUNT);
    // The first job's task runs long; the second is uploaded meanwhile and waits for the account's slot.
    env.sim.runTimes.enqueue(600_000);
    app = await startQueueApp(env.dataDir, env.sim);
    await app.call('jobs.enqueue', await sketchRequest({}, { variants: [{}, { style: '<anime>' }] }));
    await app.until(
      (s) => s.jobs.some((j) => j.state === 'running') && s.jobs.some((j) => j.wait?.reason === 'taskInFlight'),
      'one running, one waiting uploaded',
    );
    expect(app.snapshot().jobs.find((j) => j.wait?.reason === 'taskInFlight')?.state).toBe('uploaded');
    await app.services.apiKey.set(OTHER_KEY);
    const s = await app.until(isFinal, 'final', 30_000);
    expect(s.jobs.map((j) => [j.state, j.error?.code ?? null])).toEqual([
      ['done', null],
      ['done', null],
    ]);
    expect(await bill(env.sim)).toEqual({ tasks: 2, images: 8 });
    expect(await galleryImages(app)).toBe(8);
  });
});
