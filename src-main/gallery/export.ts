import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Zip, ZipDeflate, ZipPassThrough } from 'fflate';
import {
  GALLERY_FILE_PATTERN,
  GALLERY_META_FILE,
  GALLERY_SCENE_FILE,
  GALLERY_SKETCH_FILE,
  GalleryIdSchema,
  type GalleryMeta,
} from '../../src-preload/contract/domain/gallery';
import { SKETCH_MODEL } from '../../src-preload/contract/domain/regions';
import { fsyncDir } from '../common/atomic-file';
import type { PngText } from './png-text';

const hex = ([r, g, b]: readonly [number, number, number]) =>
  `#${[r, g, b].map((c) => c.toString(16).padStart(2, '0')).join('')}`;

/**
 * Line breaks of every kind (CR, LF, NEL, LS, PS) become one space: tools read the `parameters`
 * text line by line, so a prompt with a newline could otherwise forge a settings line.
 */
export const foldLines = (text: string): string => text.replace(/[\r\n\u0085\u2028\u2029]+/g, ' ');

/**
 * The text chunks of an exported result. `parameters` follows the layout most image tools show
 * (prompt on the first line, then `Key: value, …`); `wanx-sketch-studio` is the full record as JSON.
 */
export function exportTexts(meta: GalleryMeta, index: number, software: string): PngText[] {
  const p = meta.params;
  const settings = [
    `Model: ${SKETCH_MODEL}`,
    `Style: ${p.style}`,
    `Images: ${p.n}`,
    `Image: ${index + 1}`,
    `Sketch weight: ${p.sketchWeight}`,
    `Sketch extraction: ${p.sketchExtraction}`,
    `Sketch colors: ${p.sketchColor.map(hex).join(' ') || 'none'}`,
    `Task id: ${meta.taskId}`,
  ].join(', ');
  return [
    { keyword: 'parameters', text: `${foldLines(p.prompt)}\n${foldLines(settings)}` },
    { keyword: 'Description', text: p.prompt },
    { keyword: 'Software', text: software },
    { keyword: 'Creation Time', text: new Date(meta.times.endedAt ?? meta.createdAt).toISOString() },
    {
      keyword: 'wanx-sketch-studio',
      text: JSON.stringify({
        schemaVersion: meta.schemaVersion,
        model: SKETCH_MODEL,
        params: p,
        taskId: meta.taskId,
        requestId: meta.requestId,
        times: meta.times,
        image: index,
        setId: meta.setId,
      }),
    },
  ];
}

/** Only the files a person wants from a generation (no thumbnails): sketch, scene, results, meta. */
export const zipFilesOf = (meta: GalleryMeta): string[] => [
  GALLERY_SKETCH_FILE,
  ...(meta.hasScene ? [GALLERY_SCENE_FILE] : []),
  ...meta.images.flatMap((i) => (i.status === 'ok' ? [i.file] : [])),
  GALLERY_META_FILE,
];

/** One generation in a zip: its id (the folder name in the zip) and the files to put in. */
export interface ZipFolder {
  readonly id: string;
  readonly files: readonly string[];
}

/**
 * Streams a zip of `folders` to `target` one file at a time, each read through `read` (the
 * gallery's confined read). Entry names are `<id>/<file>`, both checked against the gallery's
 * patterns, so no entry can climb out where it is unpacked. Images are stored (PNG/JPEG do not
 * deflate further); JSON is deflated. Written to a temp file beside the target and renamed, so a
 * failure never leaves a partial zip under the chosen name.
 */
export async function writeZip(
  target: string,
  folders: readonly ZipFolder[],
  read: (id: string, file: string) => Promise<Uint8Array>,
): Promise<void> {
  for (const f of folders) {
    if (!GalleryIdSchema.safeParse(f.id).success || !f.files.every((file) => GALLERY_FILE_PATTERN.test(file))) {
      throw new Error(`not a gallery entry name: ${f.id}`);
    }
  }
  const tmp = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(tmp, 'w');
  let failed: unknown = null;
  let writes = Promise.resolve();
  let finished!: () => void;
  const done = new Promise<void>((r) => (finished = r));
  const zip = new Zip((error, chunk, final) => {
    if (error) failed = error;
    else
      writes = writes.then(async () => {
        await handle.write(chunk);
      });
    if (final || error) finished();
  });
  try {
    for (const folder of folders) {
      for (const file of folder.files) {
        const bytes = await read(folder.id, file);
        const entry = file.endsWith('.json')
          ? new ZipDeflate(`${folder.id}/${file}`, { level: 6 })
          : new ZipPassThrough(`${folder.id}/${file}`);
        zip.add(entry);
        entry.push(bytes, true);
        await writes; // bound memory: one file's bytes in flight
        if (failed) throw failed;
      }
    }
    zip.end();
    await done;
    await writes;
    if (failed) throw failed;
    await handle.sync();
    await handle.close();
    await rename(tmp, target);
    await fsyncDir(dirname(target));
  } catch (e) {
    await handle.close().catch(() => undefined);
    await rm(tmp, { force: true }).catch(() => undefined);
    throw e;
  }
}
