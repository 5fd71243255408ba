import { z } from 'zod';
import { channel } from './define';
import { DraftIdSchema } from './domain/drafts';

// Jobs and gallery entries name their draft too, so its id schema is a domain fact.
export { DraftIdSchema };

export const DRAFT_NAME_MAX = 120;
/** A 2,000-stroke Fabric scene is ~3 MB; the cap only stops runaway payloads. */
export const DRAFT_SCENE_MAX_CHARS = 64 * 1024 * 1024;
/** Thumbnails are small previews (≤ 256 px); 2 MB of base64 is far more than they need. */
export const DRAFT_THUMB_MAX_CHARS = 2 * 1024 * 1024;

export const DraftNameSchema = z.string().trim().min(1).max(DRAFT_NAME_MAX);

/** Fabric JSON, serialised by the renderer; main checks it parses to `{ objects: [] }`. */
export const DraftSceneSchema = z.string().min(2).max(DRAFT_SCENE_MAX_CHARS);

export const DraftThumbnailSchema = z
  .string()
  .max(DRAFT_THUMB_MAX_CHARS)
  .regex(/^data:image\/png;base64,[A-Za-z0-9+/]+={0,2}$/, 'not a PNG data URL');

export const DraftMetaSchema = z.object({
  id: DraftIdSchema,
  name: DraftNameSchema,
  /** Epoch milliseconds. */
  createdAt: z.number().int().nonnegative(),
  updatedAt: z.number().int().nonnegative(),
  /** PNG data URL of the last saved preview, or null before the first save with one. */
  thumbnail: DraftThumbnailSchema.nullable(),
});
export type DraftMeta = z.infer<typeof DraftMetaSchema>;

export const OpenDraftSchema = z.object({ meta: DraftMetaSchema, scene: DraftSceneSchema });
export type OpenDraft = z.infer<typeof OpenDraftSchema>;

/** A draft folder that could not be read; listed so the UI can say so instead of hiding it. */
export const DraftProblemSchema = z.object({ id: z.string(), reason: z.string() });
export type DraftProblem = z.infer<typeof DraftProblemSchema>;

export const DraftListSchema = z.object({
  /** Newest first (by updatedAt). */
  drafts: z.array(DraftMetaSchema),
  problems: z.array(DraftProblemSchema),
});
export type DraftList = z.infer<typeof DraftListSchema>;

export const draftsChannels = {
  'drafts.list': channel(z.undefined(), DraftListSchema),
  /** Creates a draft (empty scene unless given) and makes it the last-open one. */
  'drafts.create': channel(
    z
      .object({
        name: DraftNameSchema.optional(),
        scene: DraftSceneSchema.optional(),
        thumbnail: DraftThumbnailSchema.optional(),
      })
      .strict()
      .optional(),
    OpenDraftSchema,
  ),
  /** Reads a draft and remembers it as the last-open one. */
  'drafts.open': channel(z.object({ id: DraftIdSchema }).strict(), OpenDraftSchema),
  /** The draft that was open when the app last ran, or null (none yet, deleted, or unreadable). */
  'drafts.openLast': channel(z.undefined(), OpenDraftSchema.nullable()),
  /** Autosave: cheap enough to call every second. The thumbnail is optional to save work. */
  'drafts.save': channel(
    z.object({ id: DraftIdSchema, scene: DraftSceneSchema, thumbnail: DraftThumbnailSchema.optional() }).strict(),
    z.object({ updatedAt: z.number() }),
  ),
  'drafts.rename': channel(z.object({ id: DraftIdSchema, name: DraftNameSchema }).strict(), DraftMetaSchema),
  'drafts.duplicate': channel(z.object({ id: DraftIdSchema }).strict(), DraftMetaSchema),
  /** Moves the draft to the trash; `drafts.restore` undoes it. */
  'drafts.delete': channel(z.object({ id: DraftIdSchema }).strict(), z.object({ id: DraftIdSchema })),
  'drafts.restore': channel(z.object({ id: DraftIdSchema }).strict(), DraftMetaSchema),
};

export const DRAFT_ERROR_CODES = [
  'drafts.notFound',
  'drafts.corrupt',
  'drafts.invalidScene',
  'drafts.ioError',
] as const;
