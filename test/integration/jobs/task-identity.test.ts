import { randomBytes } from 'node:crypto';
import * as keytar from 'keytar';
import { afterEach, describe, expect, it } from 'vitest';
import type { FetchLike } from '../../../src-main/common/fetch';
import { keytarBackend, SessionSecretBackend, type SecretBackend } from '../../../src-main/secrets/backend';
import { keyIdOf, taskKeyAccount } from '../../../src-main/secrets/task-keys';
import { UNKNOWN_CONFIRM_MS } from '../../../src-main/jobs/task-lane';
import { startSimulator } from '../../sim';
import { makeSketch, startFileServer } from '../../sim/fixtures';
import { createBody, CREATE_PATH } from '../sim/helpers';
import {
  bill,
  closeJobsTest,
  finalStates,
  first,
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
 * A task belongs to the identity its create used (endpoint, key, workspace): the key switched to
 * another account, the region switched, a restart in between — the running task is still
 * followed with its own key, collected, billed once and kept.
 */

let env: JobsEnv | null = null;
let app: QueueApp | null = null;
const closers: (() => Promise<void>)[] = [];

afterEach(() => closeJobsTest(closers));

/**
 * A keychain that outlives the app's restarts: the real Secret Service in a D-Bus session (npm
 * test sets one up), else an in-process store standing in for it (kept across the restart).
 */
function keychain(): { backend: SecretBackend; read(account: string): Promise<string | null> } {
  if (!process.env.DBUS_SESSION_BUS_ADDRESS) {
    const backend = new SessionSecretBackend();
    return { backend, read: (account) => backend.get(account) };
  }
  const service = `Wanx Sketch Studio (task-identity ${randomBytes(4).toString('hex')})`;
  closers.push(async () => {
    for (const c of await keytar.findCredentials(service))
      await keytar.deletePassword(service, c.account).catch(() => undefined);
  });
  return { backend: keytarBackend(keytar, service), read: (account) => keytar.getPassword(service, account) };
}

/** Quits the app (as the user closing it) and starts it again on the same data folder and keychain. */
async function restart(
  e: JobsEnv,
  secretBackend: SecretBackend,
  over: Parameters<typeof startQueueApp>[2] = {},
): Promise<QueueApp> {
  await app?.close();
  app = null;
  // apiKey: null — the keys are in the keychain already; the restarted app is told nothing.
  app = await startQueueApp(e.dataDir, e.sim, { ...over, secretBackend, apiKey: null });
  return app;
}

/** Some other task of the account's that holds the one running slot for `ms` (sim time). */
async function blockerTask(e: JobsEnv, ms: number): Promise<string> {
  e.sim.runTimes.enqueue(ms);
  const files = await startFileServer();
  files.put('/sketch.png', await makeSketch({}));
  closers.push(() => files.close());
  const res = await fetch(`${e.sim.baseUrl}${CREATE_PATH}`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${e.sim.apiKey}`,
      'X-DashScope-Async': 'enable',
      'Content-Type': 'application/json',
    },
    body: createBody({}, files.url('/sketch.png')),
  });
  return ((await res.json()) as { output: { task_id: string } }).output.task_id;
}

/** Images the user has in the gallery for the job. */
async function galleryImages(a: QueueApp, galleryId: string | null): Promise<number> {
  if (!galleryId) return 0;
  const meta = await a.services.gallery.get(galleryId);
  return meta.images.filter((i) => i.status === 'ok').length;
}

describe('a task is followed with the identity its create used', () => {
  it('the key switched to another account while the task runs, then a restart: the job completes, one task billed, 4 images in the gallery; the old key leaves the keychain after', async () => {
    env = await jobsEnv();
    env.sim.accounts.add(OTHER_ACCOUNT);
    env.sim.runTimes.enqueue(600_000);
    const kc = keychain();
    app = await startQueueApp(env.dataDir, env.sim, { secretBackend: kc.backend });
    await app.call('jobs.enqueue', await sketchRequest());
    await app.until((s) => first(s).state === 'running', 'running');
    // The user pastes a key of another account into Settings while the task runs, and quits.
    await app.services.apiKey.set(OTHER_KEY);
    const pin = taskKeyAccount(env.sim.origin, keyIdOf(env.sim.apiKey));
    expect(await kc.read(pin)).toBe(env.sim.apiKey);
    app = await restart(env, kc.backend);
    const job = first(await app.until(isFinal, 'final', 30_000));
    expect(job).toMatchObject({ state: 'done', images: { ok: 4, failed: 0, lost: 0 } });
    expect(await bill(env.sim)).toEqual({ tasks: 1, images: 4 });
    expect(await galleryImages(app, job.galleryId)).toBe(4);
    expect((await app.usage()).totalImages).toBe(4);
    // The old key leaves the keychain once no task needs it; the user's new key stays.
    for (let i = 0; i < 200 && (await kc.read(pin)) !== null; i++) await new Promise((r) => setTimeout(r, 20));
    expect(await kc.read(pin)).toBeNull();
    expect(await app.services.apiKey.get()).toBe(OTHER_KEY);
  });

  it('the region switched while the task runs, then a restart: polled at its own endpoint with its own key, nothing asked of the new region', async () => {
    env = await jobsEnv();
    const other = await startSimulator({ clock: env.sim.clock, accounts: [OTHER_ACCOUNT] });
    closers.push(() => other.close());
    env.sim.runTimes.enqueue(600_000);
    const regionUrls = { 'cn-beijing': env.sim.baseUrl, 'ap-southeast-1': other.baseUrl, 'us-east-1': env.sim.baseUrl };
    const kc = keychain();
    app = await startQueueApp(env.dataDir, env.sim, { regionUrls, secretBackend: kc.backend });
    await app.services.apiKey.set(OTHER_KEY, { region: 'ap-southeast-1' });
    await app.call('jobs.enqueue', await sketchRequest());
    await app.until((s) => first(s).state === 'running', 'running');
    app.services.settings.update({ dashscope: { region: 'ap-southeast-1' } });
    app = await restart(env, kc.backend, { regionUrls });
    const job = first(await app.until(isFinal, 'final', 30_000));
    expect(job).toMatchObject({ state: 'done', images: { ok: 4, failed: 0, lost: 0 } });
    expect(await bill(env.sim)).toEqual({ tasks: 1, images: 4 });
    expect(await bill(other)).toEqual({ tasks: 0, images: 0 });
    expect(await galleryImages(app, job.galleryId)).toBe(4);
    expect(other.counters.get('task.get')).toBe(0);
  });

  it('cancel after the key switched to another account: the PENDING task is canceled on the server with its own key, nothing billed', async () => {
    env = await jobsEnv();
    env.sim.accounts.add(OTHER_ACCOUNT);
    // Another task of the account holds its one running slot: ours stays PENDING, so it can be canceled.
    await blockerTask(env, 3_600_000);
    app = await startQueueApp(env.dataDir, env.sim);
    const { ids } = await app.call<{ ids: string[] }>('jobs.enqueue', await sketchRequest());
    const taskId = first(await app.until((s) => first(s).state === 'submitted', 'submitted')).taskId!;
    await app.services.apiKey.set(OTHER_KEY);
    expect(await app.call('jobs.cancel', { id: ids[0] })).toEqual({ outcome: 'canceled' });
    expect(app.job(ids[0]!).state).toBe('canceled');
    expect((await env.sim.tasks.get(taskId))?.status).toBe('CANCELED');
    expect((await bill(env.sim)).images).toBe(0);
  });

  it('UNKNOWN for its own task on every look: expired only after looks over UNKNOWN_CONFIRM_MS, then the queue goes on', async () => {
    env = await jobsEnv({ clock: 'manual' });
    let gone: string | null = null;
    // The first task vanishes from the server (as if its 24 h had passed by the server's clock).
    const fetch: FetchLike = async (input, init) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      const m = /\/api\/v1\/tasks\/([^/?]+)\/?$/.exec(new URL(url).pathname);
      if (m && (init?.method ?? 'GET') === 'GET' && (gone ??= m[1]!) === m[1]) {
        return new Response(
          JSON.stringify({
            request_id: randomBytes(8).toString('hex'),
            output: { task_id: m[1], task_status: 'UNKNOWN' },
          }),
          {
            status: 200,
            headers: { 'Content-Type': 'application/json' },
          },
        );
      }
      return globalThis.fetch(input, init);
    };
    app = await startQueueApp(env.dataDir, env.sim, { fetch, manualStepMs: 5_000 });
    const { ids } = await app.call<{ ids: string[] }>(
      'jobs.enqueue',
      await sketchRequest({}, { variants: [{}, { style: '<anime>' }] }),
    );
    const unknownWaits = new Set<number>();
    const s = await app.until(
      (x) => {
        const w = x.jobs.find((j) => j.id === ids[0])?.wait;
        if (w?.reason === 'backoff' && w.code === 'jobs.taskUnknown') unknownWaits.add(w.attempt);
        return x.jobs.every((j) => finalStates.has(j.state));
      },
      'both final',
      60_000,
    );
    const lost = s.jobs.find((j) => j.id === ids[0])!;
    expect(lost).toMatchObject({ state: 'expired', error: { code: 'jobs.taskExpired' } });
    expect(unknownWaits.size).toBeGreaterThan(1);
    // Not on one look: the looks spanned the confirm period (queue clock).
    expect(lost.endedAt! - lost.submittedAt!).toBeGreaterThanOrEqual(UNKNOWN_CONFIRM_MS);
    expect(s.jobs.find((j) => j.id === ids[1])).toMatchObject({ state: 'done', images: { ok: 4, failed: 0, lost: 0 } });
  });

  it('UNKNOWN for its own task before 24 h is not taken on one look: the job still completes', async () => {
    env = await jobsEnv();
    env.sim.runTimes.enqueue(60_000);
    let lies = 2;
    // A lagging server front answers UNKNOWN twice for a task it has.
    const fetch: FetchLike = async (input, init) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      const m = /\/api\/v1\/tasks\/([^/?]+)\/?$/.exec(new URL(url).pathname);
      if (m && (init?.method ?? 'GET') === 'GET' && lies > 0) {
        lies--;
        return new Response(
          JSON.stringify({
            request_id: randomBytes(8).toString('hex'),
            output: { task_id: m[1], task_status: 'UNKNOWN' },
          }),
          {
            status: 200,
            headers: { 'Content-Type': 'application/json' },
          },
        );
      }
      return globalThis.fetch(input, init);
    };
    app = await startQueueApp(env.dataDir, env.sim, { fetch });
    await app.call('jobs.enqueue', await sketchRequest());
    const job = first(await app.until(isFinal, 'final', 30_000));
    expect(lies).toBe(0);
    expect(job).toMatchObject({ state: 'done', images: { ok: 4, failed: 0, lost: 0 } });
    expect(await bill(env.sim)).toEqual({ tasks: 1, images: 4 });
    expect(await galleryImages(app, job.galleryId)).toBe(4);
  });
});
