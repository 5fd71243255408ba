import { expect, test } from './fixtures';
import { ensureSecretsUsable } from './settings-helpers';

/**
 * A custom-HTTP upload URL with `{key}` in its host would send the secret headers to a server
 * other than the one they were saved for. Main's schema refuses it; the Settings form says so
 * under the URL field, in the user's language, and saves nothing.
 */

const TEXT = {
  'en-US': { placeholder: 'only in the path or the query', example: 'For example https://' },
  'zh-CN': { placeholder: '只能出现在路径或查询参数中', example: '例如 https://' },
} as const;

for (const locale of ['en-US', 'zh-CN'] as const) {
  const tx = TEXT[locale];

  test.describe(`custom HTTP placeholders (${locale})`, () => {
    test.use({ harnessLocale: locale });

    test('{key} in the host: said under the URL field, for Save and for Test; nothing saved, nothing sent', async ({
      page,
      harness,
    }) => {
      await harness.open(page, '#/settings');
      await ensureSecretsUsable(page);
      const section = page.locator('[data-section="storage"]');
      await section.locator('[data-adapter="http"] input').check();
      const form = section.locator('[data-adapter-form="http"]');
      const url = form.locator('#storage-http-url');
      await url.fill('https://upload.image{key}it.io/api/v1/files/upload');

      for (const button of ['storage-save', 'storage-test'] as const) {
        await page.getByTestId(button).click();
        await expect(url).toHaveAttribute('aria-invalid', 'true');
        const message = page.locator(`[id="${await url.getAttribute('aria-describedby')}"]`);
        await expect(message).toHaveAttribute('data-issue', 'format');
        await expect(message).toContainText(tx.placeholder);
        await expect(message).toContainText('{key}');
        await expect(message).toContainText(tx.example);
        await expect(page.locator('.notice-stack .notice')).toHaveCount(0);
        await expect(page.getByTestId('storage-test-result')).toBeHidden();
        await url.fill('https://upload.image{key}it.io/api/v1/files/upload ');
        await url.fill('https://upload.image{key}it.io/api/v1/files/upload');
      }
      const saved = await page.evaluate(() => window.api.settings.get());
      expect(saved.ok && saved.value.storage.http.url).toBe('');
      expect(saved.ok && saved.value.storage.adapter).toBe('dashscope-temp');

      // In the path it is fine.
      await url.fill('https://upload.imagekit.io/api/v1/files/{key}');
      await page.getByTestId('storage-save').click();
      await expect(url).not.toHaveAttribute('aria-invalid', 'true');
      const after = await page.evaluate(() => window.api.settings.get());
      expect(after.ok && after.value.storage.http.url).toBe('https://upload.imagekit.io/api/v1/files/{key}');
    });
  });
}
