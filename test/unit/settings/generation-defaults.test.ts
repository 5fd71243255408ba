// The generation defaults in settings are the API's ranges and defaults from contract/domain,
// not a copy of them.
import { describe, expect, it } from 'vitest';
import { GenerationParamsSchema, IMAGE_COUNT, SKETCH_WEIGHT } from '../../../src-preload/contract/domain/generation';
import { SettingsSchema } from '../../../src-preload/contract/settings';
import { DEFAULT_SETTINGS } from '../../../src-main/settings/defaults';

describe('generation settings', () => {
  it('check n, sketch weight and style with the schemas a generation is checked with', () => {
    const settings = SettingsSchema.shape.generation.shape;
    const params = GenerationParamsSchema.shape;
    expect(settings.n).toBe(params.n);
    expect(settings.sketchWeight).toBe(params.sketchWeight);
    expect(settings.style).toBe(params.style);
  });

  it('start from the API defaults', () => {
    expect(DEFAULT_SETTINGS.generation).toMatchObject({ n: IMAGE_COUNT.default, sketchWeight: SKETCH_WEIGHT.default });
  });
});
