import { cnyFor } from '../../../src-preload/contract/domain/pricing';
import { describe, expect, it } from 'vitest';
import { GenerationParamsSchema, SKETCH_STYLES } from '../../../src-preload/contract/domain';
import {
  checkVariants,
  cutPrompt,
  imageCount,
  needsConfirm,
  variantsFor,
  WEIGHT_SWEEP,
  type PanelParams,
} from '../../../src-renderer/src/features/generate/params';

const base: PanelParams = {
  prompt: 'a fox',
  style: '<anime>',
  n: 4,
  sketchWeight: 7,
  sketchExtraction: false,
  sketchColor: [
    [17, 24, 39],
    [220, 38, 38],
  ],
};

describe('cutPrompt', () => {
  it('counts code points, as the service does', () => {
    expect(cutPrompt('猫'.repeat(75))).toEqual({ length: 75, kept: '猫'.repeat(75), overflow: '' });
    // An emoji outside the BMP is one code point but two UTF-16 units.
    const emoji = '🦊'.repeat(76);
    expect(emoji.length).toBe(152);
    const c = cutPrompt(emoji);
    expect(c.length).toBe(76);
    expect(c.kept).toBe('🦊'.repeat(75));
    expect(c.overflow).toBe('🦊');
  });

  it('cuts after 75 and trims first (the schema trims too)', () => {
    const c = cutPrompt(`  ${'a'.repeat(80)}  `);
    expect(c.length).toBe(80);
    expect(c.kept).toBe('a'.repeat(75));
    expect(c.overflow).toBe('aaaaa');
    expect(cutPrompt('   ').length).toBe(0);
  });
});

describe('variantsFor', () => {
  it('one click without Explore is the panel itself, with the prompt cut to what is sent', () => {
    const v = variantsFor({ ...base, prompt: 'x'.repeat(90) }, null);
    expect(v).toEqual([{ ...base, prompt: 'x'.repeat(75), sketchColor: base.sketchColor }]);
    expect(GenerationParamsSchema.safeParse(v[0]).success).toBe(true);
  });

  it('Explore: every style, a weight sweep, or the grid of both', () => {
    const styles = variantsFor(base, 'styles');
    expect(styles.map((v) => v.style)).toEqual([...SKETCH_STYLES]);
    expect(new Set(styles.map((v) => v.sketchWeight))).toEqual(new Set([7]));
    const weights = variantsFor(base, 'weights');
    expect(weights.map((v) => v.sketchWeight)).toEqual([...WEIGHT_SWEEP]);
    expect(new Set(weights.map((v) => v.style))).toEqual(new Set(['<anime>']));
    const grid = variantsFor(base, 'grid');
    expect(grid).toHaveLength(SKETCH_STYLES.length * WEIGHT_SWEEP.length);
    expect(new Set(grid.map((v) => `${v.style}/${v.sketchWeight}`)).size).toBe(32);
  });
});

describe('cost and confirmation', () => {
  it('images × CNY 0.06, rounded to the fen', () => {
    expect(cnyFor(3)).toBe(0.18);
    expect(cnyFor(128)).toBe(7.68);
    expect(imageCount(variantsFor(base, 'grid'))).toBe(128);
    expect(imageCount(variantsFor({ ...base, n: 1 }, 'styles'))).toBe(8);
  });

  it('asks only above 16 images', () => {
    expect(needsConfirm(16)).toBe(false);
    expect(needsConfirm(17)).toBe(true);
    expect(needsConfirm(imageCount(variantsFor(base, 'weights')))).toBe(false);
    expect(needsConfirm(imageCount(variantsFor(base, 'styles')))).toBe(true);
  });
});

describe('checkVariants', () => {
  const check = (p: PanelParams, empty = false) => checkVariants(p, variantsFor(p, null), empty);
  it('names what stops a click', () => {
    expect(check(base)).toBeNull();
    expect(check({ ...base, prompt: '  ' })).toBe('emptyPrompt');
    expect(check(base, true)).toBe('emptyPage');
    expect(check({ ...base, sketchColor: [] })).toBe('noColors');
    // Extraction ignores sketch_color, so no colour is fine then.
    expect(check({ ...base, sketchColor: [], sketchExtraction: true })).toBeNull();
    expect(check({ ...base, n: 5 })).toBe('invalid');
    expect(check({ ...base, sketchWeight: 11 })).toBe('invalid');
  });
});
