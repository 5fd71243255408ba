import type { Locator, Page } from '@playwright/test';
import { PNG } from 'pngjs';
import { expect, test } from './fixtures';
import { openDraw, setKey } from './ux-helpers';

// Issue 17, accessibility: from an empty app to an image in the gallery with the keyboard alone
// (import a line drawing with Ctrl+O, prompt, style, Generate, open the result), the focus
// visible at every step. The key is set up through the API first: it is not what is tested.
test.use({ harnessNoKeychain: true });

/** Black strokes on white, 800×800. */
function lineDrawing(): Buffer {
  const img = new PNG({ width: 800, height: 800 });
  for (let y = 0; y < 800; y++)
    for (let x = 0; x < 800; x++) {
      const ink = Math.abs(x - y) < 4 || Math.abs(x + y - 800) < 4 || Math.abs(y - 600) < 3;
      const o = (y * 800 + x) * 4;
      img.data[o] = img.data[o + 1] = img.data[o + 2] = ink ? 0 : 255;
      img.data[o + 3] = 255;
    }
  return PNG.sync.write(img);
}

/** What the focused element shows: true when it matches :focus-visible and draws an outline or ring. */
async function focusShown(page: Page): Promise<{ visible: boolean; what: string }> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return { visible: false, what: 'body' };
    const s = getComputedStyle(el);
    const ring =
      (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || (s.boxShadow !== 'none' && s.boxShadow !== '');
    const what = `${el.tagName.toLowerCase()}${el.dataset.testid ? `[${el.dataset.testid}]` : ''} ${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 30)}`;
    return { visible: el.matches(':focus-visible') && ring, what };
  });
}

/** Tabs forward until `target` has the focus, checking that every stop shows where the focus is. */
async function tabTo(page: Page, target: Locator, max = 120): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const shown = await focusShown(page);
    expect(shown.visible, `focus visible on ${shown.what}`).toBe(true);
    if (await target.evaluate((el) => el === document.activeElement || el.contains(document.activeElement))) return;
  }
  throw new Error('target never got the focus');
}

test('keyboard only: import, prompt, style, Generate, open the result, with visible focus throughout', async ({
  page,
  harness,
}) => {
  test.setTimeout(90_000);
  await openDraw(page, (p) => harness.open(p));
  await setKey(page);
  await page.locator('body').focus();

  // Import with Ctrl+O; the file dialog is the system's (keyboard-operable) one.
  const chooser = page.waitForEvent('filechooser');
  await page.keyboard.press('Control+o');
  await (await chooser).setFiles({ name: 'lines.png', mimeType: 'image/png', buffer: lineDrawing() });
  await expect(page.getByTestId('object-count')).not.toHaveText(/^0 /);

  // Prompt.
  const prompt = page.getByTestId('prompt-input');
  await tabTo(page, prompt);
  await page.keyboard.type('a cat on a roof at night');
  // Style: Tab into the style group, arrows would be nicer; Tab to Watercolour and press Space.
  const watercolor = page.locator('[data-style="<watercolor>"]');
  await tabTo(page, watercolor);
  await page.keyboard.press('Space');
  await expect(watercolor).toHaveAttribute('aria-checked', 'true');
  // Generate.
  await tabTo(page, page.getByTestId('generate'));
  await page.keyboard.press('Enter');

  // The results notice: Tab to its Open link and press Enter; the generation opens.
  const open = page.locator('.notice[data-code="results"] a');
  await expect(open).toBeVisible({ timeout: 20_000 });
  await tabTo(page, open, 200);
  await page.keyboard.press('Enter');
  const detail = page.getByTestId('gallery-detail');
  await expect(detail).toBeVisible();
  await expect
    .poll(() => detail.locator('img').evaluateAll((imgs) => imgs.some((i) => (i as HTMLImageElement).naturalWidth > 0)))
    .toBe(true);
  const task = await harness.sims.beijing.tasks.get(harness.sims.beijing.tasks.ids()[0]!);
  expect(task).toMatchObject({ prompt: 'a cat on a roof at night', style: '<watercolor>' });
});
