import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { Simulator } from '../../sim';
import { closeServer, listenLoopback } from '../loopback';
import { startS3rver } from '../storage/s3rver';
import {
  closeJobsTest,
  finalStates,
  first,
  jobsEnv,
  sketchRequest,
  startQueueApp,
  type JobsEnv,
  type QueueApp,
} from './helpers';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

/**
 * Retry while the old task's upload is still being released: a slow S3 DELETE (deleteAfterTask)
 * keeps the old task's worker busy while the user retries. The new task must still be polled to
 * its end, and its sketch must not be deleted from under it.
 */

let env: JobsEnv | null = null;
let app: QueueApp | null = null;
const closers: (() => Promise<void>)[] = [];

afterEach(() => closeJobsTest(closers));

/** A loopback front for s3rver that can hold DELETE requests (a slow storage host), everything else passed through as is. */
class SlowDeletes {
  holding = true;
  readonly held: (() => void)[] = [];
  deletes = 0;
  origin = '';
  private server!: Server;

  constructor(private readonly target: number) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      if (req.method === 'DELETE') {
        this.deletes++;
        if (this.holding) {
          this.held.push(() => this.forward(req, res));
          return;
        }
      }
      this.forward(req, res);
    });
    this.origin = await listenLoopback(this.server);
    return this;
  }

  release(): void {
    this.holding = false;
    for (const go of this.held.splice(0)) go();
  }

  private forward(req: IncomingMessage, res: ServerResponse): void {
    // Headers unchanged (Host included): the SigV4 signature covers them.
    const out = request(
      { host: '127.0.0.1', port: this.target, method: req.method, path: req.url, headers: req.headers },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    out.on('error', () => res.destroy());
    req.pipe(out);
  }

  close(): Promise<void> {
    this.release();
    return closeServer(this.server);
  }
}

async function bill(sim: Simulator): Promise<{ tasks: number; images: number; statuses: string[] }> {
  const all = await Promise.all(sim.tasks.ids().map((id) => sim.tasks.get(id)));
  const tasks = all.filter((t) => t !== undefined).sort((a, b) => a.submitAt - b.submitAt);
  return {
    tasks: tasks.length,
    images: tasks.filter((t) => t.status === 'SUCCEEDED').reduce((n, t) => n + t.n, 0),
    statuses: tasks.map((t) => t.status),
  };
}

describe('Retry racing the release of the old task upload', () => {
  it('a Retry while the old S3 delete is still under way: the new task is polled to its end, 4 images in the gallery', async () => {
    const { s3, port } = await startS3rver('s3rver-race-');
    closers.push(() => s3.close());
    const front = await new SlowDeletes(port).start();
    closers.push(() => front.close());

    env = await jobsEnv();
    env.sim.outcomes.enqueue({ kind: 'fail', code: 'InternalError.Algo', message: 'Algorithm process error.' });
    app = await startQueueApp(env.dataDir, env.sim);
    await app.call('settings.update', {
      storage: {
        adapter: 's3',
        s3: {
          endpoint: front.origin,
          region: 'us-east-1',
          bucket: 'sketches',
          prefix: 'wss/',
          pathStyle: true,
          presignHours: 24,
          deleteAfterTask: true,
        },
      },
    });
    await app.call('storage.setSecret', { adapter: 's3', field: 'accessKeyId', value: 'S3RVER' });
    await app.call('storage.setSecret', { adapter: 's3', field: 'secretAccessKey', value: 'S3RVER' });

    const { ids } = await app.call<{ ids: string[] }>('jobs.enqueue', await sketchRequest());
    const id = ids[0]!;
    // The task failed; the old worker now deletes the sketch, and the storage host is slow.
    await app.until((s) => first(s).state === 'failed' && front.held.length > 0, 'failed, its delete held');
    await app.call('jobs.retry', { id });
    const uploader = app.services.storage.uploader;
    // Let the delete through once the retried job has gone as far as it can while it is held:
    // a new task made, or an upload of the same sketch waiting for the delete to end.
    await app.until(
      (s) =>
        ['submitted', 'running', 'downloading'].includes(first(s).state) ||
        (first(s).state === 'uploading' && uploader.deletesInFlight() > 0),
      'the retried job as far as it goes while the delete is held',
    );
    front.release();
    const job = first(await app.until((s) => finalStates.has(first(s).state), 'final', 30_000));
    expect(job).toMatchObject({ state: 'done', images: { ok: 4, failed: 0, lost: 0 } });
    expect(await bill(env.sim)).toEqual({ tasks: 2, images: 4, statuses: ['FAILED', 'SUCCEEDED'] });
    expect((await app.services.gallery.get(job.galleryId!)).images.filter((i) => i.status === 'ok')).toHaveLength(4);
    // The queue is not blocked: another job runs after it.
    await app.call('jobs.enqueue', await sketchRequest({ style: '<anime>' }));
    const s = await app.until(
      (x) => x.jobs.length === 2 && x.jobs.every((j) => finalStates.has(j.state)),
      'both final',
      30_000,
    );
    expect(s.jobs.map((j) => j.state)).toEqual(['done', 'done']);
  });
});
