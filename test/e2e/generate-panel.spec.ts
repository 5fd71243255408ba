// Issue 17 item 9, the Generate panel as a new user meets it: the colours sent are shown once, as
// named chips; the footer keeps its shape whatever the image count; repeated clicks give one
// "Queued" notice that counts up; "Generate next" stays on one line. Plus screenshots of Draw with
// the panel at both sizes, languages and themes (test-results/screenshots/gen-*.png) to look at.
import type { Page } from '@playwright/test';
import { drawStroke } from './canvas-helpers';
import { expect, test } from './fixtures';
import { apiCall, drawTwoColours, openDraw, setKey, setUi, SHOTS, SIZES } from './ux-helpers';

test.use({ harnessNoKeychain: true });

const LANGUAGES = ['en', 'zh-CN'] as const;
const COLORS_TITLE = { en: 'Brush colours sent', 'zh-CN': '发送的画笔颜色' } as const;

/** How many lines the element's text takes (distinct line boxes of its text). */
const lineCount = (page: Page, selector: string) =>
  page.locator(selector).evaluate((el) => {
    const range = document.createRange();
    range.selectNodeContents(el);
    const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
    return tops.size;
  });

test('the brush colours sent are shown once, as named chips without RGB triples', async ({ page, harness }) => {
  await openDraw(page, (p) => harness.open(p));
  // The side panel open too, so both panels are on screen (it folds below 1200 px).
  await page.setViewportSize({ width: 1280, height: 800 });
  await drawTwoColours(page);
  for (const language of LANGUAGES) {
    await setUi(page, { language });
    await expect(page.getByText(COLORS_TITLE[language], { exact: true })).toHaveCount(1);
    const draw = page.locator('[data-view="draw"]');
    expect(await draw.innerText(), 'no raw RGB triple on screen').not.toMatch(/\d{1,3},\s*\d{1,3},\s*\d{1,3}/);
    const chips = page.getByTestId('gen-colors').getByRole('img');
    await expect(chips).toHaveCount(2);
    for (const hex of ['#111827', '#dc2626'])
      await expect(page.getByTestId('gen-colors').getByRole('img', { name: new RegExp(hex) })).toHaveCount(1);
  }
});

test('the footer keeps its box between 1 and 4 images', async ({ page, harness }) => {
  await openDraw(page, (p) => harness.open(p));
  await drawStroke(page, [
    [100, 100],
    [300, 200],
  ]);
  // One free image left: 1 image is free, 4 are "1 free · ¥0.18", the widest price.
  await setKey(page);
  await apiCall(page, 'usage', 'setQuota', { images: 1, startsAt: Date.now() - 86_400_000, days: 30 });
  for (const size of SIZES) {
    await page.setViewportSize(size);
    for (const language of LANGUAGES) {
      await setUi(page, { language });
      const footer = page.locator('[data-testid="generate-panel"] footer');
      await page.locator('[data-n="1"]').click();
      await expect(page.locator('[data-n="1"]')).toHaveAttribute('aria-checked', 'true');
      const one = await footer.boundingBox();
      await page.locator('[data-n="4"]').click();
      await expect(page.locator('[data-n="4"]')).toHaveAttribute('aria-checked', 'true');
      const four = await footer.boundingBox();
      expect(four, `${language} ${size.width}×${size.height}`).toEqual(one);
    }
  }
});

test('three Generate clicks give one "Queued" notice that counts them', async ({ page, harness }) => {
  await openDraw(page, (p) => harness.open(p));
  await setKey(page);
  // Paused: the jobs stay queued, so the indicator counts every click.
  await apiCall(page, 'jobs', 'setPaused', { paused: true });
  await drawStroke(page, [
    [100, 100],
    [300, 200],
  ]);
  await page.getByTestId('prompt-input').fill('a red fox in a snowy forest');
  for (let i = 1; i <= 3; i++) {
    await page.getByTestId('generate').click();
    await expect(page.getByTestId('indicator-queued')).toContainText(String(i));
  }
  const queued = page.locator('.notice[data-code^="generate.queued"]');
  await expect(queued).toHaveCount(1);
  await expect(queued).toContainText('3 jobs');
});

test('"Generate next" stays on one line at 1024×640 and 1280×800 in both languages', async ({ page, harness }) => {
  await openDraw(page, (p) => harness.open(p));
  // The longest price a Generate button shows: 4 images, 1 of them free, the rest paid.
  await setKey(page);
  await apiCall(page, 'usage', 'setQuota', { images: 1, startsAt: Date.now() - 86_400_000, days: 30 });
  await page.locator('[data-n="4"]').click();
  await expect(page.getByTestId('generate-cost')).toContainText('¥');
  for (const size of SIZES) {
    await page.setViewportSize(size);
    for (const language of LANGUAGES) {
      await setUi(page, { language });
      expect(await lineCount(page, '[data-testid="generate-front"]'), `${language} ${size.width}×${size.height}`).toBe(
        1,
      );
      expect(
        await lineCount(page, '[data-testid="generate"] span:first-child'),
        `${language} ${size.width}×${size.height}`,
      ).toBe(1);
    }
  }
});

test('screenshots: Draw with the Generate panel, both sizes, languages and themes', async ({ page, harness }) => {
  test.setTimeout(120_000);
  await openDraw(page, (p) => harness.open(p));
  await drawTwoColours(page);
  await page.getByTestId('prompt-input').fill('a lighthouse on a cliff at dusk, waves below');
  await page.getByTestId('color-add').evaluate((el: HTMLInputElement) => {
    el.value = '#2563eb';
    el.dispatchEvent(new Event('change'));
  });
  for (const language of LANGUAGES) {
    for (const theme of ['light', 'dark'] as const) {
      await setUi(page, { language, theme });
      for (const size of SIZES) {
        await page.setViewportSize(size);
        await page.screenshot({ path: `${SHOTS}/gen-draw-${language}-${theme}-${size.width}.png` });
        // The colour chips and Explore, further down the panel.
        // Centred: the sticky footer would cover it at the bottom edge.
        await page.getByTestId('gen-colors').evaluate((el) => el.scrollIntoView({ block: 'center' }));
        await page.screenshot({ path: `${SHOTS}/gen-colors-${language}-${theme}-${size.width}.png` });
        await page.getByTestId('generate-panel').evaluate((el) => el.scrollTo(0, 0));
      }
    }
  }
});
