import type { Page } from '@playwright/test';
import { expect } from './fixtures';

/** Whatever keychain this run has (real gnome-keyring inside D-Bus, or none): end up able to store. */
export async function ensureSecretsUsable(page: Page) {
  const section = page.locator('[data-section="api-key"]');
  await expect(section).not.toHaveAttribute('data-backend', 'loading');
  if ((await section.getAttribute('data-backend')) === 'unavailable') {
    await page.getByTestId('keychain-session-only').click();
  }
  await expect(section).toHaveAttribute('data-backend', /^(keychain|session)$/);
}
