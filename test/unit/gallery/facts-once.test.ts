// The gallery's facts have one writer, contract/domain (the renderer cannot import src-main):
// a name or number written again elsewhere would drift from it unnoticed. Each test greps the
// sources for the fact outside its home.
import { describe, expect, it } from 'vitest';
import {
  GALLERY_TAGS_PER_ENTRY,
  GalleryAddMetaSchema,
  GalleryMetaSchema,
} from '../../../src-preload/contract/domain/gallery';
import { IMAGE_COUNT } from '../../../src-preload/contract/domain/generation';
import { SKETCH_MODEL } from '../../../src-preload/contract/domain/regions';
import { restatements } from '../fixtures/source-tree';

const HOME = 'src-preload/contract/domain/gallery.ts';
const fileOf = (at: string) => at.slice(0, at.lastIndexOf(':'));

describe('gallery facts are written once', () => {
  it('the file names of a generation folder are only in contract/domain/gallery.ts', () => {
    // 'sketch.png', thumb-sketch.webp, result-<i> and thumb-<i> as a template or a pattern.
    expect(restatements(/['"`/]sketch\.png['"`]|thumb-sketch|(?:result|thumb)-(?:\$\{|\[\d)/, [HOME])).toEqual([]);
  });

  it('the number of image slots comes from IMAGE_COUNT', () => {
    const slots = (n: number) => Array.from({ length: n }, (_, index) => ({ index, status: 'lost', reason: 'x' }));
    expect(GalleryAddMetaSchema.shape.images.safeParse(slots(IMAGE_COUNT.max)).success).toBe(true);
    expect(GalleryAddMetaSchema.shape.images.safeParse(slots(IMAGE_COUNT.max + 1)).success).toBe(false);
    const gallery = [HOME, 'src-preload/contract/gallery.ts', 'src-main/gallery', 'src-renderer/src/features/gallery'];
    expect(
      restatements(
        new RegExp(`\\.max\\((${IMAGE_COUNT.max}|${IMAGE_COUNT.max - 1})\\)|\\[0-${IMAGE_COUNT.max - 1}\\]`),
        [],
        gallery,
      ),
    ).toEqual([]);
  });

  it(`the tag cap (${GALLERY_TAGS_PER_ENTRY}) is written only as GALLERY_TAGS_PER_ENTRY`, () => {
    const tags = (n: number) => Array.from({ length: n }, (_, i) => `t${i}`);
    expect(GalleryMetaSchema.shape.tags.safeParse(tags(GALLERY_TAGS_PER_ENTRY)).success).toBe(true);
    expect(GalleryMetaSchema.shape.tags.safeParse(tags(GALLERY_TAGS_PER_ENTRY + 1)).success).toBe(false);
    const found = restatements(new RegExp(`tag.*\\b${GALLERY_TAGS_PER_ENTRY}\\b`, 'i'));
    expect(found.map(fileOf)).toEqual([HOME]);
  });

  it('the model an export names is SKETCH_MODEL', () => {
    expect(restatements(new RegExp(`['"\`]${SKETCH_MODEL}['"\`]`), ['src-preload/contract/domain/regions.ts'])).toEqual(
      [],
    );
  });
});
