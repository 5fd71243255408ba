import { mkdtempSync } from 'node:fs';
import { mkdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveGalleryUrl } from '../../../src-main/gallery/serve';
import { galleryFolderOf } from '../../../src-main/gallery/on-disk-format';
import { parseGalleryPath, parseGalleryUrl } from '../../../src-main/security/gallery-path';
import { startHarnessServer, type HarnessServer } from '../../harness/server';
import { addInput, testGallery } from './fixtures';

const ID = '20261201-142233-3f2b9c1e';

describe('gallery URL parsing', () => {
  it('accepts only <id>/<known file> on the gallery host', () => {
    expect(parseGalleryUrl(`app://gallery/${ID}/result-0.png`)).toEqual({ id: ID, file: 'result-0.png' });
    expect(parseGalleryUrl(`app://gallery/${ID}/thumb-sketch.webp`)).toEqual({ id: ID, file: 'thumb-sketch.webp' });
    expect(parseGalleryPath(`${ID}/sketch.png`)).toEqual({ id: ID, file: 'sketch.png' });
  });

  it.each([
    `app://renderer/${ID}/result-0.png`,
    `app://gallery/${ID}/../../../etc/passwd`,
    `app://gallery/${ID}/%2e%2e/%2e%2e/meta.json`,
    `app://gallery/%2e%2e/result-0.png`,
    `app://gallery/${ID}%2f..%2f..%2fresult-0.png`,
    `app://gallery/${ID}/..%2fresult-0.png`,
    `app://gallery/${ID}/..%5cresult-0.png`,
    `app://gallery/${ID}%5c..%5cresult-0.png`,
    `app://gallery/${ID}/result-0.png%00.txt`,
    `app://gallery//etc/passwd`,
    `app://gallery/${ID}/%2fetc%2fpasswd`,
    `app://gallery/C:%5cWindows%5cwin.ini`,
    `app://gallery/${ID}/C:%5cWindows%5cwin.ini`,
    `app://gallery/C:/Windows/win.ini`,
    `app://gallery/${ID}/result-0.png?x=1`,
    `app://gallery/${ID}/result-9.png`,
    `app://gallery/${ID}/index.json`,
    `app://gallery/${ID}/sub/result-0.png`,
    `app://gallery/${ID}/%E0%A4%A`,
    `app://gallery/`,
  ])('refuses %s', (url) => {
    expect(parseGalleryUrl(url)).toBeNull();
  });

  it.each(['..', '%2e%2e', '.%2e', '%2E%2E', '/etc/passwd', '\\\\server\\share', 'C:\\x', 'c%3a%5cx'])(
    'refuses %s as an id or file',
    (seg) => {
      expect(parseGalleryPath(`${seg}/result-0.png`)).toBeNull();
      expect(parseGalleryPath(`${ID}/${seg}`)).toBeNull();
    },
  );
});

describe('gallery file resolver on real files', () => {
  it('serves files of known entries, remakes a missing thumbnail, refuses a symlink pointing out', async () => {
    const g = testGallery();
    const s = g.make();
    const { id } = await s.add(await addInput('task-1'));
    const dir = join(g.root, galleryFolderOf(id));
    expect(await resolveGalleryUrl(s, `app://gallery/${id}/result-0.png`)).toBe(join(dir, 'result-0.png'));
    // Unknown entry (even if a folder exists), unknown file.
    expect(await resolveGalleryUrl(s, `app://gallery/20200101-000000-nothere/result-0.png`)).toBeNull();
    expect(await resolveGalleryUrl(s, `app://gallery/${id}/result-3.png`)).toBeNull();

    // A missing thumbnail is made again on demand.
    const thumb = await readFile(join(dir, 'thumb-1.webp'));
    await rm(join(dir, 'thumb-1.webp'));
    expect(await resolveGalleryUrl(s, `app://gallery/${id}/thumb-1.webp`)).toBe(join(dir, 'thumb-1.webp'));
    expect((await readFile(join(dir, 'thumb-1.webp'))).length).toBeGreaterThan(0);
    expect(thumb.length).toBeGreaterThan(0);

    // A symlink that points outside the gallery folder is refused (realpath is checked).
    const outside = join(mkdtempSync(join(tmpdir(), 'outside-')), 'secret.png');
    await writeFile(outside, 'secret');
    await rm(join(dir, 'result-1.png'));
    await symlink(outside, join(dir, 'result-1.png'));
    expect(await resolveGalleryUrl(s, `app://gallery/${id}/result-1.png`)).toBeNull();
    // …also when the generation folder itself is a link out.
    const outDir = mkdtempSync(join(tmpdir(), 'outside-dir-'));
    await writeFile(join(outDir, 'sketch.png'), 'x');
    const other = (await s.add(await addInput('task-2'))).id;
    await rm(join(g.root, galleryFolderOf(other)), { recursive: true });
    await symlink(outDir, join(g.root, galleryFolderOf(other)));
    expect(await resolveGalleryUrl(s, `app://gallery/${other}/sketch.png`)).toBeNull();
  });
});

describe('the harness serves the same resolver on its origin', () => {
  let server: HarnessServer;
  let id: string;
  beforeAll(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'gallery-harness-'));
    server = await startHarnessServer({ dataDir, rendererDir: join(dataDir, 'no-renderer'), noKeychain: true });
    id = (await server.services.gallery.add(await addInput('task-h'))).id;
    await mkdir(join(dataDir, 'x'), { recursive: true });
  });
  afterAll(async () => {
    await server.close();
  });

  it('answers images with their type, and 404 for anything outside', async () => {
    const page = await server.services.gallery.list();
    expect(page.imageBase).toBe('/gallery/');
    const ok = await fetch(`${server.url}/gallery/${id}/result-0.png`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('image/png');
    expect(ok.headers.get('x-content-type-options')).toBe('nosniff');
    const thumb = await fetch(`${server.url}/gallery/${id}/thumb-0.webp`);
    expect(thumb.headers.get('content-type')).toBe('image/webp');
    for (const bad of [
      `/gallery/${id}/..%2f..%2f..%2fsettings.json`,
      `/gallery/${id}/%2e%2e/meta.json`,
      `/gallery/..%2f..%2fsettings.json`,
      `/gallery/${id}/..%5c..%5csettings.json`,
      `/gallery/C:%5cWindows%5cwin.ini`,
      `/gallery/${id}/index.json`,
    ]) {
      const res = await fetch(`${server.url}${bad}`);
      expect(res.status, bad).toBe(404);
    }
  });
});
