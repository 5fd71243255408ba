import { z } from 'zod';
import {
  FREE_QUOTA_DAYS,
  FREE_QUOTA_IMAGES,
  PRICE_PER_IMAGE_CNY,
} from '../../src-preload/contract/domain/generation';
import { UsageDamageSchema, UsageQuotaSchema, type UsageDamage, type UsageQuota, type UsageSummary } from '../../src-preload/contract/domain/jobs';
import { writeFileAtomic } from '../common/atomic-file';
import type { Clock } from '../common/clock';
import { basename, dirname } from 'node:path';
import { ioErrorText } from '../common/io-error';
import { isMissing, nodeJobFs, readFileRetrying, type JobFs } from './job-fs';
import type { DurableWrite } from './job-store';

const LEDGER_VERSION = 1;
const DAY_MS = 86_400_000;

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
const cost = (images: number) => Math.round(images * PRICE_PER_IMAGE_CNY * 100) / 100;

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
    const days = new Map<string, number>();
    const months = new Map<string, number>();
    let total = 0;
    for (const { images, at } of Object.values(l.tasks)) {
      total += images;
      const day = localDay(at);
      days.set(day, (days.get(day) ?? 0) + images);
      months.set(day.slice(0, 7), (months.get(day.slice(0, 7)) ?? 0) + images);
    }
    const now = this.clock.now();
    const { quota } = l;
    const inValidity = Object.values(l.tasks)
      .filter((t) => t.at >= quota.startsAt && t.at < quota.startsAt + quota.days * DAY_MS)
      .reduce((s, t) => s + t.images, 0);
    const newestFirst = (a: [string, number], b: [string, number]) => b[0].localeCompare(a[0]);
    return {
      ...(l.damaged ? { damaged: l.damaged } : {}),
      totalImages: total,
      totalCostCny: cost(total),
      quota,
      quotaRemaining: Math.max(0, quota.images - inValidity),
      quotaExpired: now >= quota.startsAt + quota.days * DAY_MS,
      days: [...days].sort(newestFirst).map(([day, images]) => ({ day, images, costCny: cost(images) })),
      months: [...months].sort(newestFirst).map(([month, images]) => ({ month, images, costCny: cost(images) })),
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
