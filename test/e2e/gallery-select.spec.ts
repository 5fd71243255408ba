import type { Page } from '@playwright/test';
import { addInput } from '../integration/gallery/fixtures';
import { expect, test, type Harness } from './fixtures';
import { setUi, SHOTS, SIZES } from './ux-helpers';

// Issue 17 item 7: in the Gallery grid a single click opens a tile; selection is Ctrl/⌘-click
// (toggle) and Shift-click (range), Space (toggle) on the keyboard, Enter opens.

/** Five real generations through GalleryService.add, oldest first; the grid shows them newest first. */
async function seed(harness: Harness): Promise<string[]> {
  const ids: string[] = [];
  for (const [task, prompt, style] of [
    ['t0', 'a red cat on a roof', '<watercolor>'],
    ['t1', '屋顶上的红猫', '<anime>'],
    ['t2', 'Café at night', '<oil painting>'],
    ['t3', 'a lighthouse', '<sketch>'],
    ['t4', 'a harbour at dawn', '<flat illustration>'],
  ] as const)
    ids.push((await harness.server.services.gallery.add(await addInput(task, { prompt, style, n: 2 }))).id);
  return ids.reverse();
}

const tiles = (page: Page) => page.getByTestId('gallery-tile');
const selectedIds = (page: Page) =>
  page
    .locator('[data-testid="gallery-tile"][aria-selected="true"]')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));

test('a single click opens a tile; Ctrl-click toggles and Shift-click extends a selection without opening; bulk actions and compare stay reachable', async ({
  page,
  harness,
}) => {
  const ids = await seed(harness);
  await harness.open(page, '#/gallery');
  await expect(tiles(page)).toHaveCount(5);
  const detail = page.getByTestId('gallery-detail');

  // One click: the detail of that generation, and nothing selected.
  await tiles(page).nth(1).click();
  await expect(detail).toBeVisible();
  await expect(detail).toHaveAttribute('data-id', ids[1]!);
  // Compare is one click away in the detail.
  await page.getByTestId('mode-compare').click();
  await expect(page.getByTestId('compare-left')).toBeVisible();
  await page.getByTestId('detail-back').click();
  await expect(detail).toHaveCount(0);
  await expect(page.getByTestId('selection-bar')).toHaveCount(0);
  await expect(page.getByTestId('gallery-grid')).toBeFocused();

  // Ctrl/⌘-click selects two, one by one; nothing opens.
  await tiles(page)
    .nth(0)
    .click({ modifiers: ['ControlOrMeta'] });
  await tiles(page)
    .nth(2)
    .click({ modifiers: ['ControlOrMeta'] });
  await expect(page.getByTestId('selection-bar')).toContainText('2 selected');
  expect(await selectedIds(page)).toEqual([ids[0], ids[2]]);
  await expect(detail).toHaveCount(0);
  // Ctrl-click again takes one out.
  await tiles(page)
    .nth(2)
    .click({ modifiers: ['ControlOrMeta'] });
  expect(await selectedIds(page)).toEqual([ids[0]]);
  // Shift-click: the range from the last Ctrl-clicked tile to this one, in place of the selection.
  await tiles(page)
    .nth(4)
    .click({ modifiers: ['Shift'] });
  await expect(page.getByTestId('selection-bar')).toContainText('3 selected');
  expect(await selectedIds(page)).toEqual([ids[2], ids[3], ids[4]]);
  await expect(detail).toHaveCount(0);

  // The bulk actions act on the selection.
  await page.getByTestId('selection-star').click();
  await expect
    .poll(async () => (await harness.server.services.gallery.list({ favourite: true })).entries.map((e) => e.id).sort())
    .toEqual([ids[2], ids[3], ids[4]].sort());

  // Keyboard: Escape clears, arrows move without selecting, Space toggles, Enter opens.
  await page.getByTestId('gallery-grid').focus();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('selection-bar')).toHaveCount(0);
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('selection-bar')).toHaveCount(0);
  await page.keyboard.press('Space');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Space');
  expect(await selectedIds(page)).toEqual([ids[1], ids[2]]);
  await page.keyboard.press('Space');
  expect(await selectedIds(page)).toEqual([ids[1]]);
  await page.keyboard.press('Shift+ArrowRight');
  expect(await selectedIds(page)).toEqual([ids[2], ids[3]]);
  await expect(detail).toHaveCount(0);
  await page.keyboard.press('Enter');
  await expect(detail).toHaveAttribute('data-id', ids[3]!);
});

test('screenshots: the Gallery grid with a selection and the detail, both languages and themes, 1024×640 and 1280×800', async ({
  page,
  harness,
}) => {
  test.setTimeout(120_000);
  await seed(harness);
  await harness.open(page, '#/gallery');
  await expect(tiles(page)).toHaveCount(5);
  for (const language of ['en', 'zh-CN'] as const)
    for (const theme of ['light', 'dark'] as const) {
      await setUi(page, { language, theme });
      for (const size of SIZES) {
        const tag = `${language}-${theme}-${size.width}`;
        await page.setViewportSize(size);
        await page.keyboard.press('Escape');
        await tiles(page)
          .nth(1)
          .click({ modifiers: ['ControlOrMeta'] });
        await tiles(page)
          .nth(3)
          .click({ modifiers: ['Shift'] });
        await expect(page.getByTestId('selection-bar')).toBeVisible();
        await page.screenshot({ path: `${SHOTS}/gux-grid-selection-${tag}.png` });
        await page.keyboard.press('Escape');
        await tiles(page).nth(3).click();
        await expect(page.getByTestId('detail-result')).toBeVisible();
        await expect
          .poll(() => page.getByTestId('detail-result').evaluate((i) => (i as HTMLImageElement).naturalWidth))
          .toBeGreaterThan(0);
        await page.screenshot({ path: `${SHOTS}/gux-detail-${tag}.png` });
        await page.getByTestId('detail-back').click();
      }
    }
});
