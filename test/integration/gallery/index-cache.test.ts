import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { DIRTY_FILE, INDEX_FILE } from '../../../src-main/gallery/index-cache';
import { galleryFolderOf } from '../../../src-main/gallery/on-disk-format';
import { addInput, testGallery, type TestGallery } from './fixtures';

/** Three generations, a minute apart, and a clean shutdown (index written). */
async function seeded(g: TestGallery): Promise<string[]> {
  const s = g.make();
  const ids: string[] = [];
  for (const [i, prompt] of ['one cat', 'two dogs', '三只鸟'].entries()) {
    g.clock.t += 60_000;
    ids.push((await s.add(await addInput(`task-${i}`, { prompt }))).id);
  }
  await s.shutdown();
  return ids;
}

const indexJson = async (g: TestGallery) =>
  JSON.parse(await readFile(join(g.root, INDEX_FILE), 'utf8')) as {
    version: number;
    entries: { id: string; prompt: string }[];
  };

describe('gallery index cache', () => {
  let g: TestGallery;
  beforeEach(() => {
    g = testGallery();
  });

  it('writes the index at shutdown and opens from it without reading meta.json files', async () => {
    const ids = await seeded(g);
    expect((await indexJson(g)).entries.map((e) => e.id)).toEqual([...ids].reverse());
    // Prove the cache is what is read: a meta.json edited behind the app's back does not show.
    const metaPath = join(g.root, galleryFolderOf(ids[0]!), 'meta.json');
    const meta = JSON.parse(await readFile(metaPath, 'utf8'));
    await writeFile(metaPath, JSON.stringify({ ...meta, params: { ...meta.params, prompt: 'changed by hand' } }));
    const s = g.make();
    expect((await s.list({ text: 'changed by hand' })).total).toBe(0);
    expect((await s.list()).total).toBe(3);
  });

  it('rebuilds from the folders when the index is missing, damaged, of another version, or marked dirty', async () => {
    const ids = await seeded(g);
    const expected = [...ids].reverse();
    const open = async () => (await g.make().list()).entries.map((e) => e.id);

    await rm(join(g.root, INDEX_FILE));
    expect(await open()).toEqual(expected);
    expect((await indexJson(g)).entries).toHaveLength(3); // rebuilt and written back

    await writeFile(join(g.root, INDEX_FILE), '{"version":1,"entr');
    expect(await open()).toEqual(expected);

    const old = await indexJson(g);
    await writeFile(join(g.root, INDEX_FILE), JSON.stringify({ ...old, version: 0, entries: [] }));
    expect(await open()).toEqual(expected);

    // Dirty: the app stopped between a meta.json change and the index rewrite.
    const metaPath = join(g.root, galleryFolderOf(ids[1]!), 'meta.json');
    const meta = JSON.parse(await readFile(metaPath, 'utf8'));
    await writeFile(metaPath, JSON.stringify({ ...meta, favourite: true }));
    await writeFile(join(g.root, DIRTY_FILE), '');
    const s = g.make();
    expect((await s.list({ favourite: true })).entries.map((e) => e.id)).toEqual([ids[1]]);
  });

  it('a favourite set just before a crash is not lost (dirty mark, then rebuild)', async () => {
    const ids = await seeded(g);
    const s = g.make();
    await s.setFavourite([ids[2]!], true);
    // No shutdown, no flush (the flush timer is held): the index on disk is stale but marked dirty.
    expect((await indexJson(g)).entries.length).toBe(3);
    const s2 = g.make();
    expect((await s2.list({ favourite: true })).entries.map((e) => e.id)).toEqual([ids[2]]);
  });

  it('picks up folders added and removed outside the app on the next open', async () => {
    const ids = await seeded(g);
    // Removed by hand.
    await rm(join(g.root, galleryFolderOf(ids[0]!)), { recursive: true });
    // Added by hand: a generation folder copied in from another gallery.
    const other = testGallery();
    const o = other.make();
    other.clock.t = Date.UTC(2025, 5, 15, 12);
    const foreign = (await o.add(await addInput('foreign-task', { prompt: 'from another computer' }))).id;
    await o.shutdown();
    await mkdir(join(g.root, foreign.slice(0, 4), foreign.slice(4, 6)), { recursive: true });
    await cp(join(other.root, galleryFolderOf(foreign)), join(g.root, galleryFolderOf(foreign)), { recursive: true });

    const s = g.make();
    const list = await s.list();
    expect(list.entries.map((e) => e.id)).toEqual([ids[2], ids[1], foreign]);
    expect((await s.list({ text: 'another computer' })).total).toBe(1);
    expect(await s.hasTask('foreign-task')).toBe(true);
    expect(await s.hasTask('task-0')).toBe(false);
    await s.shutdown();
    expect((await indexJson(g)).entries.map((e) => e.id)).toEqual([ids[2], ids[1], foreign]);
  });

  it('quarantines a damaged meta.json with the reason; everything else loads; a mended one comes back', async () => {
    const ids = await seeded(g);
    const metaPath = (id: string) => join(g.root, galleryFolderOf(id), 'meta.json');
    const good = await readFile(metaPath(ids[0]!), 'utf8');
    await writeFile(metaPath(ids[0]!), '{ "schemaVersion": 1, "id": ');
    const second = JSON.parse(await readFile(metaPath(ids[1]!), 'utf8'));
    await writeFile(metaPath(ids[1]!), JSON.stringify({ ...second, schemaVersion: 99 }));
    await writeFile(metaPath(ids[2]!), JSON.stringify({ ...second, id: ids[2], params: { prompt: 5 } }));
    await mkdir(join(g.root, '2026', '12', 'holiday photos'), { recursive: true });
    await rm(join(g.root, INDEX_FILE));

    const s = g.make();
    const page = await s.list();
    expect(page.total).toBe(0);
    expect(page.problems).toBe(4);
    const problems = await s.problems();
    const byFolder = Object.fromEntries(problems.map((p) => [p.folder, p.reason]));
    expect(byFolder).toEqual({
      [galleryFolderOf(ids[0]!).split('\\').join('/')]: 'notJson',
      [galleryFolderOf(ids[1]!).split('\\').join('/')]: 'newerVersion',
      [galleryFolderOf(ids[2]!).split('\\').join('/')]: 'invalidMeta',
      '2026/12/holiday photos': 'badName',
    });
    expect(problems.find((p) => p.reason === 'invalidMeta')!.detail).toContain('params');
    await s.shutdown();

    // Mended by hand: the next open (from the cache) reads it again and it is back.
    await writeFile(metaPath(ids[0]!), good);
    const s2 = g.make();
    expect((await s2.list()).entries.map((e) => e.id)).toEqual([ids[0]]);
    expect((await s2.problems()).length).toBe(3);
  });

  it('leaves no half entry from a temp folder a crash left behind', async () => {
    const ids = await seeded(g);
    const tmp = join(g.root, '.tmp', `${ids[0]}-x`);
    await mkdir(tmp, { recursive: true });
    await writeFile(join(tmp, 'sketch.png'), 'partial');
    const s = g.make();
    expect((await s.list()).total).toBe(3);
    await s.start();
    await expect(readFile(join(tmp, 'sketch.png'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
