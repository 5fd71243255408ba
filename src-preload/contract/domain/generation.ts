import { z } from 'zod';

/**
 * What one generation asks of `wanx-sketch-to-image-lite` (API reference, "parameters"), written
 * once: the Generate panel validates with these schemas before anything is queued, and main
 * validates the same payload again at the IPC boundary.
 */

/** `style` values the sketch model accepts. */
export const SKETCH_STYLES = [
  '<auto>',
  '<3d cartoon>',
  '<anime>',
  '<oil painting>',
  '<watercolor>',
  '<sketch>',
  '<chinese painting>',
  '<flat illustration>',
] as const;
export const SketchStyleSchema = z.enum(SKETCH_STYLES);
export type SketchStyle = z.infer<typeof SketchStyleSchema>;

/**
 * The service silently cuts longer prompts. Counted as the service counts: code points, so 75
 * Chinese characters are 75 (`[...prompt].length`, not `prompt.length`).
 */
export const PROMPT_MAX_CHARS = 75;
export const promptLength = (prompt: string): number => [...prompt].length;

export const IMAGE_COUNT = { min: 1, max: 4, default: 4 } as const;
export const SKETCH_WEIGHT = { min: 0, max: 10, default: 10 } as const;
/** Output size; the only one the lite model offers. */
export const OUTPUT_SIZE = '768*768';
export const OUTPUT_PX = 768;
/** Price per generated image (CNY), and the new-account free quota. */
export const PRICE_PER_IMAGE_CNY = 0.06;
export const FREE_QUOTA_IMAGES = 500;
export const FREE_QUOTA_DAYS = 180;

/** Sketch limits from the API reference: ≤ 10 MB, 256–2048 px a side (square for a 768×768 result). */
export const SKETCH_MAX_MB = 10;
export const SKETCH_MAX_BYTES = SKETCH_MAX_MB * 1024 * 1024;
export const SKETCH_MIN_PX = 256;
export const SKETCH_MAX_PX = 2048;

export const PromptSchema = z
  .string()
  .trim()
  .min(1, 'empty')
  .refine((p) => promptLength(p) <= PROMPT_MAX_CHARS, 'tooLong');

const Channel = z.number().int().min(0).max(255);
export const RgbSchema = z.tuple([Channel, Channel, Channel]);
export type Rgb = z.infer<typeof RgbSchema>;

/** One generation's parameters, as sent to DashScope (camelCase here, snake_case on the wire). */
export const GenerationParamsSchema = z
  .object({
    prompt: PromptSchema,
    style: SketchStyleSchema,
    n: z.number().int().min(IMAGE_COUNT.min).max(IMAGE_COUNT.max),
    sketchWeight: z.number().int().min(SKETCH_WEIGHT.min).max(SKETCH_WEIGHT.max),
    sketchExtraction: z.boolean(),
    /** Brush colours; ignored by the service when sketchExtraction is on. */
    sketchColor: z.array(RgbSchema).max(32),
  })
  .strict();
export type GenerationParams = z.infer<typeof GenerationParamsSchema>;
