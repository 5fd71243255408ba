import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import sharp from 'sharp';
import { beforeEach, describe, expect, it } from 'vitest';
import { galleryFolderOf } from '../../../src-main/gallery/on-disk-format';
import { readPngText } from '../../../src-main/gallery/png-text';
import { GalleryMetaSchema } from '../../../src-preload/contract/domain';
import { addInput, testGallery, type TestGallery } from './fixtures';

const TASK = '3f2b9c1e-aaaa-4bbb-8ccc-0123456789ab';

describe('GalleryService on real files', () => {
  let g: TestGallery;
  beforeEach(() => {
    g = testGallery();
  });

  it('stores one folder per generation with the exact sketch, scene, results, thumbnails and meta.json', async () => {
    const s = g.make();
    await s.start();
    const input = await addInput(TASK, { n: 3, failed: [1], prompt: '屋顶上的红猫' });
    const { id, created } = await s.add(input);
    expect(created).toBe(true);
    expect(id).toMatch(/^\d{8}-\d{6}-3f2b9c1e$/);
    const dir = join(g.root, galleryFolderOf(id));
    expect(dir).toContain(join(id.slice(0, 4), id.slice(4, 6), id));
    expect((await readdir(dir)).sort()).toEqual(
      [
        'meta.json',
        'result-0.png',
        'result-2.png',
        'scene.json',
        'sketch.png',
        'thumb-0.webp',
        'thumb-2.webp',
        'thumb-sketch.webp',
      ].sort(),
    );
    expect(Buffer.compare(await readFile(join(dir, 'sketch.png')), Buffer.from(input.sketchPng))).toBe(0);
    expect(Buffer.compare(await readFile(join(dir, 'result-2.png')), Buffer.from(input.results[1]!.bytes))).toBe(0);
    expect(await readFile(join(dir, 'scene.json'), 'utf8')).toBe(input.scene);
    const thumb = await sharp(await readFile(join(dir, 'thumb-0.webp'))).metadata();
    expect(thumb.format).toBe('webp');
    const meta = GalleryMetaSchema.parse(JSON.parse(await readFile(join(dir, 'meta.json'), 'utf8')));
    expect(meta).toMatchObject({
      schemaVersion: 1,
      id,
      taskId: TASK,
      requestId: `req-${TASK}`,
      status: 'partial',
      adapter: 'dashscope-temp',
      imageCount: 2,
      favourite: false,
      tags: [],
      setId: null,
      hasScene: true,
      params: {
        prompt: '屋顶上的红猫',
        style: '<watercolor>',
        n: 3,
        sketchWeight: 7,
        sketchExtraction: false,
        sketchColor: [[0, 0, 0]],
      },
      times: { enqueuedAt: 1, submittedAt: 2, scheduledAt: 3, endedAt: 4 },
    });
    expect(meta.images).toEqual([
      { index: 0, status: 'ok', file: 'result-0.png' },
      { index: 1, status: 'failed', code: 'InternalError', message: 'image failed' },
      { index: 2, status: 'ok', file: 'result-2.png' },
    ]);
    expect(g.events.map((e) => e.kind)).toEqual(['added']);
    // Nothing left in the temp area.
    expect(await readdir(join(g.root, '.tmp'))).toEqual([]);
  });

  it('add() is idempotent per task id: twice in a row and twice at once give one entry', async () => {
    const s = g.make();
    const input = await addInput(TASK);
    const first = await s.add(input);
    const again = await s.add(input);
    expect(again).toEqual({ id: first.id, created: false });
    const other = await addInput('77777777-bbbb');
    const [a, b, c] = await Promise.all([s.add(other), s.add(other), s.add(other)]);
    expect([a, b, c].filter((r) => r.created)).toHaveLength(1);
    expect(new Set([a.id, b.id, c.id]).size).toBe(1);
    expect(await s.hasTask(TASK)).toBe(true);
    expect(await s.hasTask('nope')).toBe(false);
    expect((await s.list()).total).toBe(2);
    // After a restart too (the index or the folders know the task).
    await s.shutdown();
    const s2 = g.make();
    expect(await s2.add(input)).toEqual({ id: first.id, created: false });
    expect((await s2.list()).total).toBe(2);
  });

  it('two tasks with the same id prefix in the same second get two folders', async () => {
    const s = g.make();
    const [a, b] = await Promise.all([s.add(await addInput('abcdefgh-1')), s.add(await addInput('abcdefgh-2'))]);
    expect(a.id).not.toBe(b.id);
    expect([a.id, b.id].some((id) => id.endsWith('-2'))).toBe(true);
  });

  it('refuses a hand-over whose images are not PNG/JPEG, and stores nothing', async () => {
    const s = g.make();
    const input = await addInput(TASK);
    await expect(s.add({ ...input, results: [{ index: 0, bytes: new Uint8Array([1, 2, 3]) }] })).rejects.toMatchObject({
      code: 'gallery.invalidEntry',
    });
    await expect(s.add({ ...input, sketchPng: new Uint8Array([1, 2, 3]) })).rejects.toMatchObject({
      code: 'gallery.invalidEntry',
    });
    expect((await s.list()).total).toBe(0);
    expect(await s.hasTask(TASK)).toBe(false);
  });

  it('lists newest first, searches case-, diacritic- and script-insensitively, filters', async () => {
    const s = g.make();
    const add = async (task: string, o: Parameters<typeof addInput>[1]) => {
      g.clock.t += 60_000;
      return (await s.add(await addInput(task, o))).id;
    };
    const cafe = await add('t1', { prompt: 'Café at Night', style: '<oil painting>' });
    const cat = await add('t2', { prompt: '屋顶上的红猫', style: '<anime>', setId: 'set-1' });
    const fail = await add('t3', { prompt: 'ＦＵＬＬ width dog', n: 1, failed: [0], setId: 'set-1' });
    expect((await s.list()).entries.map((e) => e.id)).toEqual([fail, cat, cafe]);
    expect((await s.list({ text: 'cafe' })).entries.map((e) => e.id)).toEqual([cafe]);
    expect((await s.list({ text: 'CAFÉ AT' })).entries.map((e) => e.id)).toEqual([cafe]);
    expect((await s.list({ text: '红猫' })).entries.map((e) => e.id)).toEqual([cat]);
    expect((await s.list({ text: 'full WIDTH' })).entries.map((e) => e.id)).toEqual([fail]);
    expect((await s.list({ styles: ['<anime>', '<oil painting>'] })).total).toBe(2);
    expect((await s.list({ statuses: ['failed'] })).entries.map((e) => e.id)).toEqual([fail]);
    expect((await s.list({ setId: 'set-1' })).total).toBe(2);
    const catEntry = (await s.list({ text: '红猫' })).entries[0]!;
    expect((await s.list({ from: catEntry.createdAt, to: catEntry.createdAt + 1 })).entries.map((e) => e.id)).toEqual([
      cat,
    ]);
    await s.setFavourite([cafe], true);
    expect((await s.list({ favourite: true })).entries.map((e) => e.id)).toEqual([cafe]);
    const page = await s.list({ offset: 1, limit: 1 });
    expect(page).toMatchObject({ total: 3, offset: 1, all: 3, imageBase: 'app://gallery/' });
    expect(page.entries.map((e) => e.id)).toEqual([cat]);
    expect(catEntry.images[0]).toEqual({ index: 0, status: 'ok', file: 'result-0.png', thumb: 'thumb-0.webp' });
  });

  it('a favourite is written to meta.json and survives a restart', async () => {
    const s = g.make();
    const { id } = await s.add(await addInput(TASK));
    expect(await s.setFavourite([id], true)).toEqual({ updated: 1 });
    expect((await s.get(id)).favourite).toBe(true);
    await s.shutdown();
    const s2 = g.make();
    expect((await s2.list()).entries[0]!.favourite).toBe(true);
  });

  it('delete takes entries out at once; undo puts them back; after the window they go to the trash', async () => {
    const s = g.make();
    const a = (await s.add(await addInput('task-a'))).id;
    g.clock.t += 1000;
    const b = (await s.add(await addInput('task-b'))).id;
    const del = await s.delete([a]);
    expect(del).toMatchObject({ count: 1, undoMs: 30_000 });
    expect((await s.list()).entries.map((e) => e.id)).toEqual([b]);
    expect(existsSync(join(g.root, galleryFolderOf(a)))).toBe(false);
    expect(await s.undoDelete(del.token)).toEqual({ restored: 1 });
    expect((await s.list()).entries.map((e) => e.id)).toEqual([b, a]);
    expect(existsSync(join(g.root, galleryFolderOf(a), 'meta.json'))).toBe(true);
    await expect(s.undoDelete(del.token)).rejects.toMatchObject({ code: 'gallery.undoExpired' });

    const del2 = await s.delete([a, b]);
    g.clock.release(); // the undo window closes
    await new Promise((r) => setTimeout(r, 50));
    expect(g.trashed.map((p) => p.split(/[\\/]/).pop()).sort()).toEqual([a, b].sort());
    await expect(s.undoDelete(del2.token)).rejects.toMatchObject({ code: 'gallery.undoExpired' });
    expect((await s.list()).total).toBe(0);
    expect(g.events.map((e) => e.kind)).toEqual(['added', 'added', 'deleted', 'restored', 'deleted']);
  });

  it('a delete pending at quit goes to the trash; after a crash, at the next start', async () => {
    const s = g.make();
    const a = (await s.add(await addInput('task-a'))).id;
    await s.delete([a]);
    await s.shutdown();
    expect(g.trashed).toHaveLength(1);

    const s2 = g.make();
    const b = (await s2.add(await addInput('task-b'))).id;
    await s2.delete([b]);
    // No shutdown (crash): the next start finishes the delete.
    const s3 = g.make();
    await s3.load();
    expect(g.trashed).toHaveLength(2);
    expect((await s3.list()).total).toBe(0);
  });

  it('exports a PNG whose text chunks carry the parameters, with an optional sidecar; canceling saves nothing', async () => {
    const s = g.make();
    const { id } = await s.add(await addInput(TASK, { prompt: '屋顶上的红猫 Café' }));
    expect(await s.export(id, 0, false)).toEqual({ saved: false, fileName: null });
    const target = join(g.dataDir, 'out.png');
    g.savePaths.push(target);
    expect(await s.export(id, 1, true)).toEqual({ saved: true, fileName: 'out.png' });
    expect(g.saveRequests[1]!.defaultName).toBe(`${id}-2.png`);
    const png = await readFile(target);
    const texts = Object.fromEntries(readPngText(png).map((t) => [t.keyword, t.text]));
    expect(texts.Description).toBe('屋顶上的红猫 Café');
    expect(texts.parameters).toContain('屋顶上的红猫 Café\nModel: wanx-sketch-to-image-lite, Style: <watercolor>');
    expect(texts.parameters).toContain('Sketch weight: 7');
    expect(JSON.parse(texts['wanx-sketch-studio']!)).toMatchObject({ taskId: TASK, image: 1, params: { n: 2 } });
    // Still a valid image with the same pixels.
    const original = await sharp(await readFile(join(g.root, galleryFolderOf(id), 'result-1.png')))
      .raw()
      .toBuffer();
    expect(Buffer.compare(await sharp(png).raw().toBuffer(), original)).toBe(0);
    expect(JSON.parse(await readFile(join(g.dataDir, 'out.json'), 'utf8'))).toMatchObject({ id, taskId: TASK });
    await expect(s.export(id, 3, false)).rejects.toMatchObject({ code: 'gallery.noImage' });
  });

  it('zips a selection: each generation folder without thumbnails', async () => {
    const s = g.make();
    const a = (await s.add(await addInput('task-a'))).id;
    const b = (await s.add(await addInput('task-b', { n: 1, scene: null }))).id;
    const target = join(g.dataDir, 'sel.zip');
    g.savePaths.push(target);
    expect(await s.exportZip([a, b])).toEqual({ saved: true, fileName: 'sel.zip' });
    const files = unzipSync(await readFile(target));
    expect(Object.keys(files).sort()).toEqual(
      [
        `${a}/meta.json`,
        `${a}/result-0.png`,
        `${a}/result-1.png`,
        `${a}/scene.json`,
        `${a}/sketch.png`,
        `${b}/meta.json`,
        `${b}/result-0.png`,
        `${b}/sketch.png`,
      ].sort(),
    );
    expect(
      Buffer.compare(
        Buffer.from(files[`${a}/sketch.png`]!),
        await readFile(join(g.root, galleryFolderOf(a), 'sketch.png')),
      ),
    ).toBe(0);
  });

  it('remix returns the scene, the parameters and the sketch; reveal shows the folder', async () => {
    const s = g.make();
    const input = await addInput(TASK, { setId: 'set-9' });
    const { id } = await s.add(input);
    const remix = await s.remix(id);
    expect(remix.params).toEqual(input.meta.params);
    expect(remix.scene).toBe(input.scene);
    expect(remix.setId).toBe('set-9');
    expect(
      Buffer.from(remix.sketch.replace(/^data:image\/png;base64,/, ''), 'base64').equals(Buffer.from(input.sketchPng)),
    ).toBe(true);
    await s.reveal(id);
    expect(g.shown).toEqual([join(g.root, galleryFolderOf(id))]);
    await expect(s.remix('20260101-000000-missing')).rejects.toMatchObject({ code: 'gallery.notFound' });
  });
});
