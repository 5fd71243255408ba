import { SKETCH_MAX_MB, SKETCH_MAX_PX, SKETCH_MIN_PX } from '../../../src-preload/contract/domain/generation';
import { IMPORT_MAX_MB, IMPORT_MAX_MEGAPIXELS } from '../features/canvas/import/read-image';

/**
 * The limits a message states as a rule, by error code. Catalogs write `{min}`, `{max}`, `{mb}`…
 * and the numbers come from the constants the checks use, so a limit is never restated in a
 * sentence. They win over the error's own params: a message states the rule, not the measurement.
 */
export const RULE_PARAMS: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  'jobs.badSketch': { min: SKETCH_MIN_PX, max: SKETCH_MAX_PX, mb: SKETCH_MAX_MB },
  'InvalidFile.Resolution': { min: SKETCH_MIN_PX, max: SKETCH_MAX_PX },
  'canvas.import.tooLarge': { mb: IMPORT_MAX_MB, megapixels: IMPORT_MAX_MEGAPIXELS },
};
