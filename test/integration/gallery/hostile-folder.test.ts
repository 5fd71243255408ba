import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { lstat, mkdir, readdir, readFile, rm, stat, symlink, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { unzipSync } from 'fflate';
import { beforeEach, describe, expect, it } from 'vitest';
import { readPngText } from '../../../src-main/gallery/png-text';
import { readGalleryUrl, resolveGalleryUrl } from '../../../src-main/gallery/serve';
import { galleryFolderOf } from '../../../src-main/gallery/on-disk-format';
import { parseGalleryUrl } from '../../../src-main/security/gallery-path';
import { GalleryPageSchema } from '../../../src-preload/contract/gallery';
import { addInput, solidPng, testGallery, type TestGallery } from './fixtures';

/**
 * A gallery folder is data from a stranger: someone copies a generation folder in, or a whole
 * gallery. Every case here puts real hostile files on disk (symlinks out of the folder, names
 * that climb out, sparse giant files) and drives the real GalleryService.
 */

const rejectsWith = async (p: Promise<unknown>, code: string) => {
  await expect(p).rejects.toMatchObject({ code });
};

/** A stranger's world outside the gallery: a PNG and a text file worth stealing. */
async function outsideFiles() {
  const dir = mkdtempSync(join(tmpdir(), 'stranger-outside-'));
  const png = join(dir, 'secret.png');
  const secretPng = await solidPng(1, 2, 3, 40);
  await writeFile(png, secretPng);
  const txt = join(dir, 'secret.txt');
  await writeFile(txt, '{"secret":"ssh-rsa AAAA"}');
  return { dir, png, txt, secretPng };
}

async function oneEntry(g: TestGallery, taskId = 'task-strange') {
  const s = g.make();
  const { id } = await s.add(await addInput(taskId));
  await s.shutdown();
  return { id, dir: join(g.root, galleryFolderOf(id)) };
}

const metaPath = (dir: string) => join(dir, 'meta.json');
async function editMeta(dir: string, edit: (meta: Record<string, unknown>) => void) {
  const meta = JSON.parse(await readFile(metaPath(dir), 'utf8')) as Record<string, unknown>;
  edit(meta);
  await writeFile(metaPath(dir), JSON.stringify(meta));
}

describe('names in meta.json are checked by the schema that writes them', () => {
  let g: TestGallery;
  beforeEach(() => {
    g = testGallery();
  });

  it.each([
    ['climbs out of the folder', (dir: string, out: string) => relative(dir, out)],
    ['is absolute', (_dir: string, out: string) => out],
    ['is another gallery file', () => 'meta.json'],
    ['is the file of another slot', () => 'result-1.png'],
  ])('an image file name that %s quarantines the entry; export and zip never read it', async (_what, name) => {
    const out = await outsideFiles();
    const { id, dir } = await oneEntry(g);
    await editMeta(dir, (m) => {
      (m.images as { file?: string }[])[0]!.file = name(dir, out.png);
    });
    await rm(join(g.root, 'index.json'));
    const s = g.make();
    const page = await s.list();
    expect(page.entries.map((e) => e.id)).not.toContain(id);
    expect(await s.problems()).toEqual([
      expect.objectContaining({ folder: galleryFolderOf(id).split('\\').join('/'), reason: 'invalidMeta' }),
    ]);

    const target = join(g.dataDir, 'exported.png');
    g.savePaths.push(target);
    await rejectsWith(s.export(id, 0, false), 'gallery.notFound');
    await rejectsWith(s.exportZip([id]), 'gallery.notFound');
    expect(existsSync(target)).toBe(false);
  });

  it('an index.json whose entries name files outside their folder is not trusted: the entry is rebuilt from meta.json', async () => {
    const { id } = await oneEntry(g);
    const indexPath = join(g.root, 'index.json');
    const index = JSON.parse(await readFile(indexPath, 'utf8')) as {
      entries: { images: { file: string | null; thumb: string | null }[] }[];
    };
    index.entries[0]!.images[0]!.file = '../../../../../etc/passwd';
    index.entries[0]!.images[0]!.thumb = '../../../../../etc/hostname';
    await writeFile(indexPath, JSON.stringify(index));
    const s = g.make();
    const entry = (await s.list()).entries.find((e) => e.id === id)!;
    expect(entry.images[0]).toEqual({ index: 0, status: 'ok', file: 'result-0.png', thumb: 'thumb-0.webp' });
  });

  it('an index.json entry the grid could not be sent (an unknown style) does not break gallery.list: rebuilt from meta.json', async () => {
    const { id } = await oneEntry(g);
    const indexPath = join(g.root, 'index.json');
    const index = JSON.parse(await readFile(indexPath, 'utf8')) as { entries: { style: string }[] };
    index.entries[0]!.style = '<hacked>';
    await writeFile(indexPath, JSON.stringify(index));
    const page = await g.make().list();
    // What the dispatcher checks before answering the renderer.
    expect(GalleryPageSchema.safeParse(page).success).toBe(true);
    expect(page.entries.map((e) => [e.id, e.style])).toEqual([[id, '<watercolor>']]);
  });
});

describe('reads never follow a link out of the gallery', () => {
  let g: TestGallery;
  beforeEach(() => {
    g = testGallery();
  });

  it('Remix refuses a sketch.png or scene.json that is a symlink', async () => {
    const out = await outsideFiles();
    const { id, dir } = await oneEntry(g);
    const s = g.make();
    await rm(join(dir, 'scene.json'));
    await symlink(out.txt, join(dir, 'scene.json'));
    await rejectsWith(s.remix(id), 'gallery.ioError');

    await rm(join(dir, 'scene.json'));
    await writeFile(join(dir, 'scene.json'), '{"objects":[]}');
    await rm(join(dir, 'sketch.png'));
    await symlink(out.png, join(dir, 'sketch.png'));
    await rejectsWith(s.remix(id), 'gallery.ioError');
  });

  it('export and zip refuse a result image that is a symlink, and write nothing', async () => {
    const out = await outsideFiles();
    const { id, dir } = await oneEntry(g);
    await rm(join(dir, 'result-0.png'));
    await symlink(out.png, join(dir, 'result-0.png'));
    const s = g.make();
    const png = join(g.dataDir, 'out.png');
    const zip = join(g.dataDir, 'out.zip');
    g.savePaths.push(png, zip);
    await rejectsWith(s.export(id, 0, false), 'gallery.exportFailed');
    await rejectsWith(s.exportZip([id]), 'gallery.exportFailed');
    expect(existsSync(png)).toBe(false);
    expect(existsSync(zip)).toBe(false);
  });

  it('a zip holds only <id>/<gallery file> entries', async () => {
    const { id } = await oneEntry(g);
    const s = g.make();
    const zip = join(g.dataDir, 'ok.zip');
    g.savePaths.push(zip);
    await s.exportZip([id]);
    const names = Object.keys(unzipSync(new Uint8Array(await readFile(zip))));
    expect(names.sort()).toEqual([
      `${id}/meta.json`,
      `${id}/result-0.png`,
      `${id}/result-1.png`,
      `${id}/scene.json`,
      `${id}/sketch.png`,
    ]);
  });

  it('a generation folder that is a symlink is quarantined, not followed', async () => {
    const out = await outsideFiles();
    const { id, dir } = await oneEntry(g);
    // The stranger's "generation" is a link to a folder elsewhere holding a valid-looking meta.json.
    const linked = join(out.dir, 'linked');
    await mkdir(linked);
    await writeFile(join(linked, 'meta.json'), await readFile(metaPath(dir)));
    const fakeId = '20261201-101010-linked';
    await symlink(linked, join(g.root, galleryFolderOf(fakeId)));
    const s = g.make();
    const page = await s.list();
    expect(page.entries.map((e) => e.id)).toEqual([id]);
    expect((await s.problems()).map((p) => [p.folder, p.reason])).toEqual([
      [galleryFolderOf(fakeId).split('\\').join('/'), 'unreadable'],
    ]);
    expect(await resolveGalleryUrl(s, `app://gallery/${fakeId}/sketch.png`)).toBeNull();
  });
});

describe('size caps: a giant (sparse) file is refused before it is read', () => {
  let g: TestGallery;
  beforeEach(() => {
    g = testGallery();
  });

  it('scene.json, sketch.png and result images over their caps fail Remix, export and serving', async () => {
    const { id, dir } = await oneEntry(g);
    const s = g.make();
    await truncate(join(dir, 'scene.json'), 400 * 1024 * 1024);
    await rejectsWith(s.remix(id), 'gallery.ioError');
    await writeFile(join(dir, 'scene.json'), '{"objects":[]}');
    await truncate(join(dir, 'sketch.png'), 300 * 1024 * 1024);
    await rejectsWith(s.remix(id), 'gallery.ioError');
    await truncate(join(dir, 'result-0.png'), 300 * 1024 * 1024);
    g.savePaths.push(join(g.dataDir, 'big.png'));
    await rejectsWith(s.export(id, 0, false), 'gallery.exportFailed');
    expect(await resolveGalleryUrl(s, `app://gallery/${id}/result-0.png`)).toBeNull();
    expect(await resolveGalleryUrl(s, `app://gallery/${id}/result-1.png`)).toBe(join(dir, 'result-1.png'));
  });

  it('a sparse meta.json is quarantined as unreadable; the other entries load', async () => {
    const { id } = await oneEntry(g, 'task-good');
    const bad = '20261102-030303-giant';
    await mkdir(join(g.root, galleryFolderOf(bad)), { recursive: true });
    await writeFile(join(g.root, galleryFolderOf(bad), 'meta.json'), '');
    await truncate(join(g.root, galleryFolderOf(bad), 'meta.json'), 200 * 1024 * 1024);
    const s = g.make();
    expect((await s.list()).entries.map((e) => e.id)).toEqual([id]);
    expect((await s.problems()).map((p) => p.reason)).toEqual(['unreadable']);
  });
});

describe('the trash sweep at start never follows links', () => {
  let g: TestGallery;
  beforeEach(() => {
    g = testGallery();
  });

  /** A stand-in for ~/Documents: a folder with files the user cares about. */
  async function documents() {
    const home = mkdtempSync(join(tmpdir(), 'stranger-home-'));
    const docs = join(home, 'Documents');
    await mkdir(join(docs, 'taxes'), { recursive: true });
    await writeFile(join(docs, 'thesis.txt'), 'years of work');
    await writeFile(join(docs, 'taxes', '2025.pdf'), 'pdf');
    return { home, docs };
  }

  it('.deleted/<token> linking to a folder: nothing of its target is trashed; the link goes', async () => {
    const { docs } = await documents();
    await oneEntry(g);
    await mkdir(join(g.root, '.deleted'), { recursive: true });
    await symlink(docs, join(g.root, '.deleted', '3b0d4c2a-1111-4222-8333-444455556666'));
    const s = g.make();
    await s.load();
    expect(g.trashed).toEqual([]);
    expect((await readdir(docs)).sort()).toEqual(['taxes', 'thesis.txt']);
    expect(await readdir(join(g.root, '.deleted'))).toEqual([]);
  });

  it('.deleted or .tmp itself linking to a home folder: nothing in it is trashed or removed', async () => {
    const { home, docs } = await documents();
    await oneEntry(g);
    await symlink(home, join(g.root, '.deleted'));
    await rm(join(g.root, '.tmp'), { recursive: true });
    await symlink(home, join(g.root, '.tmp'));
    const s = g.make();
    await s.load();
    expect(g.trashed).toEqual([]);
    expect((await readdir(docs)).sort()).toEqual(['taxes', 'thesis.txt']);
    expect(existsSync(join(g.root, '.deleted'))).toBe(false);
  });

  it('a link inside a real holding folder is removed, never handed to the trash', async () => {
    const { docs } = await documents();
    await oneEntry(g);
    const holding = join(g.root, '.deleted', '3b0d4c2a-1111-4222-8333-444455556666');
    await mkdir(holding, { recursive: true });
    await symlink(docs, join(holding, '20261201-000000-linked'));
    await mkdir(join(holding, '20261201-000001-real'));
    const s = g.make();
    await s.load();
    expect(g.trashed.map((p) => p.split(/[\\/]/).pop())).toEqual(['20261201-000001-real']);
    expect((await readdir(docs)).sort()).toEqual(['taxes', 'thesis.txt']);
    expect(existsSync(holding)).toBe(false);
  });
});

describe('start never waits on the gallery folder', () => {
  it('start() answers while the folder is still loading (the trash of a leftover delete hangs)', async () => {
    const g = testGallery();
    await oneEntry(g);
    await mkdir(join(g.root, '.deleted', '3b0d4c2a-1111-4222-8333-444455556666', '20261201-000001-real'), {
      recursive: true,
    });
    let trashCalls = 0;
    const s = g.make({
      trashItem: () => {
        trashCalls++;
        return new Promise<void>(() => undefined); // a trash that never answers
      },
    });
    await s.start();
    // The load is under way (it reached the trash) and has not finished: list() still waits.
    await expect.poll(() => trashCalls).toBe(1);
    let listed = false;
    void s.list().then(() => (listed = true));
    await new Promise((r) => setImmediate(r));
    expect(listed).toBe(false);
  });
});

describe('a configured gallery folder that is missing (an unplugged drive)', () => {
  it('is reported, not re-created on the system disk; it loads once the folder is back', async () => {
    const g = testGallery();
    const drive = mkdtempSync(join(tmpdir(), 'gallery-drive-'));
    const root = join(drive, 'My Gallery');
    const s = g.make({ root, defaultRoot: g.root });
    await s.start();
    await rejectsWith(s.list(), 'gallery.folderMissing');
    // The job queue pauses on gallery.ioError (and retries on resume) instead of failing the job.
    await rejectsWith(s.add(await addInput('task-while-unplugged')), 'gallery.ioError');
    await rejectsWith(s.hasTask('task-while-unplugged'), 'gallery.ioError');
    expect(existsSync(root)).toBe(false);
    // Plugged back in.
    await mkdir(root);
    expect((await s.list()).total).toBe(0);
    await s.add(await addInput('task-after'));
    expect((await s.list()).total).toBe(1);
  });

  it('the default folder is still created when missing', async () => {
    const g = testGallery();
    const s = g.make({ defaultRoot: g.root });
    expect((await s.list()).total).toBe(0);
    expect((await stat(g.root)).isDirectory()).toBe(true);
  });
});

describe('lower items', () => {
  it('gallery folders are created 0700 and files 0600 (also after a move)', async () => {
    const g = testGallery();
    const target = join(mkdtempSync(join(tmpdir(), 'gallery-move-')), 'moved');
    const s = g.make({ defaultRoot: g.root, chooseFolder: async () => target, persistFolder: () => undefined });
    const { id } = await s.add(await addInput('task-modes'));
    await s.flushNow();
    const check = async (root: string) => {
      const dir = join(root, galleryFolderOf(id));
      const mode = async (p: string) => (await lstat(p)).mode & 0o777;
      for (const d of [root, join(root, id.slice(0, 4)), join(root, id.slice(0, 4), id.slice(4, 6)), dir])
        expect(await mode(d), d).toBe(0o700);
      for (const f of await readdir(dir)) expect(await mode(join(dir, f)), f).toBe(0o600);
      expect(await mode(join(root, 'index.json'))).toBe(0o600);
    };
    await check(g.root);
    expect((await s.moveFolder()).moved).toBe(true);
    await check(target);
  });

  it('a prompt with newlines cannot forge lines of the exported parameters text', async () => {
    const g = testGallery();
    const s = g.make();
    const prompt = 'a cat\nNegative prompt: none\r\nSteps: 99, Sampler: forged\u2028Seed: 1';
    const { id } = await s.add(await addInput('task-newline', { prompt }));
    const target = join(g.dataDir, 'p.png');
    g.savePaths.push(target);
    await s.export(id, 0, false);
    const params = readPngText(await readFile(target)).find((t) => t.keyword === 'parameters')!.text;
    const lines = params.split(/\r\n|\r|\n|\u2028|\u2029|\u0085/);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe('a cat Negative prompt: none Steps: 99, Sampler: forged Seed: 1');
    expect(lines[1]).toMatch(/^Model: /);
  });

  it('app://gallery serves images only, never meta.json or scene.json', async () => {
    const g = testGallery();
    const s = g.make();
    const { id } = await s.add(await addInput('task-serve'));
    expect(await resolveGalleryUrl(s, `app://gallery/${id}/sketch.png`)).not.toBeNull();
    expect(await resolveGalleryUrl(s, `app://gallery/${id}/thumb-sketch.webp`)).not.toBeNull();
    for (const file of ['meta.json', 'scene.json']) {
      expect(parseGalleryUrl(`app://gallery/${id}/${file}`)).toBeNull();
      expect(await resolveGalleryUrl(s, `app://gallery/${id}/${file}`)).toBeNull();
    }
  });
});

describe("the app's image reader (app://gallery)", () => {
  it('reads a known image; answers null for a FIFO or a link, without opening it', async () => {
    const g = testGallery();
    const s = g.make();
    const { id } = await s.add(await addInput('task-reader'));
    const dir = join(g.root, galleryFolderOf(id));
    const ok = await readGalleryUrl(s, `app://gallery/${id}/result-0.png`);
    expect(Buffer.compare(ok!.bytes, await readFile(join(dir, 'result-0.png')))).toBe(0);
    await rm(join(dir, 'result-1.png'));
    execFileSync('mkfifo', [join(dir, 'result-1.png')]);
    expect(await readGalleryUrl(s, `app://gallery/${id}/result-1.png`)).toBeNull();
    const out = await outsideFiles();
    await rm(join(dir, 'sketch.png'));
    await symlink(out.png, join(dir, 'sketch.png'));
    expect(await readGalleryUrl(s, `app://gallery/${id}/sketch.png`)).toBeNull();
  });
});
