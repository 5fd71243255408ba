import type { Page } from '@playwright/test';
import { PNG } from 'pngjs';
import { storeCall } from './canvas-helpers';
import { expect, test } from './fixtures';
import { apiCall, drawTwoColours, openDraw, setKey, setUi } from './ux-helpers';

// Issue 17: the first generation as a new user meets it. No keychain in the harness: a key is
// kept for the session, as a user would choose.
test.use({ harnessNoKeychain: true });

test.beforeEach(async ({ page, harness }) => {
  await openDraw(page, (p) => harness.open(p));
});

test('item 1: without a key Draw says a job cannot start and leads to the key; paused says so with Resume', async ({
  page,
  harness,
}) => {
  // A first start without a key: Draw says so before anything is queued, with the way to it.
  const blocker = page.getByTestId('generate-blocker');
  await expect(blocker).toHaveAttribute('data-blocker', 'noKey');
  await expect(blocker).toContainText('API key');

  // Generate anyway: no success toast, the notice says the job waits and why.
  await drawTwoColours(page);
  await page.getByTestId('prompt-input').fill('a red fox');
  await page.getByTestId('generate').click();
  await expect(page.locator('.notice[data-code="generate.queuedBlocked"]')).toContainText('cannot start');
  await expect(page.locator('.notice[data-code="generate.queued"]')).toHaveCount(0);
  await expect(blocker).toHaveAttribute('data-blocker', 'noKey');

  // The one action: Settings, with the focus in the API key card.
  await blocker.getByTestId('blocker-action').click();
  await expect(page.locator('[data-view="settings"]')).toBeVisible();
  await expect
    .poll(() => page.evaluate(() => !!document.activeElement?.closest('[data-section="api-key"]')))
    .toBe(true);

  // With a key and the queue paused, Draw says paused, and Resume lets the job run.
  await setKey(page);
  await apiCall(page, 'jobs', 'setPaused', { paused: true });
  await page.locator('[data-nav="draw"]').click();
  await expect(blocker).toHaveAttribute('data-blocker', 'paused');
  await blocker.getByTestId('blocker-action').click();
  await expect(blocker).toHaveCount(0);
  await expect.poll(() => harness.sims.beijing.counters.get('create'), { timeout: 15_000 }).toBe(1);
});

/** True when the centre of `testid` is on screen and is that element (nothing drawn over it). */
async function reachable(page: Page, testid: string): Promise<boolean> {
  return page.getByTestId(testid).evaluate((el) => {
    const r = el.getBoundingClientRect();
    const x = r.left + r.width / 2;
    const y = r.top + r.height / 2;
    if (x < 0 || y < 0 || x > innerWidth || y > innerHeight) return false;
    const hit = document.elementFromPoint(x, y);
    return !!hit && (hit === el || el.contains(hit));
  });
}

test('item 2: Explore asks in a dialog that takes the focus, on top of everything; Escape gives the focus back', async ({
  page,
}) => {
  await drawTwoColours(page);
  await page.getByTestId('prompt-input').fill('lighthouse at dusk');
  for (const size of [
    { width: 1280, height: 800 },
    { width: 1024, height: 640 },
  ]) {
    await page.setViewportSize(size);
    const styles = page.locator('[data-explore="styles"]');
    await styles.click();
    const dialog = page.getByTestId('explore-confirm');
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText('Queue 32 images?');
    // The focus is in the dialog, and its buttons are not under the sticky footer.
    await expect.poll(() => dialog.evaluate((d) => d.contains(document.activeElement))).toBe(true);
    expect(await reachable(page, 'explore-confirm-yes')).toBe(true);
    expect(await reachable(page, 'explore-confirm-no')).toBe(true);
    await page.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);
    await expect(styles).toBeFocused();
  }
  // The app's one dialog component: a modal <dialog> (the import question is the same one).
  await page.locator('[data-explore="styles"]').click();
  await expect(page.getByTestId('explore-confirm')).toHaveClass(/app-dialog/);
  expect(
    await page.getByTestId('explore-confirm').evaluate((d) => d.tagName === 'DIALOG' && (d as HTMLDialogElement).open),
  ).toBe(true);
  await page.getByTestId('explore-confirm-yes').click();
  await expect(page.getByTestId('explore-confirm')).toHaveCount(0);
  await expect.poll(async () => (await apiCall<{ jobs: unknown[] }>(page, 'jobs', 'list')).jobs.length).toBe(8);
});

test('item 4: prices count the free quota left (and its expiry) on Generate, Explore, Retry and Generate again; Usage costs only what is billed', async ({
  page,
  harness,
}) => {
  await setKey(page);
  const DAY = 86_400_000;
  const setQuota = (images: number, startsAt = Date.now() - DAY, days = 30) =>
    apiCall(page, 'usage', 'setQuota', { images, startsAt, days });
  await drawTwoColours(page);
  await page.getByTestId('prompt-input').fill('a red fox');
  const cost = page.getByTestId('generate-cost');
  // 474 of 500 left: free.
  await expect(cost).toHaveText('4 images · free');
  // 2 left: the split.
  await setQuota(2);
  await expect(cost).toHaveText('4 images · 2 free · ¥0.12');
  await expect(page.locator('[data-explore="weights"]')).toContainText('4 jobs · 16 images · 2 free · ¥0.84');
  // Expired: all paid.
  await setQuota(500, Date.now() - 40 * DAY, 30);
  await expect(cost).toHaveText('4 images · ¥0.24');
  await page.locator('[data-explore="styles"]').click();
  await expect(page.getByTestId('explore-confirm')).toContainText('32 images · ¥1.92');
  await page.keyboard.press('Escape');

  // One free image generated: Usage says ¥0.00 spent.
  await setQuota(500);
  await page.locator('[data-n="1"]').click();
  await expect(cost).toHaveText('1 image · free');
  await page.getByTestId('generate').click();
  await page.getByTestId('queue-indicator').click();
  const row = page.locator('[data-job]');
  await expect(row).toHaveAttribute('data-state', 'done', { timeout: 20_000 });
  await expect(page.getByTestId('usage-images')).toHaveText('1');
  await expect(page.getByTestId('usage-cost')).toHaveText('¥0.00');

  // Retry of a cancelled job shows its price too; 1 image left, a 1-image job queued ahead of it.
  await apiCall(page, 'jobs', 'setPaused', { paused: true });
  await page.locator('[data-nav="draw"]').click();
  await page.getByTestId('generate').click();
  await page.locator('[data-nav="queue"]').click();
  const waiting = page.locator('[data-job][data-state="queued"]');
  await expect(waiting).toHaveCount(1);
  await waiting.locator('[data-action="cancel"]').click();
  const canceled = page.locator('[data-job][data-state="canceled"]');
  await expect(canceled.getByTestId('retry-cost')).toHaveText('· free');
  await setQuota(1);
  await expect(canceled.getByTestId('retry-cost')).toHaveText('· ¥0.06');
  expect(harness.sims.beijing.counters.get('create')).toBe(1);

  // Generate again in the gallery: paid now, free with quota.
  await page.locator('[data-job][data-state="done"] [data-action="open"]').click();
  await expect(page.getByTestId('regenerate-cost')).toHaveText('· ¥0.06');
  // The generation is open: its results notice no longer covers the detail's actions.
  await expect(page.locator('.notice[data-code="results"]')).toHaveCount(0);
  await setQuota(10);
  await expect(page.getByTestId('regenerate-cost')).toHaveText('· free');
});

test('item 5: saving a key Test just rejected asks first; a wrong key fails the job as a key problem that leads to the key, not to Sketch upload', async ({
  page,
  harness,
}) => {
  const WRONG = 'sk-wrong00000000000000000000000000';
  await page.locator('[data-nav="settings"]').click();
  await page.getByTestId('keychain-session-only').click();
  await page.getByTestId('api-key-input').fill(WRONG);
  await page.getByTestId('api-key-test').click();
  await expect(page.getByTestId('api-key-test-result')).toContainText('rejected');
  // Save: the dialog asks, with the focus in it; keeping on editing saves nothing.
  await page.getByTestId('api-key-save').click();
  const ask = page.getByTestId('api-key-save-confirm');
  await expect(ask).toBeVisible();
  await expect(ask).toContainText('rejected');
  await expect.poll(() => ask.evaluate((d) => d.contains(document.activeElement))).toBe(true);
  await page.getByTestId('api-key-save-cancel').click();
  await expect(ask).toHaveCount(0);
  await expect(page.getByTestId('api-key-status')).toContainText('No key');
  // Saving anyway is the user's call.
  await page.getByTestId('api-key-save').click();
  await page.getByTestId('api-key-save-anyway').click();
  await expect(page.getByTestId('api-key-saved')).toBeVisible();

  await page.locator('[data-nav="draw"]').click();
  await drawTwoColours(page);
  await page.getByTestId('prompt-input').fill('a red fox');
  await page.getByTestId('generate').click();
  await page.getByTestId('queue-indicator').click();
  const row = page.locator('[data-job]');
  await expect(row).toHaveAttribute('data-state', 'failed', { timeout: 15_000 });
  await expect(row.getByTestId('job-error')).toContainText('API key');
  await expect(row.getByTestId('job-error')).not.toContainText('Sketch upload');
  await row.getByRole('link', { name: 'Check the API key' }).click();
  await expect(page.locator('[data-view="settings"]')).toBeVisible();
  await expect(page.getByTestId('api-key-input')).toBeFocused();
  expect(harness.sims.beijing.counters.get('create') ?? 0).toBe(0);
});

test('item 8: a finished generation shows a results notice with its images that opens it; finished Queue rows show the results', async ({
  page,
}) => {
  await setKey(page);
  await drawTwoColours(page);
  await page.getByTestId('prompt-input').fill('a red fox in the snow');
  await page.locator('[data-n="2"]').click();
  await page.getByTestId('generate').click();
  // Staying in Draw: the notice comes here, with the two images.
  const toast = page.locator('.notice[data-code="results"]');
  await expect(toast).toBeVisible({ timeout: 20_000 });
  await expect(toast).toContainText('2 images ready');
  await expect(toast).toContainText('a red fox in the snow');
  const thumbs = toast.locator('img');
  await expect(thumbs).toHaveCount(2);
  await expect
    .poll(() => thumbs.evaluateAll((imgs) => imgs.every((i) => (i as HTMLImageElement).naturalWidth > 0)))
    .toBe(true);
  const galleryId = await toast.getAttribute('data-gallery-id');
  expect(galleryId).toBeTruthy();
  await toast.getByRole('link', { name: 'Open' }).click();
  await expect(page.getByTestId('gallery-detail')).toHaveAttribute('data-id', galleryId!);

  // The Queue's finished row shows what came out, not the sketch.
  await page.locator('[data-nav="queue"]').click();
  const results = page.locator('[data-job][data-state="done"]').getByTestId('job-results').locator('img');
  await expect(results).toHaveCount(2);
  await expect
    .poll(() => results.evaluateAll((imgs) => imgs.every((i) => (i as HTMLImageElement).naturalWidth > 0)))
    .toBe(true);
});

test('item 3: "The page is empty" goes away once the user draws', async ({ page }) => {
  await page.getByTestId('prompt-input').fill('a red fox');
  await page.getByTestId('generate').click();
  await expect(page.getByTestId('generate-problem')).toContainText('The page is empty');
  await drawTwoColours(page);
  await expect(page.getByTestId('generate-problem')).toHaveCount(0);
});

test('item 6: during an outage the retry line shows no raw {placeholder} in either language; a failed row has the details it promises', async ({
  page,
  harness,
}) => {
  test.setTimeout(60_000);
  const sim = harness.sims.beijing;
  await setKey(page);
  sim.faults.add({ route: 'uploads.policy', fault: { kind: 'reset' }, times: 10_000 });
  await drawTwoColours(page);
  await page.getByTestId('prompt-input').fill('a red fox');
  await page.getByTestId('generate').click();
  await page.getByTestId('queue-indicator').click();
  const row = page.locator('[data-job]').first();
  await expect(row.getByTestId('job-wait')).toContainText('Retrying', { timeout: 20_000 });
  for (const language of ['en', 'zh-CN'] as const) {
    await setUi(page, { language });
    await expect(row.getByTestId('job-wait')).toContainText(language === 'en' ? 'Retrying' : '重试');
    expect(await page.locator('body').innerText()).not.toMatch(/\{\w+\}/);
  }
  await setUi(page, { language: 'en' });
  await row.locator('[data-action="cancel"]').click();
  await expect(row).toHaveAttribute('data-state', 'canceled');

  // A refused upload: the row says the details show the server's answer, and they are there.
  sim.faults.clear();
  sim.faults.add({
    route: 'uploads.policy',
    fault: { kind: 'status', status: 400, code: 'InvalidParameter', message: 'policy refused for a test' },
    times: 1000,
  });
  await page.locator('[data-nav="draw"]').click();
  await page.getByTestId('generate').click();
  await page.locator('[data-nav="queue"]').click();
  const failed = page.locator('[data-job][data-state="failed"]');
  await expect(failed).toHaveCount(1, { timeout: 20_000 });
  await expect(failed.getByTestId('job-error')).toContainText('details');
  await failed.getByTestId('job-details').locator('summary').click();
  await expect(failed.getByTestId('job-details')).toContainText('InvalidParameter');
  expect(await page.locator('body').innerText()).not.toMatch(/\{\w+\}/);
});

test('item 9: at 1024×640 the drawing gets at least half the width; the colours and drafts panel folds and unfolds', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1024, height: 640 });
  const stage = page.locator('.stage');
  await expect.poll(async () => (await stage.boundingBox())!.width).toBeGreaterThanOrEqual(512);
  const toggle = page.getByTestId('side-toggle');
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  await expect(page.locator('[data-swatch="#dc2626"]')).toBeVisible();
  await toggle.click();
  await expect(page.locator('[data-swatch="#dc2626"]')).toBeHidden();
  // Wide enough, it is open unless the user folded it.
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.reload();
  await page.getByTestId('generate-panel').waitFor();
  await expect(page.getByTestId('side-toggle')).toHaveAttribute('aria-expanded', 'false');
});

test('item 7: in the Gallery Ctrl+Z after Delete undoes the delete (not the search box); ←/→ move in the detail; the shortcut sheet lists Generate and Gallery keys', async ({
  page,
}) => {
  await setKey(page);
  await drawTwoColours(page);
  await page.getByTestId('prompt-input').fill('a red fox');
  await page.locator('[data-n="2"]').click();
  await page.getByTestId('generate').click();
  await expect
    .poll(async () => (await apiCall<{ total: number }>(page, 'gallery', 'list', {})).total, { timeout: 20_000 })
    .toBe(1);
  await page.getByTestId('generate').click();
  await expect
    .poll(async () => (await apiCall<{ total: number }>(page, 'gallery', 'list', {})).total, { timeout: 20_000 })
    .toBe(2);

  // The shortcut sheet (from Draw) lists Generate and Gallery keys.
  await page.locator('canvas.upper-canvas').hover();
  await page.keyboard.press('Shift+Slash');
  const sheet = page.getByTestId('shortcut-sheet');
  await expect(sheet.locator('[data-shortcut="generate.generate"]')).toBeVisible();
  await expect(sheet.locator('[data-shortcut="gallery.undoDelete"]')).toBeVisible();
  await page.keyboard.press('Escape');

  await page.locator('[data-nav="gallery"]').click();
  const search = page.locator('[data-view="gallery"] input[type="search"]');
  await search.fill('fox');
  await search.fill('');
  const tiles = page.getByTestId('gallery-tile');
  await expect(tiles).toHaveCount(2);
  await page.getByTestId('gallery-grid').focus();
  await page.keyboard.press('Delete');
  await expect(tiles).toHaveCount(1);
  await page.keyboard.press('Control+z');
  await expect(tiles).toHaveCount(2);
  await expect(search).toHaveValue('');

  // Detail: → and ← move between its images.
  await page.getByTestId('gallery-grid').focus();
  await page.keyboard.press('Enter');
  const detail = page.getByTestId('gallery-detail');
  await expect(detail).toBeVisible();
  const shown = () => detail.locator('.strip-item[aria-current="true"]').getAttribute('data-index');
  const before = await shown();
  await page.keyboard.press('ArrowRight');
  await expect.poll(shown).not.toBe(before);
  await page.keyboard.press('ArrowLeft');
  await expect.poll(shown).toBe(before);
});

test('item 12: a 12 MB photo opens (imports are scaled and re-encoded; what is sent stays under the API limit)', async ({
  page,
}) => {
  test.setTimeout(60_000);
  // 2000 × 2000 of noise: a PNG of about 12 MB that no compression makes smaller.
  const img = new PNG({ width: 2000, height: 2000 });
  let seed = 7;
  for (let i = 0; i < img.data.length; i += 4) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    img.data[i] = seed & 0xff;
    img.data[i + 1] = (seed >> 8) & 0xff;
    img.data[i + 2] = (seed >> 16) & 0xff;
    img.data[i + 3] = 255;
  }
  const big = PNG.sync.write(img);
  expect(big.length).toBeGreaterThan(10 * 1024 * 1024);
  await page.getByTestId('import-input').setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: big });
  await expect(page.locator('.notice[data-code="canvas.import.asPhoto"]')).toBeVisible({ timeout: 20_000 });
  await expect(page.locator('.notice[data-code="canvas.import.tooLarge"]')).toHaveCount(0);
  const exported = await page.evaluate(async (call) => {
    const store = new Function(`return ${call}`)();
    const out = await store.exportSketch();
    return out.png.length as number;
  }, storeCall);
  expect(exported).toBeLessThanOrEqual(10 * 1024 * 1024);
});
