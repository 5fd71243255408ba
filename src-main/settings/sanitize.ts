import { z } from 'zod';
import { SettingsSchema, type Settings } from '../../src-preload/contract/settings';
import { DEFAULT_SETTINGS } from './defaults';

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Walks the defaults and keeps each stored value that its own schema accepts, so one bad
 * field (hand-edited file, older build) costs that field only, not the whole file.
 */
function pick(schema: z.ZodType, fallback: unknown, stored: unknown): unknown {
  if (schema instanceof z.ZodObject && isPlainObject(fallback)) {
    const source = isPlainObject(stored) ? stored : {};
    const out: Record<string, unknown> = {};
    for (const [key, sub] of Object.entries(schema.shape as Record<string, z.ZodType>)) {
      out[key] = pick(sub, fallback[key], source[key]);
    }
    return out;
  }
  return schema.safeParse(stored).success ? stored : structuredClone(fallback);
}

export function sanitizeSettings(stored: unknown): Settings {
  return SettingsSchema.parse(pick(SettingsSchema, DEFAULT_SETTINGS, stored));
}
