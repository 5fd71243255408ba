import { join } from 'node:path';
import type { JobProblem } from '../../src-preload/contract/domain/jobs';
import { isAtomicTempName, KeyedQueue, writeFileAtomic } from '../common/atomic-file';
import { systemClock, type Clock } from '../common/clock';
import { ioErrorText } from '../common/io-error';
import { sha256Hex } from '../common/sha256';
import { isTransientIoError, nodeJobFs, readFileRetrying, type JobFs } from './job-fs';
import { JOB_RECORD_VERSION, JobRecordSchema, type JobRecord } from './record';

/** The one way bytes reach disk; injectable so a full disk can be played in a test. */
export type DurableWrite = (path: string, data: string | Uint8Array) => Promise<void>;

export const QUARANTINE_DIR = 'quarantine';
/** The queue's own settings (paused), beside the records; not a `.json`, so never read as a job. */
const QUEUE_STATE_FILE = 'queue.state';

const recordFile = (id: string) => `${id}.json`;
/** Names the jobs of one enqueue while they are written; its presence on load means the enqueue never answered. */
const intentFile = (id: string) => `${id}.enqueue`;
const INTENT = /^(.+)\.enqueue$/;
const sketchFile = (id: string) => `${id}.sketch.png`;
const sceneFile = (id: string) => `${id}.scene.json`;

/** Why a record did not load: the problem to report, and whether the file is bad (quarantined) or only unreadable now (left in place). */
type ReadFailure = { reason: JobProblem['reason']; detail: string; keep: boolean };

/**
 * One JSON file per job in `<dataDir>/jobs/`, beside its sketch and scene. Every write is atomic
 * (temp + fsync + rename + fsync dir), one at a time per job, so a crash or a full disk leaves
 * the previous record whole; every rename and removal is followed by a flush of the folder. A
 * file that is damaged is moved to `quarantine/`; one the OS will not let us read right now
 * (locked, denied) is read again, and if it stays so, reported and left where it is.
 */
export class JobStore {
  private readonly writes = new KeyedQueue();

  private readonly fs: JobFs;
  private readonly clock: Clock;

  constructor(
    readonly dir: string,
    private readonly write: DurableWrite = writeFileAtomic,
    io: { fs?: JobFs | undefined; clock?: Clock | undefined } = {},
  ) {
    this.fs = io.fs ?? nodeJobFs;
    this.clock = io.clock ?? systemClock;
  }

  async load(): Promise<{ records: JobRecord[]; problems: JobProblem[] }> {
    await this.fs.mkdir(this.dir);
    let names = await this.fs.readdir(this.dir);
    // An enqueue cut short: none of its jobs count, so the window's "not queued" stays true.
    const undone = names.filter((n) => INTENT.test(n));
    for (const name of undone) await this.undoIntent(name);
    if (undone.length > 0) names = await this.fs.readdir(this.dir);
    const records: JobRecord[] = [];
    const problems: JobProblem[] = [];
    /** Ids whose files stay: loaded, or unreadable for now (their sketch is not an orphan). */
    const kept = new Set<string>();
    let removed = false;
    for (const name of names) {
      if (isAtomicTempName(name)) {
        await this.fs.rm(join(this.dir, name));
        removed = true;
        continue;
      }
      if (!name.endsWith('.json') || name.endsWith('.scene.json')) continue;
      const checked = await this.read(name);
      if ('record' in checked) {
        records.push(checked.record);
        kept.add(checked.record.id);
      } else if (checked.keep) {
        kept.add(name.replace(/\.json$/, ''));
        problems.push({ file: name, reason: checked.reason, detail: checked.detail });
      } else problems.push(await this.quarantine(name, checked.reason, checked.detail));
    }
    // A sketch or scene without its record: an enqueue that never answered, or a removal a crash cut short.
    for (const name of names) {
      const id = /^(.+)\.(?:sketch\.png|scene\.json)$/.exec(name)?.[1];
      if (id !== undefined && !kept.has(id)) {
        await this.fs.rm(join(this.dir, name));
        removed = true;
      }
    }
    if (removed) await this.fs.fsyncDir(this.dir);
    return { records, problems };
  }

  private async read(name: string): Promise<{ record: JobRecord } | ReadFailure> {
    let text: string;
    try {
      text = new TextDecoder().decode(await readFileRetrying(this.fs, join(this.dir, name), this.clock));
    } catch (e) {
      return { reason: 'unreadable', detail: ioErrorText(e), keep: isTransientIoError(e) };
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      return { reason: 'notJson', detail: e instanceof Error ? e.message.slice(0, 200) : 'not JSON', keep: false };
    }
    const version = (json as { schemaVersion?: unknown } | null)?.schemaVersion;
    if (typeof version === 'number' && version > JOB_RECORD_VERSION) {
      return {
        reason: 'newerVersion',
        detail: `schemaVersion ${version} is newer than ${JOB_RECORD_VERSION}`,
        keep: false,
      };
    }
    const parsed = JobRecordSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return {
        reason: 'invalid',
        detail: `${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`.slice(0, 200),
        keep: false,
      };
    }
    if (recordFile(parsed.data.id) !== name)
      return { reason: 'invalid', detail: 'file name does not match the job id', keep: false };
    try {
      const sketch = await readFileRetrying(this.fs, join(this.dir, sketchFile(parsed.data.id)), this.clock);
      if (sha256Hex(sketch) !== parsed.data.sketchSha256)
        return { reason: 'invalid', detail: 'the sketch file does not match the record', keep: false };
    } catch (e) {
      const locked = isTransientIoError(e);
      return { reason: locked ? 'unreadable' : 'invalid', detail: `sketch: ${ioErrorText(e)}`, keep: locked };
    }
    return { record: parsed.data };
  }

  /** Moves a bad record (and its sketch and scene) aside; never deletes it. */
  private async quarantine(name: string, reason: JobProblem['reason'], detail: string): Promise<JobProblem> {
    const qdir = join(this.dir, QUARANTINE_DIR);
    if (!(await this.fs.readdir(this.dir)).includes(QUARANTINE_DIR)) {
      await this.fs.mkdir(qdir);
      await this.fs.fsyncDir(this.dir);
    }
    const taken = new Set(await this.fs.readdir(qdir));
    let target = name;
    for (let i = 1; taken.has(target); i++) target = `${name.replace(/\.json$/, '')}.${i}.json`;
    await this.fs.rename(join(this.dir, name), join(qdir, target));
    const id = name.replace(/\.json$/, '');
    for (const side of [sketchFile(id), sceneFile(id)]) {
      await this.fs
        .rename(join(this.dir, side), join(qdir, target.replace(/\.json$/, side.slice(id.length))))
        .catch(() => undefined);
    }
    // Both folders changed: the move is durable only once each is flushed (the new name first).
    await this.fs.fsyncDir(qdir);
    await this.fs.fsyncDir(this.dir);
    return { file: target, reason, detail };
  }

  /** Sketch and scene first, then the record that names them: a record never points at nothing. */
  async create(record: JobRecord, sketch: Uint8Array, scene: string | null): Promise<void> {
    await this.writes.run(record.id, async () => {
      await this.write(join(this.dir, sketchFile(record.id)), sketch);
      if (scene !== null) await this.write(join(this.dir, sceneFile(record.id)), scene);
      await this.write(join(this.dir, recordFile(record.id)), JSON.stringify(record));
    });
  }

  /**
   * Several jobs as one: an intent naming every id is durable before the first record and goes
   * only after the last, so a crash in between leaves an intent that `load()` rolls back whole.
   */
  async createAll(jobs: readonly { record: JobRecord; sketch: Uint8Array; scene: string | null }[]): Promise<void> {
    const [head] = jobs;
    if (head === undefined) return;
    if (jobs.length === 1) return this.create(head.record, head.sketch, head.scene);
    const intent = intentFile(head.record.id);
    await this.write(join(this.dir, intent), JSON.stringify(jobs.map((j) => j.record.id)));
    try {
      for (const j of jobs) await this.create(j.record, j.sketch, j.scene);
    } catch (e) {
      await this.undoIntent(intent).catch(() => undefined);
      throw e;
    }
    await this.fs.rm(join(this.dir, intent));
    await this.fs.fsyncDir(this.dir);
  }

  private async undoIntent(name: string): Promise<void> {
    let ids: unknown;
    try {
      ids = JSON.parse(new TextDecoder().decode(await this.fs.readFile(join(this.dir, name))));
    } catch {
      ids = [];
    }
    // An unreadable intent was torn before any record existed (the intent is written first).
    for (const id of Array.isArray(ids) ? ids : [])
      if (typeof id === 'string' && /^[\w-]+$/.test(id)) await this.remove(id);
    await this.fs.rm(join(this.dir, name));
    await this.fs.fsyncDir(this.dir);
  }

  save(record: JobRecord): Promise<void> {
    return this.writes.run(record.id, () => this.write(join(this.dir, recordFile(record.id)), JSON.stringify(record)));
  }

  readSketch(id: string): Promise<Uint8Array> {
    return readFileRetrying(this.fs, join(this.dir, sketchFile(id)), this.clock);
  }

  async readScene(id: string): Promise<string | null> {
    return this.fs.readFile(join(this.dir, sceneFile(id))).then(
      (b) => new TextDecoder().decode(b),
      () => null,
    );
  }

  /** Record first: once it is gone the sketch is an orphan nobody reads, never the other way round. */
  async remove(id: string): Promise<void> {
    await this.writes.run(id, async () => {
      await this.fs.rm(join(this.dir, recordFile(id)));
      await this.fs.rm(join(this.dir, sketchFile(id)));
      await this.fs.rm(join(this.dir, sceneFile(id)));
      // Without the flush a power cut could bring a cleared job back.
      await this.fs.fsyncDir(this.dir);
    });
  }

  /** Whether the user paused the queue; false when never written or unreadable. */
  async loadPaused(): Promise<boolean> {
    try {
      return (
        (
          JSON.parse(new TextDecoder().decode(await this.fs.readFile(join(this.dir, QUEUE_STATE_FILE)))) as {
            paused?: unknown;
          }
        ).paused === true
      );
    } catch {
      return false;
    }
  }

  savePaused(paused: boolean): Promise<void> {
    return this.writes.run(QUEUE_STATE_FILE, () =>
      this.write(join(this.dir, QUEUE_STATE_FILE), JSON.stringify({ paused })),
    );
  }

  idle(): Promise<void> {
    return this.writes.idle();
  }
}
