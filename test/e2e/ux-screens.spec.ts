import { expect, test } from './fixtures';
import { apiCall, drawTwoColours, openDraw, setKey, setUi, SHOTS, SIZES } from './ux-helpers';

// Issue 17: screenshots to look at, of Draw, the Explore confirmation, the Queue with a finished
// row, the results notice and the Gallery detail, in both languages and themes, at 1024×640 and
// 1280×800 (test-results/screenshots/ux-*.png).
test.use({ harnessNoKeychain: true });

test('screenshots: Draw, Explore confirmation, Queue with a finished row, results notice, Gallery detail', async ({
  page,
  harness,
}) => {
  test.setTimeout(240_000);
  await openDraw(page, (p) => harness.open(p));
  await setKey(page);
  await drawTwoColours(page);
  await page.getByTestId('prompt-input').fill('a lighthouse on a cliff at dusk, waves below');
  await page.locator('[data-n="2"]').click();
  await page.getByTestId('generate').click();
  const toast = page.locator('.notice[data-code="results"]');
  await expect(toast).toBeVisible({ timeout: 20_000 });
  const galleryId = (await toast.getAttribute('data-gallery-id'))!;
  const thumbs = await toast.locator('img').evaluateAll((imgs) => imgs.map((i) => (i as HTMLImageElement).src));
  // One more waiting behind a paused queue, so Draw shows its blocker and the Queue an active row.
  await apiCall(page, 'jobs', 'setPaused', { paused: true });
  await page.locator('[data-n="4"]').click();
  await page.getByTestId('generate').click();

  const showToast = () =>
    page.evaluate(
      ({ galleryId, thumbs }) => {
        const app = (
          document.querySelector('#app') as unknown as {
            __vue_app__: {
              config: {
                globalProperties: { $pinia: { _s: Map<string, Record<string, (...a: unknown[]) => unknown>> } };
              };
            };
          }
        ).__vue_app__;
        const notices = app.config.globalProperties.$pinia._s.get('notices')!;
        for (const n of notices.items as unknown as Array<{ id: number }>) notices.dismiss!(n.id);
        notices.results!({
          galleryId,
          setId: null,
          prompt: 'a lighthouse on a cliff at dusk, waves below',
          thumbs,
          failed: false,
        });
      },
      { galleryId, thumbs },
    );

  for (const language of ['en', 'zh-CN'] as const) {
    for (const theme of ['light', 'dark'] as const) {
      await setUi(page, { language, theme });
      for (const size of SIZES) {
        const tag = `${language}-${theme}-${size.width}`;
        await page.setViewportSize(size);
        await page.locator('[data-nav="draw"]').click();
        await page.getByTestId('generate-panel').waitFor();
        await showToast();
        await page.screenshot({ path: `${SHOTS}/ux-draw-toast-${tag}.png` });
        await page.locator('[data-explore="styles"]').click();
        await expect(page.getByTestId('explore-confirm')).toBeVisible();
        await page.screenshot({ path: `${SHOTS}/ux-explore-confirm-${tag}.png` });
        await page.keyboard.press('Escape');
        await page.locator('[data-nav="queue"]').click();
        await expect(
          page.locator('[data-job][data-state="done"]').getByTestId('job-results').locator('img'),
        ).toHaveCount(2);
        await page.screenshot({ path: `${SHOTS}/ux-queue-${tag}.png` });
        await page.goto(page.url().replace(/#.*/, `#/gallery?id=${galleryId}`));
        await expect(page.getByTestId('gallery-detail')).toBeVisible();
        await page.screenshot({ path: `${SHOTS}/ux-gallery-detail-${tag}.png` });
      }
    }
  }
});
