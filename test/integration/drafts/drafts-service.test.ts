import { mkdtempSync } from 'node:fs';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { AppFailure } from '../../../src-preload/contract/result';
import { DraftsService, TRASH_RETENTION_MS } from '../../../src-main/drafts/drafts-service';
import type { Clock } from '../../../src-main/common/clock';

// 1×1 PNG
const PNG =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8/5+hHgAHggJ/PchI7wAAAABJRU5ErkJggg==';
const scene = (n: number) =>
  JSON.stringify({ version: '7.4.0', objects: Array.from({ length: n }, (_, i) => ({ type: 'Path', i })) });

class FakeClock implements Clock {
  t = 1_700_000_000_000;
  now = () => this.t;
  sleep = async () => undefined;
}

describe('DraftsService on real files', () => {
  let dataDir: string;
  let clock: FakeClock;
  let n: number;
  const make = () => new DraftsService({ dataDir, clock, newId: () => `d-${++n}` });

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'drafts-'));
    clock = new FakeClock();
    n = 0;
  });

  it('creates, saves, lists newest first and reopens after a restart', async () => {
    const s = make();
    const a = await s.create({ name: 'Cat' });
    clock.t += 1000;
    const b = await s.create({ name: 'Dog', scene: scene(1) });
    clock.t += 1000;
    await s.save(a.meta.id, scene(3), PNG);

    const list = await s.list();
    expect(list.drafts.map((d) => d.name)).toEqual(['Cat', 'Dog']);
    expect(list.drafts[0]?.thumbnail).toBe(PNG);
    expect(list.problems).toEqual([]);

    const fresh = make();
    const opened = await fresh.open(a.meta.id);
    expect(JSON.parse(opened.scene).objects).toHaveLength(3);
    expect(opened.meta.updatedAt).toBe(clock.t);
    expect((await fresh.open(b.meta.id)).scene).toBe(scene(1));
  });

  it('remembers the last open draft across restarts and forgets it when deleted', async () => {
    const s = make();
    const a = await s.create({ name: 'A' });
    await s.create({ name: 'B' });
    await s.open(a.meta.id);
    expect((await make().openLast())?.meta.name).toBe('A');
    await s.delete(a.meta.id);
    expect(await make().openLast()).toBeNull();
  });

  it('deletes into the trash and restores with the thumbnail', async () => {
    const s = make();
    const a = await s.create({ name: 'A', thumbnail: PNG });
    await s.delete(a.meta.id);
    expect((await s.list()).drafts).toEqual([]);
    await expect(s.open(a.meta.id)).rejects.toMatchObject({ code: 'drafts.notFound' });
    const back = await s.restore(a.meta.id);
    expect(back).toMatchObject({ name: 'A', thumbnail: PNG });
    expect((await make().list()).drafts.map((d) => d.id)).toEqual([a.meta.id]);
  });

  it('purges trash entries older than the retention period', async () => {
    const s = make();
    const a = await s.create();
    await s.delete(a.meta.id);
    clock.t += TRASH_RETENTION_MS + 1;
    await s.list();
    expect(await readdir(join(dataDir, 'drafts-trash'))).toEqual([]);
    await expect(s.restore(a.meta.id)).rejects.toMatchObject({ code: 'drafts.notFound' });
  });

  it('renames and duplicates', async () => {
    const s = make();
    const a = await s.create({ name: 'A', scene: scene(2) });
    expect((await s.rename(a.meta.id, '  Sunset  ')).name).toBe('Sunset');
    const copy = await s.duplicate(a.meta.id);
    expect(copy.name).toBe('Sunset (copy)');
    expect((await s.open(copy.id)).scene).toBe(scene(2));
  });

  it('rejects scenes and thumbnails that are not what they claim', async () => {
    const s = make();
    const a = await s.create();
    await expect(s.save(a.meta.id, '{not json', undefined)).rejects.toBeInstanceOf(AppFailure);
    await expect(s.save(a.meta.id, '{"objects":1}', undefined)).rejects.toMatchObject({ code: 'drafts.invalidScene' });
    await expect(s.save(a.meta.id, scene(0), 'data:image/png;base64,AAAA')).rejects.toMatchObject({
      code: 'drafts.invalidScene',
    });
    await expect(s.save('nope', scene(0))).rejects.toMatchObject({ code: 'drafts.notFound' });
  });

  it('skips and reports corrupt folders instead of failing the listing', async () => {
    const s = make();
    const good = await s.create({ name: 'Good' });
    await mkdir(join(dataDir, 'drafts', 'broken'));
    await writeFile(join(dataDir, 'drafts', 'broken', 'meta.json'), '{"id":');
    await mkdir(join(dataDir, 'drafts', 'empty'));
    const list = await make().list();
    expect(list.drafts.map((d) => d.id)).toEqual([good.meta.id]);
    expect(list.problems.map((p) => p.id).sort()).toEqual(['broken', 'empty']);
  });

  it('reports a damaged scene as corrupt and openLast falls back to a blank start', async () => {
    const s = make();
    const a = await s.create({ name: 'A' });
    await writeFile(join(dataDir, 'drafts', a.meta.id, 'scene.json'), '{"objects": [');
    await expect(make().open(a.meta.id)).rejects.toMatchObject({ code: 'drafts.corrupt' });
    expect(await make().openLast()).toBeNull();
  });

  it('keeps the newest autosave when saves overlap, and leaves no temp files', async () => {
    const s = make();
    const a = await s.create();
    await Promise.all(Array.from({ length: 20 }, (_, i) => s.save(a.meta.id, scene(i))));
    expect(JSON.parse(await readFile(join(dataDir, 'drafts', a.meta.id, 'scene.json'), 'utf8')).objects).toHaveLength(
      19,
    );
    expect((await readdir(join(dataDir, 'drafts', a.meta.id))).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('saves a 2,000-stroke scene whole (its speed is npm run bench:canvas draftSaveMs)', async () => {
    const s = make();
    const a = await s.create();
    const big = JSON.stringify({
      objects: Array.from({ length: 2000 }, () => ({ type: 'Path', path: Array(60).fill(['Q', 1.5, 2.5, 3.5, 4.5]) })),
    });
    for (let i = 0; i < 5; i++) await s.save(a.meta.id, big, PNG);
    expect(await readFile(join(dataDir, 'drafts', a.meta.id, 'scene.json'), 'utf8')).toBe(big);
  });
});
