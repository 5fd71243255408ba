import { z } from 'zod';
import { channel } from './define';
import {
  GalleryEntrySchema,
  GalleryIdSchema,
  GalleryMetaSchema,
  GalleryProblemSchema,
  GallerySlotSchema,
  GalleryTagSchema,
  GenerationParamsSchema,
  GenerationStatusSchema,
  SetIdSchema,
  SketchStyleSchema,
} from './domain';

/** A page of the grid may hold every entry at once (the grid is virtualized, entries are small). */
export const GALLERY_PAGE_MAX = 100_000;
export const GALLERY_SEARCH_MAX_CHARS = 200;
/** One call may star, delete or zip at most this many generations. */
export const GALLERY_SELECTION_MAX = 10_000;

const IdsSchema = z.array(GalleryIdSchema).min(1).max(GALLERY_SELECTION_MAX);

/**
 * Search and filters, run in main over the in-memory index (fast: one pass over precomputed,
 * folded prompts). `text` matches prompts as a substring, ignoring case and diacritics.
 */
export const GalleryQuerySchema = z
  .object({
    text: z.string().max(GALLERY_SEARCH_MAX_CHARS).optional(),
    styles: z.array(SketchStyleSchema).max(16).optional(),
    statuses: z.array(GenerationStatusSchema).max(8).optional(),
    /** true: favourites only. */
    favourite: z.boolean().optional(),
    setId: SetIdSchema.optional(),
    /** createdAt ≥ from and < to (epoch ms). */
    from: z.number().int().optional(),
    to: z.number().int().optional(),
    offset: z.number().int().min(0).optional(),
    limit: z.number().int().min(1).max(GALLERY_PAGE_MAX).optional(),
  })
  .strict();
export type GalleryQuery = z.infer<typeof GalleryQuerySchema>;

export const GalleryPageSchema = z.object({
  /** Matches of the query, newest first; `entries` is the [offset, offset+limit) slice of them. */
  total: z.number().int(),
  offset: z.number().int(),
  entries: z.array(GalleryEntrySchema),
  /** Entries in the whole gallery, and folders in quarantine (gallery.problems lists them). */
  all: z.number().int(),
  problems: z.number().int(),
  /**
   * Prefix of image URLs: `${imageBase}${id}/${file}` (`app://gallery/` in the app, the
   * harness's own `/gallery/` path in tests). Files are the names in the entry.
   */
  imageBase: z.string(),
  /** Grows with every change; a `gallery.changed` event carries the new one. */
  revision: z.number().int(),
});
export type GalleryPage = z.infer<typeof GalleryPageSchema>;

export const GalleryRemixSchema = z.object({
  params: GenerationParamsSchema,
  /** The draft's Fabric scene the sketch came from, or null (then use the sketch as an image). */
  scene: z.string().nullable(),
  /** The exact sketch the API saw, as a PNG data URL. */
  sketch: z.string(),
  draftId: z.string().nullable(),
  setId: SetIdSchema.nullable(),
});
export type GalleryRemix = z.infer<typeof GalleryRemixSchema>;

/** Main opened a save dialog; `fileName` is what the user chose (for the notice), null if canceled. */
export const GallerySavedSchema = z.object({ saved: z.boolean(), fileName: z.string().nullable() });
export type GallerySaved = z.infer<typeof GallerySavedSchema>;

export const GalleryFolderSchema = z.object({ path: z.string(), isDefault: z.boolean() });
export type GalleryFolder = z.infer<typeof GalleryFolderSchema>;

export const GalleryChangedSchema = z.object({
  revision: z.number().int(),
  kind: z.enum(['added', 'updated', 'deleted', 'restored', 'reloaded']),
  ids: z.array(GalleryIdSchema),
});
export type GalleryChanged = z.infer<typeof GalleryChangedSchema>;

export const galleryChannels = {
  'gallery.list': channel(GalleryQuerySchema.optional(), GalleryPageSchema),
  /** Full meta.json of one generation (every parameter, ids, times). */
  'gallery.get': channel(z.object({ id: GalleryIdSchema }).strict(), GalleryMetaSchema),
  'gallery.setFavourite': channel(
    z.object({ ids: IdsSchema, favourite: z.boolean() }).strict(),
    z.object({ updated: z.number().int() }),
  ),
  /**
   * Takes the generations out of the gallery at once; they go to the OS trash when the undo
   * window closes (or at quit). `gallery.undoDelete` with the token puts them back.
   */
  'gallery.delete': channel(
    z.object({ ids: IdsSchema }).strict(),
    z.object({ token: z.string(), count: z.number().int(), undoMs: z.number().int() }),
  ),
  'gallery.undoDelete': channel(
    z.object({ token: z.string().regex(/^[a-z0-9-]{1,64}$/) }).strict(),
    z.object({ restored: z.number().int() }),
  ),
  /**
   * Saves one result as PNG with the parameters in text chunks (`parameters`, `Description`,
   * `wanx-sketch-studio` JSON); main opens the save-as dialog. `sidecar` also writes `<name>.json`.
   */
  'gallery.export': channel(
    z.object({ id: GalleryIdSchema, index: GallerySlotSchema, sidecar: z.boolean().optional() }).strict(),
    GallerySavedSchema,
  ),
  /** A zip of the selection (each generation's folder); main opens the save-as dialog. */
  'gallery.exportZip': channel(z.object({ ids: IdsSchema }).strict(), GallerySavedSchema),
  /** Shows the generation's folder in the OS file manager. */
  'gallery.reveal': channel(z.object({ id: GalleryIdSchema }).strict(), z.null()),
  'gallery.remix': channel(z.object({ id: GalleryIdSchema }).strict(), GalleryRemixSchema),
  /** Folders in quarantine (unreadable or damaged meta.json), with the reason. */
  'gallery.problems': channel(z.undefined(), z.array(GalleryProblemSchema)),
  /** Adds and removes tags on the selection (tags are trimmed; duplicates ignored). */
  'gallery.setTags': channel(
    z
      .object({ ids: IdsSchema, add: z.array(GalleryTagSchema).max(20), remove: z.array(GalleryTagSchema).max(20) })
      .strict(),
    z.object({ updated: z.number().int() }),
  ),
  /** Where the gallery lives, for display in Settings (main chose it; the renderer never sends a path). */
  'gallery.folder': channel(z.undefined(), GalleryFolderSchema),
  /**
   * Main opens a folder dialog, copies every generation there, verifies each file, then
   * switches. A failure part-way leaves the old folder in use and intact.
   */
  'gallery.moveFolder': channel(z.undefined(), z.object({ moved: z.boolean(), folder: GalleryFolderSchema })),
};

export const galleryEvents = {
  'gallery.changed': GalleryChangedSchema,
};

export const GALLERY_ERROR_CODES = [
  'gallery.notFound',
  'gallery.noImage',
  'gallery.undoExpired',
  'gallery.ioError',
  'gallery.exportFailed',
  'gallery.trashFailed',
  'gallery.invalidEntry',
  /** Moving the gallery folder failed; the old folder is still in use. */
  'gallery.moveFailed',
  /** The chosen folder is inside the current gallery folder, or not empty. */
  'gallery.badTarget',
  /** The gallery folder the user chose is not there (an unplugged drive); it is not made again elsewhere. */
  'gallery.folderMissing',
] as const;
export type GalleryErrorCode = (typeof GALLERY_ERROR_CODES)[number];
