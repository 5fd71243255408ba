import { z } from 'zod';
import { FREE_QUOTA_DAYS, FREE_QUOTA_IMAGES } from '../../src-preload/contract/domain/generation';
import { cnyFor, priceOf, quotaEndsAt } from '../../src-preload/contract/domain/pricing';
import {
  UsageDamageSchema,
  UsageQuotaSchema,
  type UsageDamage,
  type UsageQuota,
  type UsageSummary,
} from '../../src-preload/contract/domain/jobs';
import { writeFileAtomic } from '../common/atomic-file';
import type { Clock } from '../common/clock';
import { basename, dirname } from 'node:path';
import { ioErrorText } from '../common/io-error';
import { isMissing, nodeJobFs, readFileRetrying, type JobFs } from './job-fs';
import type { DurableWrite } from './job-store';

const LEDGER_VERSION = 1;

const LedgerSchema = z.object({
  schemaVersion: z.literal(LEDGER_VERSION),
  quota: UsageQuotaSchema,
  /** taskId → billed images and when the task ended (epoch ms). One entry per task, ever. */
  tasks: z.record(z.string(), z.object({ images: z.number().int().min(0), at: z.number().int() })),
  /** The file this ledger replaced could not be read; it is kept under this name (the user is told). */
  damaged: UsageDamageSchema.optional(),
});
type Ledger = z.infer<typeof LedgerSchema>;

const pad = (n: number) => String(n).padStart(2, '0');
/** Local calendar day, as the user reads the meter. */
export const localDay = (ms: number) => {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
};

/**
 * Images billed per task (`usage.image_count`), in one durable file. `record()` is idempotent
 * per task id, so a resumed download or a restart never counts a task twice. A file that cannot
 * be parsed is never overwritten: it is moved aside (`usage.json.damaged-<time>`), a new ledger
 * starts and says so in every summary. A file the OS will not let us read right now is read
 * again; if it stays so, the ledger is unavailable (the queue pauses) rather than replaced.
 */
export class UsageLedger {
  private ledger: Ledger | null = null;
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly path: string,
    private readonly clock: Clock,
    private readonly write: DurableWrite = writeFileAtomic,
    private readonly fs: JobFs = nodeJobFs,
  ) {}

  private async loaded(): Promise<Ledger> {
    if (this.ledger) return this.ledger;
    let text: string | null = null;
    try {
      text = new TextDecoder().decode(await readFileRetrying(this.fs, this.path, this.clock));
    } catch (e) {
      if (!isMissing(e)) throw e;
    }
    let parsed: Ledger | null = null;
    let damaged: UsageDamage | undefined;
    if (text !== null) {
      const problem = ledgerProblem(text);
      if (typeof problem === 'object') parsed = problem.ledger;
      else damaged = await this.setAside(problem);
    }
    this.ledger = parsed ?? {
      schemaVersion: LEDGER_VERSION,
      quota: { images: FREE_QUOTA_IMAGES, startsAt: Math.round(this.clock.now()), days: FREE_QUOTA_DAYS },
      tasks: {},
      ...(damaged ? { damaged } : {}),
    };
    // The new ledger (with its notice) replaces nothing: the damaged file has moved.
    if (damaged) await this.write(this.path, JSON.stringify(this.ledger));
    return this.ledger;
  }

  /** Moves the unreadable ledger aside (durably) and names it for the notice. */
  private async setAside(reason: string): Promise<UsageDamage> {
    const at = Math.round(this.clock.now());
    const aside = `${this.path}.damaged-${new Date(at).toISOString().replace(/[:.]/g, '-')}`;
    await this.fs.rename(this.path, aside);
    await this.fs.fsyncDir(dirname(this.path));
    console.error(`[jobs] usage.json could not be read (${reason}); kept as ${basename(aside)}, counting starts again`);
    return { file: basename(aside), at };
  }

  /** Serialised so two records never race on the file. */
  private serial<T>(task: () => Promise<T>): Promise<T> {
    const next = this.chain.then(task, task);
    this.chain = next.catch(() => undefined);
    return next;
  }

  /** Counts a task once. Returns whether it was new. */
  record(taskId: string, images: number, at: number): Promise<boolean> {
    return this.serial(async () => {
      const l = await this.loaded();
      if (Object.hasOwn(l.tasks, taskId)) return false;
      const next: Ledger = { ...l, tasks: { ...l.tasks, [taskId]: { images, at: Math.round(at) } } };
      await this.write(this.path, JSON.stringify(next));
      this.ledger = next;
      return true;
    });
  }

  setQuota(quota: UsageQuota): Promise<UsageSummary> {
    return this.serial(async () => {
      const l = await this.loaded();
      const next: Ledger = { ...l, quota: UsageQuotaSchema.parse(quota) };
      await this.write(this.path, JSON.stringify(next));
      this.ledger = next;
      return this.summarise(next);
    });
  }

  async summary(): Promise<UsageSummary> {
    return this.summarise(await this.loaded());
  }

  private summarise(l: Ledger): UsageSummary {
    const { quota } = l;
    const until = quotaEndsAt(quota);
    // Oldest first: the free quota covers the first images billed in its validity; only the
    // rest cost money (what DashScope charges, not images × price).
    const tasks = Object.values(l.tasks).sort((a, b) => a.at - b.at);
    const days = new Map<string, { images: number; paid: number }>();
    const months = new Map<string, { images: number; paid: number }>();
    const add = (m: Map<string, { images: number; paid: number }>, k: string, images: number, paid: number) => {
      const v = m.get(k) ?? { images: 0, paid: 0 };
      m.set(k, { images: v.images + images, paid: v.paid + paid });
    };
    let total = 0;
    let paid = 0;
    let left = quota.images;
    for (const { images, at } of tasks) {
      const p = priceOf(images, { left, from: quota.startsAt, until }, at);
      left -= p.free;
      total += images;
      paid += p.paid;
      const day = localDay(at);
      add(days, day, images, p.paid);
      add(months, day.slice(0, 7), images, p.paid);
    }
    const now = this.clock.now();
    const newestFirst = (a: [string, unknown], b: [string, unknown]) => b[0].localeCompare(a[0]);
    return {
      ...(l.damaged ? { damaged: l.damaged } : {}),
      totalImages: total,
      totalCostCny: cnyFor(paid),
      quota,
      quotaRemaining: Math.max(0, left),
      quotaExpired: now >= until,
      days: [...days].sort(newestFirst).map(([day, v]) => ({ day, images: v.images, costCny: cnyFor(v.paid) })),
      months: [...months].sort(newestFirst).map(([month, v]) => ({ month, images: v.images, costCny: cnyFor(v.paid) })),
    };
  }
}

/** The ledger in `text`, or why it cannot be used (torn, not JSON, another shape or version). */
function ledgerProblem(text: string): { ledger: Ledger } | string {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return `not JSON: ${ioErrorText(e).slice(0, 120)}`;
  }
  const r = LedgerSchema.safeParse(json);
  if (r.success) return { ledger: r.data };
  const issue = r.error.issues[0];
  return `${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`.slice(0, 200);
}
