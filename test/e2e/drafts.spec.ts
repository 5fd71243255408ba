import { expect, test } from './fixtures';
import { drawStroke, exportAndDecode, inkHistogram, shownSketchColors, storeCall, waitSaved } from './canvas-helpers';

test.beforeEach(async ({ page, harness }) => {
  await harness.open(page);
  await page.locator('canvas.upper-canvas').waitFor();
  await waitSaved(page);
});

test('autosave within a second; after a reload and a restart the draft is intact', async ({ page, harness }) => {
  await drawStroke(page, [
    [100, 100],
    [300, 250],
    [500, 120],
  ]);
  await page.locator('[data-swatch="#dc2626"]').click();
  await drawStroke(page, [
    [100, 500],
    [400, 600],
  ]);
  await page.keyboard.press('e');
  await page.getByTestId('brush-slider').fill('30');
  await drawStroke(page, [
    [300, 150],
    [300, 300],
  ]);
  const t0 = Date.now();
  await waitSaved(page);
  expect(Date.now() - t0).toBeLessThan(1500);
  const before = inkHistogram(await exportAndDecode(page));
  const name = await page.getByTestId('current-draft').textContent();

  await page.reload();
  await page.locator('canvas.upper-canvas').waitFor();
  // Two strokes; the eraser stroke is kept but counts as no object.
  await expect(page.getByTestId('object-count')).toHaveText('2 objects');
  await expect(page.getByTestId('current-draft')).toHaveText(name ?? '');
  expect(inkHistogram(await exportAndDecode(page))).toEqual(before);

  // A restart of main (same data folder) brings the same draft back too.
  await harness.restart();
  await harness.open(page);
  await page.locator('canvas.upper-canvas').waitFor();
  await expect(page.getByTestId('object-count')).toHaveText('2 objects');
  await expect.poll(() => shownSketchColors(page)).toEqual(['#111827', '#dc2626']);
  expect(inkHistogram(await exportAndDecode(page))).toEqual(before);
  // The eraser is still an eraser after the round trip, and undo history starts fresh.
  await expect(page.locator('[data-action="undo"]')).toBeDisabled();
});

test('drafts list: new, rename, duplicate, open, delete with undo', async ({ page }) => {
  const list = page.getByTestId('drafts-list');
  await drawStroke(page, [
    [100, 100],
    [600, 600],
  ]);
  await waitSaved(page);
  await expect(list.locator('li')).toHaveCount(1);
  // The preview follows the drawing.
  await expect(list.locator('li img')).toHaveCount(1);

  // Rename the current draft inline.
  const first = list.locator('li').first();
  await first.hover();
  await first.locator('[data-action="rename"]').click();
  await page.getByTestId('draft-name-input').fill('Cat');
  await page.getByTestId('draft-name-input').press('Enter');
  await expect(page.getByTestId('current-draft')).toHaveText('Cat');

  // New draft: empty page, two entries.
  await page.locator('[data-action="new-draft"]').click();
  await expect(page.getByTestId('object-count')).toHaveText('0 objects');
  await expect(list.locator('li')).toHaveCount(2);
  await expect(page.getByTestId('current-draft')).toHaveText('Untitled sketch');

  // Duplicate Cat: the copy opens with Cat's strokes.
  const cat = list.locator('li', { hasText: 'Cat' });
  await cat.hover();
  await cat.locator('[data-action="duplicate"]').click();
  await expect(page.getByTestId('current-draft')).toHaveText('Cat (copy)');
  await expect(page.getByTestId('object-count')).toHaveText('1 object');
  await expect(list.locator('li')).toHaveCount(3);

  // Delete the open copy: the next draft opens; undo brings it back.
  const copy = list.locator('li', { hasText: 'Cat (copy)' });
  await copy.hover();
  await copy.locator('[data-action="delete"]').click();
  await expect(list.locator('li')).toHaveCount(2);
  await expect(page.getByTestId('draft-undo')).toContainText('“Cat (copy)” deleted.');
  await page.getByTestId('draft-undo').getByRole('button', { name: 'Undo' }).click();
  await expect(list.locator('li')).toHaveCount(3);
  await expect(page.getByTestId('current-draft')).toHaveText('Cat (copy)');
  await expect(page.getByTestId('object-count')).toHaveText('1 object');

  // Open the empty one from the list.
  await list.locator('li', { hasText: 'Untitled sketch' }).locator('[data-testid="draft-name"]').click();
  await expect(page.getByTestId('object-count')).toHaveText('0 objects');
  await expect(list.locator('li[aria-current="true"]')).toContainText('Untitled sketch');
});

test('new drafts are numbered: Untitled sketch, Untitled sketch 2, 3…; a freed name is used again', async ({
  page,
}) => {
  const list = page.getByTestId('drafts-list');
  await expect(page.getByTestId('current-draft')).toHaveText('Untitled sketch');
  await page.locator('[data-action="new-draft"]').click();
  await expect(page.getByTestId('current-draft')).toHaveText('Untitled sketch 2');
  await page.locator('[data-action="new-draft"]').click();
  await expect(page.getByTestId('current-draft')).toHaveText('Untitled sketch 3');
  await expect(list.locator('li')).toHaveCount(3);
  const two = list.locator('li', { hasText: 'Untitled sketch 2' });
  await two.hover();
  await two.locator('[data-action="delete"]').click();
  await expect(list.locator('li')).toHaveCount(2);
  await page.locator('[data-action="new-draft"]').click();
  await expect(page.getByTestId('current-draft')).toHaveText('Untitled sketch 2');
});

test.describe('in Chinese', () => {
  test.use({ harnessLocale: 'zh-CN' });
  test('new drafts are numbered in the UI language', async ({ page }) => {
    await expect(page.getByTestId('current-draft')).toHaveText('未命名草图');
    await page.locator('[data-action="new-draft"]').click();
    await expect(page.getByTestId('current-draft')).toHaveText('未命名草图 2');
  });
});

test('while the status says Saved, the draft thumbnail shows the canvas as it is', async ({ page }) => {
  const current = page.locator('[data-testid="drafts-list"] li[aria-current="true"] img');
  /** Saved, and the list's preview is exactly a thumbnail of the page now. */
  const inStep = () =>
    page.evaluate((s) => {
      const c = new Function(`return ${s}`)();
      const status = document.querySelector('[data-testid="save-status"]')?.getAttribute('data-status');
      const img = document.querySelector<HTMLImageElement>('[data-testid="drafts-list"] li[aria-current="true"] img');
      return status === 'saved' && img?.getAttribute('src') === c.controller.thumbnail();
    }, storeCall);
  await drawStroke(page, [
    [100, 100],
    [600, 600],
  ]);
  await expect.poll(inStep).toBe(true);
  const first = await current.getAttribute('src');
  // Strokes in quick succession (well inside the thumbnail's 4 s refresh interval).
  for (const y of [200, 300, 400])
    await drawStroke(page, [
      [100, y],
      [600, y],
    ]);
  await expect.poll(inStep).toBe(true);
  expect(await current.getAttribute('src')).not.toBe(first);
  // …and a long continuous run of strokes, where saves are forced by the 900 ms cap.
  for (let i = 0; i < 8; i++)
    await drawStroke(page, [
      [100 + i * 60, 650],
      [140 + i * 60, 720],
    ]);
  await expect.poll(inStep).toBe(true);
});
