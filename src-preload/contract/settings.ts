import { z } from 'zod';
import { channel } from './define';
import { HttpConfigSchema, S3ConfigSchema, StorageAdapterIdSchema } from './storage';
import { RegionSchema } from './domain/regions';
import { GenerationParamsSchema } from './domain/generation';
import { LanguageSchema } from './domain/locale';

export { REGION_BASE_URLS, type KnownRegion, type Region } from './domain/regions';

export const ThemeSchema = z.enum(['system', 'light', 'dark']);

/** An http(s) URL, or '' when unset (the form binds strings). */
const OptionalHttpUrl = z.union([z.literal(''), z.url({ protocol: /^https?$/ })]);

/** Non-secret preferences only. Secrets live in the OS keychain and never appear here. */
export const SettingsSchema = z.object({
  ui: z.object({
    language: LanguageSchema,
    theme: ThemeSchema,
  }),
  dashscope: z.object({
    region: RegionSchema,
    /** Used only when region is `custom` (e.g. the local simulator), e.g. `http://127.0.0.1:8787/api/v1`. */
    customBaseUrl: OptionalHttpUrl,
    /** `X-DashScope-WorkSpace`; required for RAM sub-account keys. '' = none. */
    workspaceId: z
      .string()
      .max(128)
      .regex(/^[A-Za-z0-9_-]*$/),
  }),
  /** Defaults for new generations; each job can override them. */
  generation: z.object({
    style: GenerationParamsSchema.shape.style,
    n: GenerationParamsSchema.shape.n,
    sketchWeight: GenerationParamsSchema.shape.sketchWeight,
    sketchExtraction: GenerationParamsSchema.shape.sketchExtraction,
  }),
  storage: z.object({
    adapter: StorageAdapterIdSchema,
    s3: S3ConfigSchema,
    http: HttpConfigSchema,
  }),
  gallery: z.object({
    /** '' = the default folder inside the app's data folder. */
    folder: z.string().max(4096),
  }),
  notifications: z.object({
    onFinish: z.boolean(),
    onFailure: z.boolean(),
  }),
  onboarding: z.object({
    /** The user declined importing DASHSCOPE_API_KEY / ~/.dashscope/api_key; don't offer again. */
    apiKeyImportDismissed: z.boolean(),
  }),
});
export type Settings = z.infer<typeof SettingsSchema>;

const shape = SettingsSchema.shape;

/** A partial update: each section may be sent on its own, and each field within it. */
export const SettingsPatchSchema = z
  .object({
    ui: shape.ui.partial().strict().optional(),
    dashscope: shape.dashscope.partial().strict().optional(),
    generation: shape.generation.partial().strict().optional(),
    storage: z
      .object({
        adapter: StorageAdapterIdSchema.optional(),
        s3: S3ConfigSchema.partial().strict().optional(),
        http: HttpConfigSchema.partial().strict().optional(),
      })
      .strict()
      .optional(),
    // No `gallery`: its folder is chosen in a dialog main opens, never sent as a path by the renderer.
    notifications: shape.notifications.partial().strict().optional(),
    // The renderer may dismiss the key-import offer, never bring a dismissed one back.
    onboarding: z
      .object({ apiKeyImportDismissed: z.literal(true).optional() })
      .strict()
      .optional(),
  })
  .strict();
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;

/** Something the user should be told once, e.g. that a corrupt settings file was reset. */
export const SETTINGS_ERROR_CODES = ['settings.invalid', 'settings.customUrlRequired', 'settings.writeFailed'] as const;

export const SettingsNoticeSchema = z.object({
  code: z.enum(['settings.resetCorrupt', 'settings.resetUnreadable', 'settings.newerVersion']),
  params: z.record(z.string(), z.union([z.string(), z.number()])),
});
export type SettingsNotice = z.infer<typeof SettingsNoticeSchema>;

export const settingsChannels = {
  'settings.get': channel(z.undefined(), SettingsSchema),
  'settings.update': channel(SettingsPatchSchema, SettingsSchema),
  /** Notices from opening the settings file; returned until dismissed. */
  'settings.notices': channel(z.undefined(), z.array(SettingsNoticeSchema)),
  'settings.dismissNotices': channel(z.undefined(), z.null()),
};

export const settingsEvents = {
  'settings.changed': SettingsSchema,
};
