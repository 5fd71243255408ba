import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { apiCall, drawTwoColours, openDraw, setKey, setUi } from './ux-helpers';

// Issue 17, accessibility: every view and dialog, both themes and languages, with no serious or
// critical axe violation.
test.use({ harnessNoKeychain: true });

async function serious(page: Page, where: string): Promise<string[]> {
  const r = await new AxeBuilder({ page }).analyze();
  return r.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${where}: ${v.id} (${v.impact}) ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

test('axe: Draw, Generate panel, Explore confirmation, shortcut sheet, Queue with rows, Gallery grid and detail, Settings — light/dark × en/zh-CN', async ({ page, harness }) => {
  test.setTimeout(240_000);
  await openDraw(page, (p) => harness.open(p));
  await setKey(page);
  await drawTwoColours(page);
  await page.getByTestId('prompt-input').fill('a lighthouse at dusk');
  await page.locator('[data-n="1"]').click();
  await page.getByTestId('generate').click();
  await expect.poll(async () => (await apiCall<{ total: number }>(page, 'gallery', 'list', {})).total, { timeout: 20_000 }).toBe(1);
  // A second job that stays waiting, so the Queue has an active row too.
  await apiCall(page, 'jobs', 'setPaused', { paused: true });
  await page.getByTestId('generate').click();
  // Four images a job: Every style (32) asks first.
  await page.locator('[data-n="4"]').click();

  const found: string[] = [];
  for (const language of ['en', 'zh-CN'] as const) {
    for (const theme of ['light', 'dark'] as const) {
      await setUi(page, { language, theme });
      const at = `${language}/${theme}`;
      await page.locator('[data-nav="draw"]').click();
      await page.getByTestId('generate-panel').waitFor();
      found.push(...(await serious(page, `${at} draw`)));

      await page.locator('[data-explore="styles"]').click();
      await expect(page.getByTestId('explore-confirm')).toBeVisible();
      found.push(...(await serious(page, `${at} explore-confirm`)));
      await page.keyboard.press('Escape');
      await expect(page.getByTestId('explore-confirm')).toHaveCount(0);

      await page.locator('canvas.upper-canvas').hover();
      await page.keyboard.press('Shift+Slash');
      await expect(page.getByTestId('shortcut-sheet')).toBeVisible();
      found.push(...(await serious(page, `${at} shortcuts`)));
      await page.keyboard.press('Escape');
      await expect(page.getByTestId('shortcut-sheet')).toHaveCount(0);

      await page.locator('[data-nav="queue"]').click();
      await expect(page.locator('[data-job]')).toHaveCount(2);
      found.push(...(await serious(page, `${at} queue`)));

      await page.locator('[data-nav="gallery"]').click();
      await page.getByTestId('gallery-tile').first().waitFor();
      found.push(...(await serious(page, `${at} gallery`)));
      await page.getByTestId('gallery-grid').focus();
      await page.keyboard.press('Enter');
      await expect(page.getByTestId('gallery-detail')).toBeVisible();
      found.push(...(await serious(page, `${at} gallery-detail`)));
      await page.keyboard.press('Escape');
      await expect(page.getByTestId('gallery-detail')).toHaveCount(0);

      await page.locator('[data-nav="settings"]').click();
      await page.locator('[data-view="settings"]').waitFor();
      found.push(...(await serious(page, `${at} settings`)));
    }
  }
  expect(found).toEqual([]);
});
