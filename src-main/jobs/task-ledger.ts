import { readFile, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { TASK_QUERY_WINDOW_MS } from '../../src-preload/contract/domain/jobs';
import { fsyncDir, writeFileAtomic } from '../common/atomic-file';
import type { DurableWrite } from './job-store';

const LEDGER_VERSION = 1;
/** Longer than DashScope lists a task (24 h), so every task the list can show is still known here. */
export const LEDGER_KEEP_MS = TASK_QUERY_WINDOW_MS + 2 * 3_600_000;

/**
 * Who holds a task: a job that created it, adopted it after a lost answer, or got it from the
 * user's choice; a copy made by the sweep; or one the user said is not theirs (never adopted,
 * never recovered).
 */
const HowSchema = z.enum(['created', 'adopted', 'chosen', 'recovered', 'foreign']);
export type TaskHow = z.infer<typeof HowSchema>;

const SendSchema = z.object({
  /** Our clock when the create went out. */
  at: z.number().int(),
  /** The earliest the server's clock can have read then (null: no exchange yet to tell). */
  serverAt: z.number().int().nullable(),
  model: z.string().max(200),
  /** Endpoint + key id of the identity it was sent with (`ownerKey`). */
  owner: z.string().max(3000),
  /** Settled (found, chosen, or absent after the whole settle period); kept for the sweep's window. */
  settled: z.boolean(),
  /** Its late window closed and was swept one last time: nothing more to look for. */
  closed: z.boolean(),
});
export type UnknownSend = z.infer<typeof SendSchema>;

const LedgerSchema = z.object({
  schemaVersion: z.literal(LEDGER_VERSION),
  tasks: z.record(
    z.string(),
    z.object({ jobId: z.string().max(100).nullable(), how: HowSchema, at: z.number().int() }),
  ),
  /** jobId → its latest create whose answer was lost. */
  sends: z.record(z.string(), SendSchema),
  /** ownerKey → the key's `api_key_id`, from the list entry of one of our tasks. */
  keys: z.record(z.string(), z.string().max(100)),
});
type Ledger = z.infer<typeof LedgerSchema>;

/** How a task's identity is named here: endpoint and key id (never the key). */
export const ownerKey = (i: { baseUrl: string; keyId: string } | null | undefined): string =>
  i ? `${i.baseUrl} ${i.keyId}` : 'settings';

/**
 * The outbox's memory of DashScope tasks (`<dataDir>/task-ledger.json`, written atomically and
 * fsync'd): every task id this app created, adopted or recovered, kept past the list's 24 h and
 * independent of "Clear finished"; the creates whose answer was lost; and each key's
 * `api_key_id`. "Is this task ours?" is answered here, never by a time window alone.
 */
export class TaskLedger {
  private ledger: Ledger | null = null;
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly path: string,
    private readonly now: () => number,
    private readonly write: DurableWrite = writeFileAtomic,
    private readonly log?: (message: string, error?: unknown) => void,
  ) {}

  /** Reads the file once. A torn or foreign file is moved aside (kept for a person), never silently replaced. */
  async load(): Promise<void> {
    if (this.ledger) return;
    let text: string | null = null;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    if (text !== null) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = undefined;
      }
      const r = LedgerSchema.safeParse(parsed);
      if (r.success) {
        this.ledger = r.data;
        return;
      }
      const aside = `${this.path}.damaged-${Math.round(this.now())}`;
      // Flushed: without it a power cut could bring the damaged file back under its name.
      await rename(this.path, aside).then(
        () => fsyncDir(dirname(this.path)),
        () => undefined,
      );
      this.log?.(`task ledger unreadable, moved to ${aside}`);
    }
    this.ledger = { schemaVersion: LEDGER_VERSION, tasks: {}, sends: {}, keys: {} };
  }

  private get l(): Ledger {
    if (!this.ledger) throw new Error('task ledger not loaded');
    return this.ledger;
  }

  /** One change at a time, written before it counts. */
  private change(fn: (l: Ledger) => Ledger): Promise<void> {
    const run = async () => {
      const cutoff = this.now() - LEDGER_KEEP_MS;
      const next = fn(this.l);
      const pruned: Ledger = {
        ...next,
        tasks: Object.fromEntries(Object.entries(next.tasks).filter(([, t]) => t.at >= cutoff)),
        sends: Object.fromEntries(Object.entries(next.sends).filter(([, s]) => !s.closed || s.at >= cutoff)),
      };
      await this.write(this.path, JSON.stringify(pruned));
      this.ledger = pruned;
    };
    const next = this.chain.then(run, run);
    this.chain = next.catch(() => undefined);
    return next;
  }

  idle(): Promise<unknown> {
    return this.chain;
  }

  has(taskId: string): boolean {
    return Object.hasOwn(this.l.tasks, taskId);
  }

  how(taskId: string): TaskHow | undefined {
    return this.l.tasks[taskId]?.how;
  }

  /** Records a task as held; a task already known keeps its first holder. */
  claim(taskId: string, jobId: string | null, how: TaskHow): Promise<void> {
    if (this.has(taskId) && this.how(taskId) !== 'foreign') return Promise.resolve();
    return this.change((l) => ({ ...l, tasks: { ...l.tasks, [taskId]: { jobId, how, at: Math.round(this.now()) } } }));
  }

  /** Tasks the user said are not theirs. */
  markForeign(taskIds: readonly string[]): Promise<void> {
    const fresh = taskIds.filter((id) => !this.has(id));
    if (fresh.length === 0) return Promise.resolve();
    const at = Math.round(this.now());
    return this.change((l) => ({
      ...l,
      tasks: {
        ...l.tasks,
        ...Object.fromEntries(fresh.map((id) => [id, { jobId: null, how: 'foreign' as const, at }])),
      },
    }));
  }

  send(jobId: string): UnknownSend | undefined {
    return this.l.sends[jobId];
  }

  sends(): [string, UnknownSend][] {
    return Object.entries(this.l.sends);
  }

  /** A create whose answer was lost (or whose process died): the settle and the sweep work from it. */
  openSend(jobId: string, s: Omit<UnknownSend, 'settled' | 'closed'>): Promise<void> {
    return this.change((l) => ({ ...l, sends: { ...l.sends, [jobId]: { ...s, settled: false, closed: false } } }));
  }

  closeSend(jobId: string): Promise<void> {
    const s = this.l.sends[jobId];
    if (!s || s.closed) return Promise.resolve();
    return this.change((l) => ({ ...l, sends: { ...l.sends, [jobId]: { ...s, closed: true } } }));
  }

  settleSend(jobId: string): Promise<void> {
    const s = this.l.sends[jobId];
    if (!s || s.settled) return Promise.resolve();
    return this.change((l) => ({ ...l, sends: { ...l.sends, [jobId]: { ...s, settled: true } } }));
  }

  apiKeyId(owner: string): string | undefined {
    return this.l.keys[owner];
  }

  learnKey(owner: string, apiKeyId: string): Promise<void> {
    if (this.l.keys[owner] === apiKeyId) return Promise.resolve();
    return this.change((l) => ({ ...l, keys: { ...l.keys, [owner]: apiKeyId } }));
  }
}
