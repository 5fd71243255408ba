import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { apiCall, drawTwoColours, openDraw, setKey } from './ux-helpers';

// Issue 17: the first generation as a new user meets it. No keychain in the harness: a key is
// kept for the session, as a user would choose.
test.use({ harnessNoKeychain: true });

test.beforeEach(async ({ page, harness }) => {
  await openDraw(page, (p) => harness.open(p));
});

test('item 1: without a key Draw says a job cannot start and leads to the key; paused says so with Resume', async ({ page, harness }) => {
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
  await expect.poll(() => page.evaluate(() => !!document.activeElement?.closest('[data-section="api-key"]'))).toBe(true);

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

test('item 2: Explore asks in a dialog that takes the focus, on top of everything; Escape gives the focus back', async ({ page }) => {
  await drawTwoColours(page);
  await page.getByTestId('prompt-input').fill('lighthouse at dusk');
  for (const size of [{ width: 1280, height: 800 }, { width: 1024, height: 640 }]) {
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
  expect(await page.getByTestId('explore-confirm').evaluate((d) => d.tagName === 'DIALOG' && (d as HTMLDialogElement).open)).toBe(true);
  await page.getByTestId('explore-confirm-yes').click();
  await expect(page.getByTestId('explore-confirm')).toHaveCount(0);
  await expect.poll(async () => (await apiCall<{ jobs: unknown[] }>(page, 'jobs', 'list')).jobs.length).toBe(8);
});
