import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { chmod, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sha256Hex as sha256 } from '../../../src-main/common/sha256';
import { copyFileDurably, GALLERY_SUBFOLDER, type CopyFile } from '../../../src-main/gallery/move-folder';
import { galleryFolderOf } from '../../../src-main/gallery/on-disk-format';
import { AppFailure } from '../../../src-preload/contract/result';
import { addInput, testGallery, type TestGallery } from './fixtures';

/** Every file under `root` (skipping the undo and temp areas) with its sha256. */
async function snapshot(root: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (rel: string) => {
    for (const d of await readdir(join(root, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${d.name}` : d.name;
      if (!rel && (d.name === '.tmp' || d.name === '.deleted')) continue;
      if (d.isDirectory()) await walk(child);
      else out[child] = sha256(await readFile(join(root, child)));
    }
  };
  await walk('');
  return out;
}

const failureOf = async (p: Promise<unknown>): Promise<AppFailure> => {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppFailure) return e;
    throw e;
  }
  throw new Error('expected a failure');
};

describe('moving the gallery folder', () => {
  let g: TestGallery;
  let persisted: string[];
  let chosen: (string | null)[];
  let targetParent: string;

  beforeEach(() => {
    g = testGallery();
    persisted = [];
    chosen = [];
    targetParent = mkdtempSync(join(tmpdir(), 'gallery-target-'));
  });

  const make = (copyFile?: CopyFile, persist?: (path: string) => void) =>
    g.make({
      defaultRoot: g.root,
      chooseFolder: async () => chosen.shift() ?? null,
      persistFolder: persist ?? ((p) => void persisted.push(p)),
      ...(copyFile ? { copyFile } : {}),
    });

  /** Three generations and one quarantined folder (its damaged meta.json must move too). */
  async function seeded(copyFile?: CopyFile, persist?: (path: string) => void) {
    const s = make(copyFile, persist);
    await s.start();
    const ids: string[] = [];
    for (const [i, prompt] of ['a red cat', '屋顶上的红猫', 'a blue boat'].entries()) {
      g.clock.t += 1000;
      ids.push((await s.add(await addInput(`task-${i}`, { prompt, n: 2 }))).id);
    }
    await s.flushNow();
    const bad = join(g.root, '2026', '12', '20261201-000000-broken');
    await mkdir(bad, { recursive: true });
    await writeFile(join(bad, 'meta.json'), '{ not json');
    return { s, ids };
  }

  it('copies every file, verifies it, switches, remembers the folder and trashes the old one', async () => {
    const { s, ids } = await seeded();
    const before = await snapshot(g.root);
    expect(Object.keys(before)).toContain('2026/12/20261201-000000-broken/meta.json');
    const target = join(targetParent, 'new-home');
    chosen.push(target);
    const r = await s.moveFolder();
    expect(r).toEqual({ moved: true, folder: { path: target, isDefault: false } });
    expect(persisted).toEqual([target]);
    const after = await snapshot(target);
    for (const [rel, hash] of Object.entries(before)) {
      if (rel.startsWith('index')) continue; // the index is rewritten after the switch
      expect(after[rel], rel).toBe(hash);
    }
    expect(g.trashed).toEqual([g.root]);
    expect(existsSync(g.root)).toBe(false);
    expect(s.folderInfo().path).toBe(target);
    // Images resolve in the new folder; changes and adds land there.
    expect(await s.resolveFile({ id: ids[0]!, file: 'sketch.png' })).toBe(
      join(target, galleryFolderOf(ids[0]!), 'sketch.png'),
    );
    await s.setFavourite([ids[1]!], true);
    g.clock.t += 1000;
    const added = await s.add(await addInput('task-after'));
    expect(existsSync(join(target, galleryFolderOf(added.id), 'meta.json'))).toBe(true);
    await s.shutdown();
    // A fresh open of the new folder sees everything, the quarantined folder included.
    const reopened = g.make({ root: target });
    const page = await reopened.list();
    expect(page.all).toBe(4);
    expect(page.problems).toBe(1);
    expect(page.entries.find((e) => e.id === ids[1])?.favourite).toBe(true);
  });

  it('uses a subfolder when the chosen folder is not empty, and refuses one inside the gallery or a full subfolder', async () => {
    const { s } = await seeded();
    await writeFile(join(targetParent, 'holiday.jpg'), 'x');
    chosen.push(join(g.root, '2026'));
    expect((await failureOf(s.moveFolder())).code).toBe('gallery.badTarget');
    chosen.push(g.dataDir); // holds the gallery
    expect((await failureOf(s.moveFolder())).code).toBe('gallery.badTarget');
    await mkdir(join(targetParent, GALLERY_SUBFOLDER));
    await writeFile(join(targetParent, GALLERY_SUBFOLDER, 'other'), 'x');
    chosen.push(targetParent);
    expect((await failureOf(s.moveFolder())).code).toBe('gallery.badTarget');
    expect(persisted).toEqual([]);
    const second = mkdtempSync(join(tmpdir(), 'gallery-target-'));
    await writeFile(join(second, 'notes.txt'), 'x');
    chosen.push(second);
    const r = await s.moveFolder();
    expect(r.folder.path).toBe(join(second, GALLERY_SUBFOLDER));
    expect(await readFile(join(second, 'notes.txt'), 'utf8')).toBe('x');
  });

  it('a canceled dialog changes nothing', async () => {
    const { s } = await seeded();
    const r = await s.moveFolder();
    expect(r).toEqual({ moved: false, folder: { path: g.root, isDefault: true } });
    expect(persisted).toEqual([]);
  });

  /** After a failed move: the old folder is byte-for-byte as before, still in use, and the copy is gone. */
  async function expectOldIntact(
    s: Awaited<ReturnType<typeof seeded>>['s'],
    before: Record<string, string>,
    target: string,
  ) {
    expect(await snapshot(g.root)).toEqual(before);
    expect(s.folderInfo()).toEqual({ path: g.root, isDefault: true });
    expect(persisted).toEqual([]);
    expect(g.trashed).toEqual([]);
    expect(existsSync(target) ? await readdir(target) : []).toEqual([]);
    g.clock.t += 5000;
    const added = await s.add(await addInput('task-after-failure'));
    expect(existsSync(join(g.root, galleryFolderOf(added.id), 'meta.json'))).toBe(true);
    expect((await s.list()).all).toBe(4);
  }

  it('a copy failing part-way leaves the old folder in use and intact, and removes the partial copy', async () => {
    let copies = 0;
    const { s } = await seeded(async (from, to) => {
      if (++copies === 9) throw new Error('EIO: i/o error, write');
      await copyFileDurably(from, to);
    });
    const before = await snapshot(g.root);
    const target = join(targetParent, 'new-home');
    chosen.push(target);
    const failure = await failureOf(s.moveFolder());
    expect(failure.code).toBe('gallery.moveFailed');
    expect(failure.message).toContain('EIO');
    expect(copies).toBe(9); // it really was part-way
    expect(existsSync(target)).toBe(false);
    await expectOldIntact(s, before, target);
  });

  it('a copy that differs from its original fails verification and switches nothing', async () => {
    const { s } = await seeded(async (from, to) => {
      const bytes = await readFile(from);
      if (from.endsWith('result-1.png')) bytes[bytes.length - 5]! ^= 0xff;
      await writeFile(to, bytes);
    });
    const before = await snapshot(g.root);
    const target = join(targetParent, 'empty-existing');
    await mkdir(target);
    chosen.push(target);
    const failure = await failureOf(s.moveFolder());
    expect(failure.code).toBe('gallery.moveFailed');
    expect(failure.message).toMatch(/differs/);
    // The target existed (empty): it stays, emptied again.
    expect(await readdir(target)).toEqual([]);
    await expectOldIntact(s, before, target);
  });

  it('a settings write failing after the copy keeps the old folder', async () => {
    const { s } = await seeded(undefined, () => {
      throw new Error('settings file is read-only');
    });
    const before = await snapshot(g.root);
    const target = join(targetParent, 'new-home');
    chosen.push(target);
    expect((await failureOf(s.moveFolder())).code).toBe('gallery.moveFailed');
    await expectOldIntact(s, before, target);
  });

  describe('a real file-system failure part-way', () => {
    let mounted: string | null = null;
    afterEach(() => {
      if (mounted) execFileSync('umount', [mounted]);
      mounted = null;
    });

    it('(a full disk as root, a read-only folder otherwise) leaves the old folder in use and intact', async () => {
      const { s } = await seeded();
      const before = await snapshot(g.root);
      const target = join(targetParent, 'small');
      await mkdir(target);
      if (process.getuid?.() === 0) {
        // Root ignores permissions: a 24 KiB tmpfs fills up after a few files instead (ENOSPC).
        execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=24k', 'tmpfs', target]);
        mounted = target;
      } else {
        await mkdir(join(target, 'ro'));
        await chmod(target, 0o555);
      }
      chosen.push(mounted ? target : join(target, 'ro'));
      const failure = await failureOf(s.moveFolder());
      expect(failure.code).toBe('gallery.moveFailed');
      expect(failure.message).toMatch(mounted ? /ENOSPC/ : /EACCES/);
      if (!mounted) await chmod(target, 0o755);
      await expectOldIntact(s, before, mounted ? target : join(target, 'ro'));
    });
  });

  it('changes made while the copy runs wait, then land in the new folder', async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let copies = 0;
    const { s, ids } = await seeded(async (from, to) => {
      if (++copies === 3) await held;
      await copyFileDurably(from, to);
    });
    const target = join(targetParent, 'new-home');
    chosen.push(target);
    const moving = s.moveFolder();
    await new Promise((r) => setTimeout(r, 50));
    g.clock.t += 5000;
    const adding = s.add(await addInput('task-during'));
    const starring = s.setFavourite([ids[0]!], true);
    await new Promise((r) => setTimeout(r, 50));
    release();
    await moving;
    const added = await adding;
    await starring;
    expect(existsSync(join(target, galleryFolderOf(added.id), 'meta.json'))).toBe(true);
    const meta = JSON.parse(await readFile(join(target, galleryFolderOf(ids[0]!), 'meta.json'), 'utf8')) as {
      favourite: boolean;
    };
    expect(meta.favourite).toBe(true);
  });
});

describe('tags', () => {
  it('adds and removes tags on a selection, trimmed and without duplicates; meta.json, search and the index keep them', async () => {
    const g = testGallery();
    const s = g.make();
    await s.start();
    const a = (await s.add(await addInput('task-a', { prompt: 'a red cat' }))).id;
    g.clock.t += 1000;
    const b = (await s.add(await addInput('task-b', { prompt: 'a blue boat' }))).id;
    expect(await s.setTags([a, b], ['  holiday ', 'holiday', '猫'], [])).toEqual({ updated: 2 });
    expect(await s.setTags([a, b], ['holiday'], [])).toEqual({ updated: 0 }); // nothing new
    expect(await s.setTags([b], [], ['猫'])).toEqual({ updated: 1 });
    const metaOf = async (id: string) =>
      JSON.parse(await readFile(join(g.root, galleryFolderOf(id), 'meta.json'), 'utf8')) as { tags: string[] };
    expect((await metaOf(a)).tags).toEqual(['holiday', '猫']);
    expect((await metaOf(b)).tags).toEqual(['holiday']);
    expect((await s.list({ text: '猫' })).entries.map((e) => e.id)).toEqual([a]);
    expect((await s.list({ text: 'HOLIDAY' })).total).toBe(2);
    expect(g.events.filter((e) => e.kind === 'updated').map((e) => e.ids)).toEqual([[a, b], [b]]);
    await s.shutdown();
    const reopened = g.make();
    expect((await reopened.list({ text: '猫' })).entries.map((e) => [e.id, e.tags])).toEqual([[a, ['holiday', '猫']]]);
  });

  it('a star and tags set at the same moment, and two tag changes at once, are all kept in memory and on disk', async () => {
    const g = testGallery();
    const s = g.make();
    await s.start();
    const a = (await s.add(await addInput('task-a', { prompt: 'a red cat' }))).id;
    // Not awaited one by one: the renderer sends them as the user clicks.
    await Promise.all([s.setFavourite([a], true), s.setTags([a], ['holiday'], []), s.setTags([a], ['猫'], [])]);
    const [entry] = (await s.list({})).entries;
    expect(entry).toMatchObject({ id: a, favourite: true });
    expect([...entry!.tags].sort()).toEqual(['holiday', '猫']);
    const meta = JSON.parse(await readFile(join(g.root, galleryFolderOf(a), 'meta.json'), 'utf8')) as {
      favourite: boolean;
      tags: string[];
    };
    expect(meta.favourite).toBe(true);
    expect([...meta.tags].sort()).toEqual(['holiday', '猫']);
    expect((await s.list({})).total).toBe(1);
  });
});
