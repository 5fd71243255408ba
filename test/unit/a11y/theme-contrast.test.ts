// Issue 17, "Accessibility, measured": the theme tokens meet WCAG AA in both themes, read from the
// stylesheet every component colours itself from (base.css): 4.5:1 for text, 3:1 for the focus
// ring and other parts of controls.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseColor, type Rgb } from '../../../src-renderer/src/features/canvas/core/color';

const css = readFileSync(new URL('../../../src-renderer/src/styles/base.css', import.meta.url), 'utf8');

/** The custom properties declared in the rule whose selector list ends with `selector`. */
function tokens(selector: string): Record<string, Rgb> {
  const at = css.indexOf(`${selector} {`);
  if (at < 0) throw new Error(`no ${selector} rule in base.css`);
  const body = css.slice(at, css.indexOf('}', at));
  const out: Record<string, Rgb> = {};
  for (const [, name, value] of body.matchAll(/--([\w-]+):\s*([^;]+);/g)) {
    const c = parseColor(value!);
    if (c) out[name!] = c;
  }
  return out;
}

const channel = (v: number) => {
  const s = v / 255;
  return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
};
const luminance = ([r, g, b]: Rgb) => 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
function contrast(a: Rgb, b: Rgb): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

// Text colour → the surfaces it is drawn on (the hover and selected fills included).
const TEXT: Record<string, string[]> = {
  fg: ['bg', 'sidebar', 'panel', 'hover', 'accent-soft'],
  muted: ['bg', 'sidebar', 'panel', 'hover'],
  accent: ['bg', 'sidebar', 'panel', 'hover', 'accent-soft'],
  'accent-fg': ['accent'],
  danger: ['bg', 'panel'],
  warning: ['bg', 'panel'],
  success: ['bg', 'panel'],
};
// Non-text parts a user must see: the focus ring and selection outlines are drawn in the accent.
const UI: Record<string, string[]> = {
  accent: ['bg', 'sidebar', 'panel', 'hover', 'accent-soft'],
};

// Status pills and notes draw the status colour on a tint of itself (color-mix, up to 18 %).
const TINTED = ['success', 'warning', 'danger'];
const TINT = 0.18;
const tint = (c: Rgb, over: Rgb): Rgb => c.map((v, i) => v * TINT + over[i]! * (1 - TINT)) as unknown as Rgb;

describe.each([
  ['light', ":root[data-theme='light']"],
  ['dark', ":root[data-theme='dark']"],
])('%s theme tokens', (_name, selector) => {
  const t = tokens(selector);
  const pairs = (table: Record<string, string[]>) =>
    Object.entries(table).flatMap(([fg, bgs]) => bgs.map((bg) => [fg, bg] as const));

  it.each(pairs(TEXT))('text --%s on --%s is at least 4.5:1', (fg, bg) => {
    expect(t[fg], `--${fg}`).toBeDefined();
    expect(t[bg], `--${bg}`).toBeDefined();
    expect(contrast(t[fg]!, t[bg]!)).toBeGreaterThanOrEqual(4.5);
  });
  it.each(TINTED.flatMap((c) => ['panel', 'bg'].map((bg) => [c, bg] as const)))(
    'text --%s on its own tint (18 percent) over --%s is at least 4.5:1',
    (c, bg) => {
      expect(contrast(t[c]!, tint(t[c]!, t[bg]!))).toBeGreaterThanOrEqual(4.5);
    },
  );
  it.each(pairs(UI))('control part --%s on --%s is at least 3:1', (fg, bg) => {
    expect(contrast(t[fg]!, t[bg]!)).toBeGreaterThanOrEqual(3);
  });
});
