import { SKETCH_MODEL } from './endpoints';

import type { SketchStyle } from '../../src-preload/contract/domain/generation';

export type { SketchStyle };
export type Rgb = readonly [number, number, number];

export interface CreateTaskInput {
  /** Defaults to `wanx-sketch-to-image-lite`. */
  model?: string;
  /** At most 75 characters are used; the service silently truncates the rest. */
  prompt: string;
  /** http(s):// or an `oss://` URL from the temporary upload. */
  sketchImageUrl: string;
  n?: 1 | 2 | 3 | 4;
  size?: '768*768';
  /** Integer 0–10; higher keeps the output closer to the sketch. */
  sketchWeight?: number;
  style?: SketchStyle;
  sketchExtraction?: boolean;
  /** Brush colours; every other colour counts as background. */
  sketchColor?: readonly Rgb[];
}

/**
 * The create body in the Python SDK's key order (model, parameters, input) with `parameters`
 * always present, as observed on the wire (test/sim/CONTRACT.md §5.2). Unset parameters are omitted so
 * the service applies its documented defaults.
 */
export function createTaskBody(input: CreateTaskInput): string {
  const parameters: Record<string, unknown> = {};
  if (input.size !== undefined) parameters.size = input.size;
  if (input.n !== undefined) parameters.n = input.n;
  if (input.sketchWeight !== undefined) parameters.sketch_weight = input.sketchWeight;
  if (input.style !== undefined) parameters.style = input.style;
  if (input.sketchExtraction !== undefined) parameters.sketch_extraction = input.sketchExtraction;
  if (input.sketchColor !== undefined) parameters.sketch_color = input.sketchColor.map((c) => [...c]);
  return JSON.stringify({
    model: input.model ?? SKETCH_MODEL,
    parameters,
    input: { prompt: input.prompt, sketch_image_url: input.sketchImageUrl },
  });
}

export function usesTemporaryUpload(input: CreateTaskInput): boolean {
  return input.sketchImageUrl.startsWith('oss://');
}
