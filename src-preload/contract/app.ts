import { z } from 'zod';
import { channel } from './define';

export const AppInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  versions: z.object({ electron: z.string(), chrome: z.string(), node: z.string(), v8: z.string() }),
  platform: z.string(),
  arch: z.string(),
  /** OS locale, e.g. `zh-CN`; the renderer picks its default language from it. */
  locale: z.string(),
  dataDir: z.string(),
  packaged: z.boolean(),
});
export type AppInfo = z.infer<typeof AppInfoSchema>;

/** Links the app itself may open in the OS browser; anything else is refused in main. */
export const EXTERNAL_LINK_ORIGINS = [
  'https://help.aliyun.com',
  'https://www.alibabacloud.com',
  'https://bailian.console.aliyun.com',
  'https://dashscope.console.aliyun.com',
] as const;

export const APP_ERROR_CODES = [
  /** `app.openExternal` with a link outside EXTERNAL_LINK_ORIGINS. */
  'app.linkNotAllowed',
] as const;

export const appChannels = {
  'app.info': channel(z.undefined(), AppInfoSchema),
  'app.openExternal': channel(z.object({ url: z.url({ protocol: /^https$/ }) }).strict(), z.null()),
  'app.revealDataDir': channel(z.undefined(), z.null()),
};
