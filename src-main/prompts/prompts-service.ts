import { readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { PROMPT_HISTORY_MAX, SAVED_PROMPTS_MAX, type PromptLists } from '../../src-preload/contract/prompts';
import { AppFailure } from '../../src-preload/contract/result';
import { KeyedQueue, writeFileAtomic } from '../common/atomic-file';
import type { Clock } from '../common/clock';
import { ioErrorText } from '../common/io-error';

/** prompts.json: one small file, rewritten atomically on every change. */
const StoredSchema = z.object({
  version: z.literal(1),
  history: z.array(z.string()),
  saved: z.array(z.string()),
});
type Stored = z.infer<typeof StoredSchema>;

export const PROMPTS_FILE = 'prompts.json';

export interface PromptsServiceDeps {
  readonly dataDir: string;
  readonly clock: Clock;
  /** Told once when a damaged file was moved aside (it is kept, never deleted). */
  readonly onDamaged?: (movedTo: string, detail: string) => void;
}

/** Newest first, no duplicates (the same text, after trimming), at most `max`. */
export function pushFront(list: readonly string[], item: string, max: number): string[] {
  return [item, ...list.filter((p) => p !== item)].slice(0, max);
}

/** Clean a list read from disk: strings, trimmed, not empty, unique, capped. */
function clean(list: readonly string[], max: number): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of list) {
    const p = raw.trim();
    if (!p || seen.has(p)) continue;
    seen.add(p);
    out.push(p);
    if (out.length >= max) break;
  }
  return out;
}

const isMissing = (e: unknown) => (e as NodeJS.ErrnoException | null)?.code === 'ENOENT';

/**
 * Prompt history (↑/↓ in the prompt field) and saved prompts, kept across restarts in
 * `<dataDir>/prompts.json`. Writes go one after another through the atomic writer, so the file
 * is always one whole generation; a damaged file is moved aside and the lists start empty.
 */
export class PromptsService {
  readonly name = 'prompts';
  private readonly path: string;
  private readonly writes = new KeyedQueue();
  private state: Stored | null = null;
  private loading: Promise<Stored> | null = null;

  constructor(private readonly deps: PromptsServiceDeps) {
    this.path = join(deps.dataDir, PROMPTS_FILE);
  }

  async get(): Promise<PromptLists> {
    return view(await this.load());
  }

  /** A generated prompt goes to the top of the history. */
  remember(prompt: string): Promise<PromptLists> {
    return this.change((s) => ({ ...s, history: pushFront(s.history, prompt.trim(), PROMPT_HISTORY_MAX) }));
  }

  /** Saved prompts: newest first; saving one again moves it to the top. */
  save(prompt: string): Promise<PromptLists> {
    return this.change((s) => ({ ...s, saved: pushFront(s.saved, prompt.trim(), SAVED_PROMPTS_MAX) }));
  }

  unsave(prompt: string): Promise<PromptLists> {
    const p = prompt.trim();
    return this.change((s) => ({ ...s, saved: s.saved.filter((x) => x !== p) }));
  }

  clearHistory(): Promise<PromptLists> {
    return this.change((s) => ({ ...s, history: [] }));
  }

  async shutdown(): Promise<void> {
    await this.writes.idle();
  }

  private change(edit: (s: Stored) => Stored): Promise<PromptLists> {
    return this.writes.run('file', async () => {
      const before = await this.load();
      const next = edit(before);
      try {
        await writeFileAtomic(this.path, JSON.stringify(next));
      } catch (e) {
        throw new AppFailure('internal', `The prompt list could not be saved: ${ioErrorText(e)}`);
      }
      this.state = next;
      return view(next);
    });
  }

  private load(): Promise<Stored> {
    if (this.state) return Promise.resolve(this.state);
    this.loading ??= this.read().then((s) => (this.state = s));
    return this.loading;
  }

  private async read(): Promise<Stored> {
    const empty: Stored = { version: 1, history: [], saved: [] };
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (e) {
      if (isMissing(e)) return empty;
      throw new AppFailure('internal', `The prompt list could not be read: ${ioErrorText(e)}`);
    }
    let parsed: Stored;
    try {
      parsed = StoredSchema.parse(JSON.parse(text));
    } catch (e) {
      // Keep the damaged file for inspection; never overwrite what we could not read.
      const aside = `${this.path}.damaged-${this.deps.clock.now()}`;
      await rename(this.path, aside).catch(() => undefined);
      this.deps.onDamaged?.(aside, e instanceof Error ? e.message : String(e));
      return empty;
    }
    return {
      version: 1,
      history: clean(parsed.history, PROMPT_HISTORY_MAX),
      saved: clean(parsed.saved, SAVED_PROMPTS_MAX),
    };
  }
}

const view = (s: Stored): PromptLists => ({ history: [...s.history], saved: [...s.saved] });
