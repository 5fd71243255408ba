import { z } from 'zod';
import { channel } from './define';

export const LanguageSchema = z.enum(['system', 'en', 'zh-CN']);
export const ThemeSchema = z.enum(['system', 'light', 'dark']);

/** Non-secret preferences only. Secrets live in the OS keychain and never appear here. */
export const SettingsSchema = z.object({
  ui: z.object({
    language: LanguageSchema,
    theme: ThemeSchema,
  }),
});
export type Settings = z.infer<typeof SettingsSchema>;

/** A partial update: each section may be sent on its own. */
export const SettingsPatchSchema = z
  .object({
    ui: SettingsSchema.shape.ui.partial().strict().optional(),
  })
  .strict();
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;

export const settingsChannels = {
  'settings.get': channel(z.undefined(), SettingsSchema),
  'settings.update': channel(SettingsPatchSchema, SettingsSchema),
};

export const settingsEvents = {
  'settings.changed': SettingsSchema,
};
