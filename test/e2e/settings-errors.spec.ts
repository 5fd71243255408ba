import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page, TestInfo } from '@playwright/test';
import { expect, test } from './fixtures';
import { ensureSecretsUsable } from './settings-helpers';

/**
 * Bad input in Settings, as a new user types it, in both languages: each mistake is said under
 * its field (what is wrong, what a valid value looks like), the field is marked for assistive
 * tech, nothing is saved, and no "malformed request" notice appears.
 */

const SHOTS = join(process.cwd(), 'test-results', 'screenshots');

const TEXT = {
  'en-US': {
    keyFormat: 'This is not an API key',
    keyShort: 'too short to be an API key',
    keyExample: 'starts with sk-',
    url: 'not a web address',
    urlExample: 'For example https://',
    required: 'This is required.',
    missing: /missing/i,
    incomplete: 'Some fields need attention',
    accessKeyLabel: 'Access key ID',
  },
  'zh-CN': {
    keyFormat: '这不是 API Key',
    keyShort: '内容太短，不是有效的 API Key',
    keyExample: '以 sk- 开头',
    url: '不是应用可以使用的网址',
    urlExample: '例如 https://',
    required: '此项为必填。',
    missing: /缺失|缺少/,
    incomplete: '部分字段需要修改',
    accessKeyLabel: 'Access Key ID',
  },
} as const;

/** The field is marked invalid and points at the message under it, which holds `parts`. */
async function expectFieldError(input: Locator, kind: string, parts: (string | RegExp)[]) {
  await expect(input).toHaveAttribute('aria-invalid', 'true');
  const id = await input.getAttribute('aria-describedby');
  expect(id).toBeTruthy();
  const message = input.page().locator(`[id="${id}"]`);
  await expect(message).toBeVisible();
  await expect(message).toHaveAttribute('data-issue', kind);
  for (const p of parts) await expect(message).toContainText(p);
  return message;
}

async function expectNoNotice(page: Page) {
  await expect(page.locator('.notice-stack .notice')).toHaveCount(0);
}

async function shoot(page: Page, target: Locator, name: string, info: TestInfo) {
  // The view scrolls inside the shell; a tall window shows the whole card.
  const viewport = page.viewportSize();
  await page.setViewportSize({ width: 1280, height: 2200 });
  for (const theme of ['light', 'dark'] as const) {
    await page.locator(`[data-theme-option="${theme}"]`).click();
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    const path = info.outputPath(`${name}-${theme}.png`);
    await target.screenshot({ path });
    mkdirSync(SHOTS, { recursive: true });
    copyFileSync(path, join(SHOTS, `${name}-${theme}.png`));
    await info.attach(`${name}-${theme}`, { path, contentType: 'image/png' });
  }
  await page.locator('[data-theme-option="light"]').click();
  if (viewport) await page.setViewportSize(viewport);
}

for (const locale of ['en-US', 'zh-CN'] as const) {
  const tx = TEXT[locale];
  const lang = locale === 'en-US' ? 'en' : 'zh-CN';

  test.describe(`bad input in Settings (${lang})`, () => {
    test.use({ harnessLocale: locale });

    test('API key "hello world" and "sk-0000": said under the key field, nothing saved', async ({
      page,
      harness,
    }, info) => {
      await harness.open(page, '#/settings');
      await ensureSecretsUsable(page);
      const input = page.getByTestId('api-key-input');
      const card = page.locator('[data-section="api-key"]');

      await input.fill('hello world');
      await page.getByTestId('api-key-save').click();
      await expectFieldError(input, 'format', [tx.keyFormat, tx.keyExample]);
      // The focus goes back to what needs fixing.
      await expect(input).toBeFocused();
      await expectNoNotice(page);
      await shoot(page, card, `settings-bad-key-${lang}`, info);

      // Editing the field takes the mark away; the next mistake gets its own words.
      await input.fill('sk-0000');
      await expect(input).not.toHaveAttribute('aria-invalid', 'true');
      await page.getByTestId('api-key-save').click();
      await expectFieldError(input, 'tooShort', [tx.keyShort]);
      await expectNoNotice(page);

      const status = await page.evaluate(() => window.api.secrets.status());
      expect(status.ok && status.value.apiKey.set).toBe(false);

      // A valid key is accepted and the field is clear again.
      await input.fill('sk-sim0000000000000000000000000001');
      await page.getByTestId('api-key-save').click();
      await expect(page.getByTestId('api-key-status')).toContainText('0001');
      await expect(input).not.toHaveAttribute('aria-invalid', 'true');
    });

    test('endpoint "not a url" and "ftp://example": said under the endpoint field, neither saved nor tested', async ({
      page,
      harness,
    }, info) => {
      await harness.open(page, '#/settings');
      await ensureSecretsUsable(page);
      const before = await page.evaluate(() => window.api.settings.get());
      await page.getByTestId('region-select').selectOption('custom');
      const url = page.getByTestId('custom-url');
      const card = page.locator('[data-section="api-key"]');

      await url.fill('not a url');
      await page.getByTestId('api-key-save').click();
      await expectFieldError(url, 'url', [tx.url, tx.urlExample]);
      await expectNoNotice(page);
      await shoot(page, card, `settings-bad-endpoint-${lang}`, info);

      await url.fill('ftp://example');
      await page.getByTestId('api-key-save').click();
      await expectFieldError(url, 'url', [tx.url]);
      // Test key checks the same thing first and sends nothing.
      await page.getByTestId('api-key-input').fill('sk-sim0000000000000000000000000001');
      await url.fill('ftp://example');
      await page.getByTestId('api-key-test').click();
      await expectFieldError(url, 'url', [tx.url]);
      await expect(page.getByTestId('api-key-test-result')).toBeHidden();
      await expectNoNotice(page);

      // An empty endpoint for the custom region is "required", not a malformed request.
      await url.fill('');
      await page.getByTestId('api-key-save').click();
      await expectFieldError(url, 'required', [tx.required]);

      const after = await page.evaluate(() => window.api.settings.get());
      // (The screenshots switched the theme; the endpoint is what must be as it was.)
      expect(after.ok && after.value.dashscope).toEqual(before.ok && before.value.dashscope);

      // A workspace ID main refuses comes back under its own field, worded, not as a notice.
      await url.fill(harness.sims.beijing.baseUrl);
      await page.getByTestId('api-key-input').fill('');
      const workspace = page.getByTestId('workspace-input');
      await workspace.fill('llm 1');
      await page.getByTestId('api-key-save').click();
      await expectFieldError(workspace, 'format', ['llm-a1b2c3d4']);
      await expectNoNotice(page);
      // Test key sends the workspace on screen too; its refusal lands under the same field.
      await page.getByTestId('api-key-input').fill('sk-sim0000000000000000000000000001');
      await workspace.fill('llm 2');
      await page.getByTestId('api-key-test').click();
      await expectFieldError(workspace, 'format', ['llm-a1b2c3d4']);
      await expect(page.getByTestId('api-key-test-result')).toBeHidden();
      await expectNoNotice(page);
    });

    test('S3: an empty form and an endpoint "not a url" are said field by field; the live target stays', async ({
      page,
      harness,
    }, info) => {
      await harness.open(page, '#/settings');
      await ensureSecretsUsable(page);
      const section = page.locator('[data-section="storage"]');
      await section.locator('[data-adapter="s3"] input').check();
      await expect(section).toHaveAttribute('data-live', 'dashscope-temp');
      const form = section.locator('[data-adapter-form="s3"]');

      await page.getByTestId('storage-save').click();
      await expectFieldError(form.locator('#storage-s3-endpoint'), 'required', [tx.required]);
      await expectFieldError(form.locator('#storage-s3-bucket'), 'required', [tx.required]);
      await expectFieldError(form.locator('#storage-s3-accessKeyId'), 'required', [tx.required]);
      await expectFieldError(form.locator('#storage-s3-secretAccessKey'), 'required', [tx.required]);
      await expect(form.locator('#storage-s3-endpoint')).toBeFocused();
      // Said next to its on-screen label, not by its id.
      await expect(form.locator('[data-field="accessKeyId"] label')).toContainText(tx.accessKeyLabel);
      await expect(section).not.toContainText('accessKeyId');
      await expect(page.getByTestId('storage-incomplete')).toContainText(tx.incomplete);
      await expectNoNotice(page);
      await shoot(page, section, `settings-empty-s3-${lang}`, info);

      // Test does not save an incomplete form, nor test it.
      await page.getByTestId('storage-test').click();
      await expect(page.getByTestId('storage-test-result')).toBeHidden();
      await expect(section).toHaveAttribute('data-live', 'dashscope-temp');

      const endpoint = form.locator('#storage-s3-endpoint');
      await endpoint.fill('not a url');
      await form.locator('#storage-s3-bucket').fill('sketches');
      await form.locator('#storage-s3-accessKeyId').fill('AKIAEXAMPLE');
      await form.locator('#storage-s3-secretAccessKey').fill('secret-example');
      await page.getByTestId('storage-save').click();
      const message = await expectFieldError(endpoint, 'url', [tx.url]);
      await expect(message).not.toContainText(tx.missing);
      await expect(form.locator('#storage-s3-bucket')).not.toHaveAttribute('aria-invalid', 'true');
      await expectNoNotice(page);

      const saved = await page.evaluate(() => window.api.settings.get());
      expect(saved.ok && saved.value.storage.adapter).toBe('dashscope-temp');
      expect(saved.ok && saved.value.storage.s3.endpoint).toBe('');
      const storage = await page.evaluate(() => window.api.storage.status());
      expect(storage.ok && storage.value.secrets['s3.accessKeyId']?.set).toBeFalsy();
    });

    test('custom HTTP: a header name main refuses is said under that header, from the path main sends', async ({
      page,
      harness,
    }) => {
      await harness.open(page, '#/settings');
      await ensureSecretsUsable(page);
      const section = page.locator('[data-section="storage"]');
      await section.locator('[data-adapter="http"] input').check();
      const form = section.locator('[data-adapter-form="http"]');
      await form.locator('#storage-http-url').fill('not a url');
      await page.getByTestId('storage-save').click();
      await expectFieldError(form.locator('#storage-http-url'), 'url', [tx.url]);

      await form.locator('#storage-http-url').fill('http://127.0.0.1:9/upload/{key}');
      await form.locator('[data-testid="headers-editor"] button.subtle').last().click();
      const name = form.locator('[data-header="0"] input[type="text"]').first();
      await name.fill('X Bad Header');
      await page.getByTestId('storage-save').click();
      // Only main's schema knows what a header name may hold: its issue path finds the field.
      await expectFieldError(name, 'format', ['Authorization']);
      await expectNoNotice(page);
      const saved = await page.evaluate(() => window.api.settings.get());
      expect(saved.ok && saved.value.storage.http.headers).toEqual([]);
      expect(saved.ok && saved.value.storage.adapter).toBe('dashscope-temp');
    });
  });
}
