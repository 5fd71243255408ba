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
