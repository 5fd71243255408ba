import {
  EXPLORE_CONFIRM_IMAGES,
  GenerationParamsSchema,
  PROMPT_MAX_CHARS,
  SKETCH_STYLES,
  type GenerationParams,
  type SketchStyle,
} from '../../../../src-preload/contract/domain';
import type { Rgb } from '../canvas/core/color';

/**
 * The Generate panel's pure parts: where the prompt is cut, which parameter sets one click
 * queues, how many images (their price: domain/pricing). No Vue, no canvas, so unit tests cover them directly.
 */

export interface PromptCut {
  /** Code points, as the service counts (75 Chinese characters are 75). */
  readonly length: number;
  /** What is sent: the first PROMPT_MAX_CHARS code points of the trimmed prompt. */
  readonly kept: string;
  /** What the service would drop; empty when the prompt fits. */
  readonly overflow: string;
}

export function cutPrompt(prompt: string): PromptCut {
  const points = [...prompt.trim()];
  return {
    length: points.length,
    kept: points.slice(0, PROMPT_MAX_CHARS).join(''),
    overflow: points.slice(PROMPT_MAX_CHARS).join(''),
  };
}

/** Explore: one sketch, several jobs in one click. */
export type ExploreMode = 'styles' | 'weights' | 'grid';
export const EXPLORE_MODES: readonly ExploreMode[] = ['styles', 'weights', 'grid'];
/** The sketch_weight sweep: loose to faithful. */
export const WEIGHT_SWEEP = [2, 5, 8, 10] as const;

export interface PanelParams {
  readonly prompt: string;
  readonly style: SketchStyle;
  readonly n: number;
  readonly sketchWeight: number;
  readonly sketchExtraction: boolean;
  readonly sketchColor: readonly Rgb[];
}

/** The parameter sets one click queues: the panel's own, or an Explore sweep around it. */
export function variantsFor(p: PanelParams, mode: ExploreMode | null): GenerationParams[] {
  const base: GenerationParams = {
    prompt: cutPrompt(p.prompt).kept,
    style: p.style,
    n: p.n,
    sketchWeight: p.sketchWeight,
    sketchExtraction: p.sketchExtraction,
    sketchColor: p.sketchColor.map((c) => [c[0], c[1], c[2]] as [number, number, number]),
  };
  const styles: readonly SketchStyle[] = mode === 'styles' || mode === 'grid' ? SKETCH_STYLES : [p.style];
  const weights: readonly number[] = mode === 'weights' || mode === 'grid' ? WEIGHT_SWEEP : [p.sketchWeight];
  return styles.flatMap((style) => weights.map((sketchWeight) => ({ ...base, style, sketchWeight })));
}

export const imageCount = (variants: readonly GenerationParams[]): number => variants.reduce((sum, v) => sum + v.n, 0);

export const needsConfirm = (images: number): boolean => images > EXPLORE_CONFIRM_IMAGES;

/** Why nothing can be queued, as an i18n key under `generate.problem`, or null. */
export type PanelProblem = 'emptyPrompt' | 'emptyPage' | 'noColors' | 'invalid';

export function checkVariants(
  p: PanelParams,
  variants: readonly GenerationParams[],
  pageEmpty: boolean,
): PanelProblem | null {
  if (!cutPrompt(p.prompt).length) return 'emptyPrompt';
  if (pageEmpty) return 'emptyPage';
  if (!p.sketchExtraction && p.sketchColor.length === 0) return 'noColors';
  // The same schema main validates with at the IPC boundary.
  return variants.every((v) => GenerationParamsSchema.safeParse(v).success) ? null : 'invalid';
}
