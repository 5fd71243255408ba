// A job, its record, its view and its gallery entry name their draft with the drafts' own id
// schema, so a value the drafts would refuse is refused everywhere it travels.
import { describe, expect, it } from 'vitest';
import { DraftIdSchema } from '../../../src-preload/contract/drafts';
import { GalleryAddMetaSchema } from '../../../src-preload/contract/domain/gallery';
import { JobViewSchema } from '../../../src-preload/contract/domain/jobs';
import { EnqueueRequestSchema } from '../../../src-preload/contract/jobs';
import { JobRecordSchema } from '../../../src-main/jobs/record';

describe('draftId', () => {
  it.each([
    ['EnqueueRequestSchema', EnqueueRequestSchema.shape.draftId],
    ['JobViewSchema', JobViewSchema.shape.draftId],
    ['JobRecordSchema', JobRecordSchema.shape.draftId],
    ['GalleryAddMetaSchema', GalleryAddMetaSchema.shape.draftId],
  ])('%s takes a draft id or null, and nothing the drafts would refuse', (_name, schema) => {
    const id = '0b9d6c1e-3f1a-4c5e-9a27-5d0e8f4b2c61';
    expect(DraftIdSchema.safeParse(id).success).toBe(true);
    expect([id, null].map((v) => schema.safeParse(v).success)).toEqual([true, true]);
    expect(['../escape', 'Has Space', 'x'.repeat(80)].map((v) => schema.safeParse(v).success)).toEqual([
      false,
      false,
      false,
    ]);
  });
});
