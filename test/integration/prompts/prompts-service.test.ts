import { mkdtempSync } from 'node:fs';
import { readFile, readdir, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { PROMPT_HISTORY_MAX } from '../../../src-preload/contract/prompts';
import { PROMPTS_FILE, PromptsService } from '../../../src-main/prompts/prompts-service';
import type { Clock } from '../../../src-main/common/clock';
import { AppFailure } from '../../../src-preload/contract/result';

const clock: Clock = { now: () => 1_700_000_000_000, sleep: async () => undefined };

describe('PromptsService on real files', () => {
  let dataDir: string;
  const make = (onDamaged?: (to: string, detail: string) => void) => new PromptsService({ dataDir, clock, onDamaged });

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'prompts-'));
  });

  it('starts empty without a file', async () => {
    expect(await make().get()).toEqual({ history: [], saved: [] });
  });

  it('keeps history newest first without duplicates, across a restart', async () => {
    const s = make();
    await s.remember('a cat');
    await s.remember('一只猫');
    await s.remember('  a cat ');
    expect((await s.get()).history).toEqual(['a cat', '一只猫']);
    const again = make();
    expect(await again.get()).toEqual({ history: ['a cat', '一只猫'], saved: [] });
    const onDisk = JSON.parse(await readFile(join(dataDir, PROMPTS_FILE), 'utf8'));
    expect(onDisk).toEqual({ version: 1, history: ['a cat', '一只猫'], saved: [] });
  });

  it('caps the history at PROMPT_HISTORY_MAX, dropping the oldest', async () => {
    const s = make();
    for (let i = 0; i < PROMPT_HISTORY_MAX + 5; i++) await s.remember(`p${i}`);
    const h = (await make().get()).history;
    expect(h).toHaveLength(PROMPT_HISTORY_MAX);
    expect(h[0]).toBe(`p${PROMPT_HISTORY_MAX + 4}`);
    expect(h).not.toContain('p4');
    expect(h).toContain('p5');
  });

  it('saves, re-saves to the top, unsaves, and clears history but not saved prompts', async () => {
    const s = make();
    await s.save('one');
    await s.save('two');
    await s.save('one');
    await s.remember('h');
    expect((await s.get()).saved).toEqual(['one', 'two']);
    expect((await s.unsave('two')).saved).toEqual(['one']);
    expect(await s.clearHistory()).toEqual({ history: [], saved: ['one'] });
    expect(await make().get()).toEqual({ history: [], saved: ['one'] });
  });

  it('concurrent changes all land (writes are serialised)', async () => {
    const s = make();
    await Promise.all(Array.from({ length: 20 }, (_, i) => s.remember(`c${i}`)));
    const h = (await make().get()).history;
    expect(h).toHaveLength(20);
    expect(new Set(h).size).toBe(20);
    // No temp files left behind by the atomic writer.
    expect((await readdir(dataDir)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('moves a damaged file aside, reports it, and starts empty', async () => {
    await writeFile(join(dataDir, PROMPTS_FILE), '{"version":1,"history":[');
    const reports: string[] = [];
    const s = make((to) => reports.push(to));
    expect(await s.get()).toEqual({ history: [], saved: [] });
    expect(reports).toHaveLength(1);
    expect(await readFile(reports[0]!, 'utf8')).toBe('{"version":1,"history":[');
    await s.remember('fresh');
    expect(await make().get()).toEqual({ history: ['fresh'], saved: [] });
  });

  it('cleans a hand-edited file (blank and duplicate entries)', async () => {
    await writeFile(
      join(dataDir, PROMPTS_FILE),
      JSON.stringify({ version: 1, history: ['x', ' ', 'x ', 'y'], saved: ['', 's'] }),
    );
    expect(await make().get()).toEqual({ history: ['x', 'y'], saved: ['s'] });
  });

  it('a failed write keeps the previous file and the in-memory lists', async () => {
    const s = make();
    await s.remember('kept');
    // A data folder whose parent is missing: the temp file cannot be created, the write fails.
    const blocked = join(dataDir, 'blocked');
    await mkdir(blocked);
    const t = new PromptsService({ dataDir: join(blocked, 'missing-sub'), clock });
    await expect(t.remember('x')).rejects.toBeInstanceOf(AppFailure);
    expect(await t.get()).toEqual({ history: [], saved: [] });
    expect(await make().get()).toEqual({ history: ['kept'], saved: [] });
  });
});
