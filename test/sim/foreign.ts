import { randomUUID } from 'node:crypto';
import { makeSketch } from './fixtures';
import { SKETCH_MODEL } from './options';
import { renderFor } from './oss-routes';
import type { SketchCheck } from './sketch-input';
import type { SimState } from './state';
import type { Outcome, SimTask } from './tasks';

/**
 * Tasks made on an account by someone other than the app under test: another device with the
 * same key, another key of the account, a RAM user's key, a script (issue 15 #7). They go through
 * the same machinery as a create (queue and concurrency slot, run, results, billing, list) and
 * differ only in who made them.
 */
export interface ForeignTaskSpec {
  /** Account id; default the first account. */
  account?: string;
  /** The key it was made with, one of the account's (the app's own key = "another device"). Default: the account's first key. */
  apiKey?: string;
  /** Or just the `api_key_id` of a key the simulator need not know (a RAM user's, a script's). Wins over `apiKey`. */
  apiKeyId?: string;
  /** Default the sketch model; any name (another app's model) is accepted. */
  model?: string;
  /** Default "a task from elsewhere". */
  prompt?: string;
  /** Images, 1–4; default 4. */
  n?: number;
  /** Submission time (simulation ms); default now. Ahead of now: the task appears then, like a late create. */
  at?: number;
  /**
   * Already ended by now (needs `at` ≤ now; it never held a slot): SUCCEEDED (results downloadable),
   * FAILED (`code`/`message`, default InternalError) or CANCELED. Default: queued like any create,
   * PENDING → RUNNING → its outcome as the account's queue allows.
   */
  status?: 'SUCCEEDED' | 'FAILED' | 'CANCELED';
  /** Outcome of a queued task (default success); run time in simulation ms before `speed` (default drawn). */
  outcome?: Outcome;
  runMs?: number;
  code?: string;
  message?: string;
}

let sketch: Promise<SketchCheck> | undefined;

/** One plain sketch for every foreign task: their result images need something to render from. */
function foreignSketch(): Promise<SketchCheck> {
  sketch ??= makeSketch({}).then((bytes): SketchCheck => ({ ok: true, bytes, width: 768, height: 768, format: 'png' }));
  return sketch;
}

export async function createForeignTask(s: SimState, spec: ForeignTaskSpec): Promise<string> {
  const account = spec.account === undefined ? s.accounts.list()[0] : s.accounts.byId(spec.account);
  if (!account) throw new Error('no account');
  let keyId = spec.apiKeyId;
  if (keyId === undefined) {
    const key = spec.apiKey === undefined ? account.keys[0] : account.keys.find((k) => k.key === spec.apiKey);
    if (!key?.id) throw new Error(`no such key on account ${account.id}`);
    keyId = key.id;
  }
  const n = spec.n ?? 4;
  if (!Number.isInteger(n) || n < 1 || n > 4) throw new RangeError('n must be 1–4');
  const now = s.clock.now();
  const at = spec.at ?? now;
  if (!Number.isFinite(at)) throw new RangeError('at must be epoch ms');
  if (spec.status !== undefined && at > now) throw new RangeError('an ended foreign task needs at ≤ now');
  const check = await foreignSketch();
  const runMs = spec.runMs === undefined ? s.scaled(s.runTimes.draw()) : s.scaled(spec.runMs);
  if (!(runMs > 0)) throw new RangeError('runMs must be positive');
  const id = randomUUID();
  const task: SimTask = {
    id,
    accountId: account.id,
    keyId,
    createRequestId: randomUUID(),
    model: spec.model ?? SKETCH_MODEL,
    route: 'image2image',
    prompt: spec.prompt ?? 'a task from elsewhere',
    n,
    size: '768*768',
    sketchWeight: 10,
    style: '<auto>',
    sketchExtraction: false,
    sketchColor: [],
    sketchUrl: `oss://dashscope-instant/foreign/${id}.png`,
    submitAt: at,
    readyAt: at + s.scaled(s.timings.scheduleDelayMs),
    runMs,
    outcome:
      spec.status === 'FAILED'
        ? { kind: 'fail', code: spec.code ?? 'InternalError', message: spec.message ?? s.msg.internalError }
        : (spec.outcome ?? { kind: 'success' }),
    input: Promise.resolve(check),
    check,
  };
  if (spec.status === undefined) s.tasks.add(task);
  else {
    if (spec.status === 'CANCELED') {
      task.endAt = at;
      task.final = { status: 'CANCELED', endAt: at, results: [], succeeded: 0, failed: 0 };
    } else {
      // It ran before now: as far as its run time allows, ending at the latest now.
      task.endAt = Math.min(task.readyAt + runMs, now);
      task.startAt = Math.max(at, task.endAt - runMs);
    }
    s.tasks.addEnded(task);
  }
  if (s.prerenderResults && check.ok)
    for (let i = 0; i < n; i++) renderFor(s, task, check.bytes, i).catch(() => undefined);
  return id;
}
