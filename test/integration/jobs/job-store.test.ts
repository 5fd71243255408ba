import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../../src-main/common/atomic-file';
import { sha256Hex } from '../../../src-main/common/sha256';
import { JobStore, type DurableWrite } from '../../../src-main/jobs/job-store';
import { JobTable, StorageHalt } from '../../../src-main/jobs/job-table';
import { newJobRecord } from '../../../src-main/jobs/record';
import { makeSketch } from '../../sim/fixtures';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wss-jobstore-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function record(id: string) {
  const sketch = new Uint8Array(await makeSketch({}));
  const r = newJobRecord({
    id,
    params: {
      prompt: 'a house',
      style: '<auto>',
      n: 4,
      sketchWeight: 10,
      sketchExtraction: false,
      sketchColor: [[0, 0, 0]],
    },
    setId: null,
    draftId: null,
    thumbnail: 'data:image/png;base64,AA==',
    sketchSha256: sha256Hex(sketch),
    hasScene: true,
    order: 1,
    now: 1_700_000_000_000,
  });
  return { r, sketch };
}

describe('job store', () => {
  it('writes sketch, scene and record; loads them back; a record whose sketch is gone or changed is quarantined', async () => {
    const store = new JobStore(dir);
    await store.load();
    const sketchOf = (await record('x')).sketch;
    for (const id of ['j-a', 'j-b', 'j-c']) {
      const { r, sketch } = await record(id);
      await store.create(r, sketch, '{"objects":[]}');
    }
    await rm(join(dir, 'j-b.sketch.png'));
    await writeFile(join(dir, 'j-c.sketch.png'), 'not the sketch');
    await writeFile(join(dir, '.j-a.json.0123456789ab.tmp'), 'a crash left this');
    // An enqueue that died between the sketch and its record.
    await writeFile(join(dir, 'j-orphan.sketch.png'), sketchOf);
    await writeFile(join(dir, 'j-orphan.scene.json'), '{}');
    const { records, problems } = await new JobStore(dir).load();
    expect(records.map((r) => r.id)).toEqual(['j-a']);
    expect(problems.map((p) => [p.file, p.reason]).sort()).toEqual([
      ['j-b.json', 'invalid'],
      ['j-c.json', 'invalid'],
    ]);
    expect((await readdir(dir)).sort()).toEqual(['j-a.json', 'j-a.scene.json', 'j-a.sketch.png', 'quarantine']);
    expect((await readdir(join(dir, 'quarantine'))).sort()).toEqual([
      'j-b.json',
      'j-b.scene.json',
      'j-c.json',
      'j-c.scene.json',
      'j-c.sketch.png',
    ]);
    expect(await new JobStore(dir).readScene('j-a')).toBe('{"objects":[]}');
  });

  it('the table keeps the previous record when a write fails, or the new one in memory only when told to, and writes it on resume', async () => {
    let fail = false;
    const write: DurableWrite = async (p, d) => {
      if (fail) throw Object.assign(new Error(`ENOSPC: no space left on device, open '${p}'`), { code: 'ENOSPC' });
      await writeFileAtomic(p, d);
    };
    const store = new JobStore(dir, write);
    const table = new JobTable({ store, now: () => 1_700_000_001_000, changed: () => undefined });
    await table.load();
    const { r, sketch } = await record('j-a');
    await store.create(r, sketch, null);
    table.add(r);
    fail = true;
    await expect(table.update('j-a', (x) => ({ ...x, state: 'uploading' }))).rejects.toBeInstanceOf(StorageHalt);
    expect(table.must('j-a').state).toBe('queued');
    expect(table.storageError).toMatchObject({ code: 'jobs.writeFailed' });
    expect(table.storageError!.message).not.toContain(dir);
    await expect(
      table.update('j-a', (x) => ({ ...x, state: 'submitted', taskId: 'task-1' }), { keepOnFail: true }),
    ).rejects.toBeInstanceOf(StorageHalt);
    expect(table.must('j-a')).toMatchObject({ state: 'submitted', taskId: 'task-1' });
    expect((await new JobStore(dir).load()).records[0]!.state).toBe('queued');
    expect(await table.resumeWrites()).toBe(false);
    fail = false;
    expect(await table.resumeWrites()).toBe(true);
    expect(table.storageError).toBeNull();
    expect((await new JobStore(dir).load()).records[0]).toMatchObject({ state: 'submitted', taskId: 'task-1' });
  });
});
