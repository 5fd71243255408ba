// Chinese must render as Chinese, not as boxes. Two independent checks on the real UI in zh-CN:
// 1. Chromium's own account of the fonts that drew a node's text (CDP CSS.getPlatformFontsForNode)
//    names a CJK font for the Chinese labels;
// 2. drawn with the element's own computed font, Chinese characters differ from each other and
//    from a missing-glyph code point (U+10FFFD, private use): a box looks the same whatever the
//    character. (Widths alone cannot tell: Noto Sans CJK's missing-glyph box is 1 em wide, like a
//    Chinese character, so a width comparison passes with boxes too.) The detector is checked against a string of private-use characters, which no
//    font has, so it is known to report boxes when there are boxes.
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

test.use({ harnessLocale: 'zh-CN' });

/** For each selector: do its characters render as real, distinct glyphs in its own font? */
async function glyphReport(page: Page, selector: string, override?: string) {
  return page.evaluate(
    ({ selector, override }) => {
      const el = document.querySelector(selector);
      if (!el) throw new Error(`no ${selector}`);
      const style = getComputedStyle(el);
      const font = `${style.fontWeight} 32px ${style.fontFamily}`;
      const text = override ?? (el.textContent ?? '').trim();
      const chars = [...text].filter((c) => /\p{Script=Han}|[\uE000-\uF8FF]/u.test(c)).slice(0, 6);
      const canvas = document.createElement('canvas');
      canvas.width = 48;
      canvas.height = 48;
      const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
      const draw = (c: string) => {
        ctx.clearRect(0, 0, 48, 48);
        ctx.font = font;
        ctx.fillStyle = '#000';
        ctx.textBaseline = 'top';
        ctx.fillText(c, 4, 4);
        return { width: ctx.measureText(c).width, pixels: Array.from(ctx.getImageData(0, 0, 48, 48).data).join(',') };
      };
      const missing = draw('\u{10FFFD}');
      const drawn = chars.map((c) => ({ c, ...draw(c) }));
      const distinct = new Set(drawn.map((d) => d.pixels)).size;
      return {
        font: style.fontFamily,
        chars: chars.join(''),
        // A box: the same picture as the missing glyph (same width and pixels).
        boxes: drawn
          .filter((d) => d.pixels === missing.pixels || (d.width === missing.width && distinct === 1))
          .map((d) => d.c),
        distinct,
        count: drawn.length,
      };
    },
    { selector, override },
  );
}

test('Chinese labels render with a CJK font, never as boxes', async ({ page, harness }) => {
  await harness.open(page, '#/draw');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.locator('[data-nav="draw"]')).toHaveText('绘制');
  // The Chinese stack leads with the platforms' CJK system fonts.
  const family = await page.evaluate(() => getComputedStyle(document.body).fontFamily);
  for (const f of ['PingFang SC', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Source Han Sans SC', 'WenQuanYi Micro Hei'])
    expect(family).toContain(f);
  expect(family.indexOf('PingFang SC')).toBeLessThan(family.indexOf('system-ui'));

  // 1. The fonts Chromium actually used for the text of a few labels.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('DOM.enable');
  await cdp.send('CSS.enable');
  const { root } = await cdp.send('DOM.getDocument');
  for (const selector of [
    '[data-nav="draw"] .nav-label',
    '[data-section="colors"] .title',
    '[data-section="drafts"] .title',
  ]) {
    const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
    expect(nodeId, selector).toBeGreaterThan(0);
    const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
    expect(fonts.length, selector).toBeGreaterThan(0);
    expect(fonts.map((f) => f.familyName).join(', '), selector).toMatch(
      /CJK|Han Sans|PingFang|YaHei|WenQuanYi|Hiragino|Noto Sans SC/,
    );
  }

  // 2. Pixels: each Chinese character is its own glyph, unlike a missing one.
  for (const selector of [
    '[data-nav="draw"] .nav-label',
    '[data-nav="settings"] .nav-label',
    '[data-section="colors"] .title',
    '[data-section="drafts"] .title',
  ]) {
    const r = await glyphReport(page, selector);
    expect(r.count, `${selector} has Chinese text`).toBeGreaterThanOrEqual(2);
    expect(r.boxes, `${selector} "${r.chars}" in ${r.font}`).toEqual([]);
    expect(r.distinct, `${selector} "${r.chars}"`).toBe(r.count);
  }

  // The detector itself reports boxes for characters no font has.
  const control = await glyphReport(page, '[data-nav="draw"] .nav-label', '\uE000\uE001\uE002');
  expect(control.count).toBe(3);
  expect(control.distinct).toBe(1);
  expect(control.boxes.length).toBe(3);
});
