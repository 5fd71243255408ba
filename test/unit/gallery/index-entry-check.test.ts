import { describe, expect, it } from 'vitest';
import { isEntry } from '../../../src-main/gallery/index-cache';
import { GalleryEntrySchema, type GalleryEntry } from '../../../src-preload/contract/domain/gallery';

const valid: GalleryEntry = {
  id: '20261201-142233-3f2b9c1e',
  taskId: '3f2b9c1e-aaaa-4bbb-8ccc-0123456789ab',
  createdAt: 1_764_598_953_000,
  prompt: 'a red cat',
  style: '<watercolor>',
  n: 2,
  sketchWeight: 7,
  status: 'partial',
  favourite: false,
  setId: null,
  tags: ['cats'],
  images: [
    { index: 0, status: 'ok', file: 'result-0.png', thumb: 'thumb-0.webp' },
    { index: 1, status: 'failed', file: null, thumb: null },
  ],
  sketchThumb: 'thumb-sketch.webp',
};

const img0 = valid.images[0]!;
const mutations: [string, unknown][] = [
  ['valid', valid],
  ['a set', { ...valid, setId: 'set-1' }],
  ['a jpg', { ...valid, images: [{ ...img0, file: 'result-0.jpg' }] }],
  ['no id', { ...valid, id: undefined }],
  ['an id with a slash', { ...valid, id: '20261201-142233-../x' }],
  ['a task id with a dot', { ...valid, taskId: '../x' }],
  ['a fractional time', { ...valid, createdAt: 1.5 }],
  ['a numeric prompt', { ...valid, prompt: 3 }],
  ['an unknown style', { ...valid, style: '<hacked>' }],
  ['n as text', { ...valid, n: '2' }],
  ['an unknown status', { ...valid, status: 'stolen' }],
  ['favourite as text', { ...valid, favourite: 'yes' }],
  ['a bad set id', { ...valid, setId: 'SET ONE' }],
  ['a numeric tag', { ...valid, tags: [1] }],
  ['images not an array', { ...valid, images: {} }],
  ['a climbing file', { ...valid, images: [{ ...img0, file: '../../etc/passwd' }] }],
  ['a climbing thumb', { ...valid, images: [{ ...img0, thumb: '../thumb-0.webp' }] }],
  ['slot 4', { ...valid, images: [{ ...img0, index: 4 }] }],
  ['a negative slot', { ...valid, images: [{ ...img0, index: -1 }] }],
  ['an unknown image status', { ...valid, images: [{ ...img0, status: 'mine' }] }],
  ['a null image', { ...valid, images: [null] }],
  ['another sketch thumb', { ...valid, sketchThumb: '../../x.webp' }],
  ['null', null],
];

describe('the index cache checks each entry as GalleryEntrySchema would (by hand, for speed)', () => {
  it.each(mutations)('%s', (_what, entry) => {
    const schema = GalleryEntrySchema.safeParse(entry).success;
    expect(isEntry(entry as Partial<GalleryEntry> | null)).toBe(schema);
  });
  it('the valid entry is valid and the hostile ones are not', () => {
    expect(isEntry(valid)).toBe(true);
    expect(isEntry({ ...valid, style: '<hacked>' } as unknown as GalleryEntry)).toBe(false);
  });
});
