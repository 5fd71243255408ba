// The task ledger on real files: what it holds survives a new process, outlives "Clear finished"
// (it is a file of its own) for at least 25 h, and a torn file is moved aside, never silently replaced.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LEDGER_KEEP_MS, TaskLedger } from '../../../src-main/jobs/task-ledger';

let dir = '';
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('task ledger', () => {
  it('claims, lost sends and key ids survive a restart; claims are kept 25 h and more, then pruned', async () => {
    dir = await mkdtemp(join(tmpdir(), 'wss-ledger-'));
    const path = join(dir, 'task-ledger.json');
    let now = 1_800_000_000_000;
    const first = new TaskLedger(path, () => now);
    await first.load();
    await first.claim('t-1', 'j-1', 'created');
    await first.openSend('j-2', { at: now, serverAt: now - 5, model: 'm', owner: 'o' });
    await first.learnKey('o', '901');
    await first.markForeign(['t-9']);

    now += 25 * 3_600_000;
    const second = new TaskLedger(path, () => now);
    await second.load();
    expect(second.has('t-1')).toBe(true);
    expect(second.how('t-9')).toBe('foreign');
    expect(second.send('j-2')).toMatchObject({ serverAt: now - 25 * 3_600_000 - 5, settled: false });
    expect(second.apiKeyId('o')).toBe('901');
    // A held task never changes hands.
    await second.claim('t-1', 'j-other', 'adopted');
    expect(second.how('t-1')).toBe('created');

    now += LEDGER_KEEP_MS;
    await second.claim('t-2', 'j-3', 'created');
    expect(second.has('t-1')).toBe(false);
    expect(second.has('t-2')).toBe(true);
    // An unsettled send is kept whatever its age: its job still needs it.
    expect(second.send('j-2')?.settled).toBe(false);
  });

  it('a torn file is moved aside (kept for a person) and the ledger starts empty', async () => {
    dir = await mkdtemp(join(tmpdir(), 'wss-ledger-'));
    const path = join(dir, 'task-ledger.json');
    await writeFile(path, '{"schemaVersion":1,"tasks":{"t-1":{"jobId":"j-1","how":"crea');
    const l = new TaskLedger(path, () => 1_800_000_000_000);
    await l.load();
    expect(l.has('t-1')).toBe(false);
    const names = await readdir(dir);
    const aside = names.find((n) => n.startsWith('task-ledger.json.damaged-'));
    expect(aside).toBeTruthy();
    expect(await readFile(join(dir, aside!), 'utf8')).toContain('"t-1"');
  });
});
