import { join } from 'node:path';
import type { GallerySink } from '../../src-preload/contract/domain/gallery';
import type { Clock } from '../common/clock';
import type { Emit } from '../common/events';
import type { FetchLike } from '../common/fetch';
import type { SketchUploader } from '../storage/uploader';
import { JobQueue, type JobQueueDeps } from './job-queue';
import type { JobFs } from './job-fs';
import { JobStore, type DurableWrite } from './job-store';
import { NetworkMonitor, alwaysOnline, type OnlineSource } from './network';
import type { SettleTiming } from './settle';
import { TaskLedger } from './task-ledger';
import { UsageLedger } from './usage-ledger';

export { JobQueue } from './job-queue';
export type { OnlineSource } from './network';

/** Knobs for tests, the harness and the benchmark; the app uses the defaults. */
export interface JobsTuning {
  /** Every durable write of the queue (records, ledger); a test plays a full disk with it. */
  readonly write?: DurableWrite;
  /** Every other file operation of the queue's store and ledger; a test plays a locked file with it. */
  readonly fs?: JobFs;
  /** First budget of one try at one result image (later tries get more). */
  readonly resultTimeoutMs?: number;
  readonly backoff?: JobQueueDeps['backoff'];
  readonly poller?: JobQueueDeps['poller'];
  readonly emitIntervalMs?: number;
  readonly noKeyRecheckMs?: number;
  /** While offline, probe the endpoint again this often. */
  readonly offlineRecheckMs?: number;
  readonly uploadMarginMs?: number;
  /** Settle looks for a lost create and the sweep's timing. */
  readonly settle?: Partial<SettleTiming>;
}

export interface JobQueueWiring {
  readonly dataDir: string;
  readonly clock: Clock;
  readonly fetch: FetchLike;
  readonly emit: Emit;
  readonly endpoint: () => string;
  readonly dashscope: JobQueueDeps['dashscope'];
  readonly uploader: Pick<SketchUploader, 'upload' | 'retain' | 'release'>;
  readonly sketchUrl: JobQueueDeps['sketchUrl'];
  readonly gallery: GallerySink;
  readonly online?: OnlineSource | undefined;
  readonly tuning?: JobsTuning | undefined;
}

/** The queue with its store (`<dataDir>/jobs/`), usage ledger (`<dataDir>/usage.json`) and online monitor. */
export function createJobQueue(w: JobQueueWiring): JobQueue {
  const t = w.tuning ?? {};
  const network = new NetworkMonitor({
    source: w.online ?? alwaysOnline,
    endpoint: w.endpoint,
    fetch: w.fetch,
    clock: w.clock,
    ...(t.offlineRecheckMs === undefined ? {} : { recheckMs: t.offlineRecheckMs }),
  });
  return new JobQueue({
    store: new JobStore(join(w.dataDir, 'jobs'), t.write, { fs: t.fs, clock: w.clock }),
    ledger: new UsageLedger(join(w.dataDir, 'usage.json'), w.clock, t.write, t.fs),
    taskLedger: new TaskLedger(
      join(w.dataDir, 'task-ledger.json'),
      () => w.clock.now(),
      t.write,
      (m) => console.error(`[jobs] ${m}`),
    ),
    settle: t.settle,
    clock: w.clock,
    dashscope: w.dashscope,
    uploader: w.uploader,
    sketchUrl: w.sketchUrl,
    gallery: w.gallery,
    network,
    fetch: w.fetch,
    endpoint: w.endpoint,
    onSnapshot: (s) => w.emit('jobs.changed', s),
    onUsage: (s) => w.emit('usage.changed', s),
    backoff: t.backoff,
    poller: t.poller,
    emitIntervalMs: t.emitIntervalMs,
    noKeyRecheckMs: t.noKeyRecheckMs,
    uploadMarginMs: t.uploadMarginMs,
    resultTimeoutMs: t.resultTimeoutMs,
    log: (message, error) =>
      console.error(`[jobs] ${message}:`, error instanceof Error ? error.message : (error ?? '')),
  });
}
