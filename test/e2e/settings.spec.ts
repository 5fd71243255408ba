import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import { expect, test } from './fixtures';
import { ensureSecretsUsable } from './settings-helpers';

const BEIJING_KEY = 'sk-sim0000000000000000000000000001';
const INTL_KEY = 'sk-intl-harness-0000000000000000';

test('API key: write-only entry, masked tail, and each Test key outcome in its own words', async ({
  page,
  harness,
}) => {
  await harness.open(page, '#/settings');
  const section = page.locator('[data-section="api-key"]');
  await expect(section).toBeVisible();
  await ensureSecretsUsable(page);
  await expect(page.getByTestId('api-key-status')).toHaveText('No key saved yet');

  await page.getByTestId('api-key-input').fill(BEIJING_KEY);
  await page.getByTestId('api-key-save').click();
  await expect(page.getByTestId('api-key-status')).toHaveText(/^Key (saved|kept for this session), ending in 0001$/);
  await expect(page.getByTestId('api-key-input')).toHaveValue('');
  // The renderer never holds the key again: not in the page, not in any answer from main.
  expect(await page.content()).not.toContain(BEIJING_KEY);
  const status = await page.evaluate(() => window.api.secrets.status());
  expect(JSON.stringify(status)).not.toContain(BEIJING_KEY);

  const result = page.getByTestId('api-key-test-result');
  await page.getByTestId('api-key-test').click();
  await expect(result).toHaveAttribute('data-code', 'ok');
  await expect(result).toContainText('The key works');

  await page.getByTestId('api-key-input').fill(INTL_KEY);
  await page.getByTestId('api-key-test').click();
  await expect(result).toHaveAttribute('data-code', 'secrets.keyWrongRegion');
  await expect(result).toContainText('Singapore');

  await page.getByTestId('api-key-input').fill('sk-nobody-knows-this-000000000');
  await page.getByTestId('api-key-test').click();
  await expect(result).toHaveAttribute('data-code', 'secrets.keyInvalid');
  await expect(result).toContainText('rejected');

  // Test key tests the endpoint on screen, saved or not, and saves nothing. Keys are kept per
  // endpoint: the Beijing key is not offered to a custom one, so the key is typed again.
  await page.getByTestId('region-select').selectOption('custom');
  await page.getByTestId('custom-url').fill('http://127.0.0.1:9/api/v1');
  await expect(page.getByTestId('api-key-status')).toHaveText('No key saved yet');
  await page.getByTestId('api-key-input').fill(BEIJING_KEY);
  await page.getByTestId('api-key-test').click();
  await expect(result).toHaveAttribute('data-code', 'secrets.keyNetwork');
  await expect(result).toContainText('http://127.0.0.1:9/api/v1');
  const unsaved = await page.evaluate(() => window.api.settings.get());
  expect(unsaved.ok && unsaved.value.dashscope.region).toBe('cn-beijing');
  await expect(page.getByTestId('api-key-unsaved')).toBeVisible();

  // Simulator as a custom endpoint works like any region; one Save keeps the card (key included).
  await page.getByTestId('custom-url').fill(harness.sims.beijing.baseUrl);
  await page.getByTestId('workspace-input').fill('llm-simworkspace');
  await page.getByTestId('api-key-save').click();
  await expect(page.getByTestId('api-key-saved')).toBeVisible();
  await expect(page.getByTestId('api-key-input')).toHaveValue('');
  await expect(page.getByTestId('api-key-status')).toContainText('0001');
  const saved = await page.evaluate(() => window.api.settings.get());
  expect(saved.ok && saved.value.dashscope).toEqual({
    region: 'custom',
    customBaseUrl: harness.sims.beijing.baseUrl,
    workspaceId: 'llm-simworkspace',
  });
  await page.getByTestId('api-key-test').click();
  await expect(result).toHaveAttribute('data-code', 'ok');

  await page.getByTestId('api-key-remove').click();
  await expect(page.getByTestId('api-key-status')).toHaveText('No key saved yet');
});

test.describe('without an OS keychain', () => {
  test.use({ harnessNoKeychain: true, harnessEnv: { DASHSCOPE_API_KEY: BEIJING_KEY } });

  test('says so with the fix, offers session-only storage, then the first-run import', async ({ page, harness }) => {
    await harness.open(page, '#/settings');
    const banner = page.getByTestId('keychain-unavailable');
    await expect(banner).toContainText('No OS keychain available');
    await expect(banner).toContainText('gnome-keyring');
    await expect(page.getByTestId('import-offer')).toBeHidden();
    // The key field is not dead: it explains how to keep a key, and a typed key can be tested.
    const intro = page.getByTestId('api-key-intro');
    await expect(intro).toContainText('Keep for this session only');
    await expect(intro).not.toContainText('Stored in your OS keychain');
    await page.getByTestId('api-key-input').fill(BEIJING_KEY);
    await page.getByTestId('api-key-test').click();
    await expect(page.getByTestId('api-key-test-result')).toHaveAttribute('data-code', 'ok');
    // Saving without a keychain says what to do, under the field.
    await page.getByTestId('api-key-save').click();
    await expect(page.getByTestId('api-key-problem')).toHaveAttribute('data-code', 'secrets.keychainUnavailable');
    await expect(page.getByTestId('api-key-status')).toHaveText('No key saved yet');
    await page.getByTestId('api-key-input').fill('');

    await page.getByTestId('keychain-session-only').click();
    await expect(page.getByTestId('keychain-session')).toContainText('this session only');
    await expect(intro).not.toContainText('keychain');
    await expect(intro).toContainText('never shows the key again');
    const offer = page.getByTestId('import-offer');
    await expect(offer).toContainText('DASHSCOPE_API_KEY');
    await expect(offer).toContainText('0001');
    await page.getByTestId('import-accept').click();
    await expect(offer).toBeHidden();
    await expect(page.getByTestId('api-key-status')).toHaveText('Key kept for this session, ending in 0001');
  });
});

test('storage: dev-only note, S3 form generated from the declaration, secrets write-only, test against s3rver', async ({
  page,
  harness,
}) => {
  const s3 = new S3rver({
    port: 0,
    address: '127.0.0.1',
    silent: true,
    directory: mkdtempSync(join(tmpdir(), 's3rver-e2e-')),
    configureBuckets: [{ name: 'sketches', configs: [] }],
  });
  const { port } = await s3.run();
  const endpoint = `http://127.0.0.1:${port}`;
  try {
    await harness.open(page, '#/settings');
    await ensureSecretsUsable(page);
    const section = page.locator('[data-section="storage"]');
    await expect(section.locator('[data-adapter="dashscope-temp"]')).toHaveClass(/active/);
    await expect(page.getByTestId('dev-only-note')).toContainText('development and testing');

    await section.locator('[data-adapter="s3"] input').check();
    await expect(page.getByTestId('dev-only-note')).toBeHidden();
    // Choosing is not switching: uploads go where they went until the form is saved.
    await expect(section).toHaveAttribute('data-live', 'dashscope-temp');
    const form = section.locator('[data-adapter-form="s3"]');
    for (const key of [
      'endpoint',
      'region',
      'bucket',
      'prefix',
      'pathStyle',
      'accessKeyId',
      'secretAccessKey',
      'presignHours',
      'deleteAfterTask',
    ]) {
      await expect(form.locator(`[data-field="${key}"]`)).toBeVisible();
    }
    await form.locator('#storage-s3-endpoint').fill(endpoint);
    await form.locator('#storage-s3-bucket').fill('sketches');
    await form.locator('#storage-s3-pathStyle').check();

    await form.locator('#storage-s3-accessKeyId').fill('S3RVER');
    await form.locator('#storage-s3-secretAccessKey').fill('S3RVER');

    // Test checks what is on screen, typed secrets included, and saves nothing.
    const result = page.getByTestId('storage-test-result');
    await page.getByTestId('storage-test').click();
    await expect(result).toHaveAttribute('data-code', 'ok');
    await expect(result).toContainText(endpoint);
    await expect(section).toHaveAttribute('data-live', 'dashscope-temp');
    const untouched = await page.evaluate(() => window.api.settings.get());
    expect(untouched.ok && untouched.value.storage.s3.endpoint).toBe('');
    const noSecrets = await page.evaluate(() => window.api.storage.status());
    expect(noSecrets.ok && noSecrets.value.secrets['s3.secretAccessKey']?.set).toBeFalsy();

    await page.getByTestId('storage-save').click();
    await expect(page.getByTestId('storage-saved')).toBeVisible();
    await expect(section).toHaveAttribute('data-live', 's3');
    await expect(form.locator('[data-field="secretAccessKey"] .status')).toHaveText(
      /^(Saved in keychain|Kept for this session)$/,
    );
    await expect(form.locator('#storage-s3-secretAccessKey')).toHaveValue('');
    await page.getByTestId('storage-test').click();
    await expect(result).toHaveAttribute('data-code', 'ok');

    // An unsaved bucket name is what gets tested, with the saved secrets.
    await form.locator('#storage-s3-bucket').fill('missing-bucket');
    await page.getByTestId('storage-test').click();
    await expect(result).toHaveAttribute('data-code', 'storage.noSuchBucket');
    await expect(result).toContainText(endpoint);
    await expect(result).toContainText('missing-bucket');

    // Secrets are kept for the address they were saved with: another address needs them again.
    await form.locator('#storage-s3-bucket').fill('sketches');
    await form.locator('#storage-s3-endpoint').fill(`http://localhost:${port}`);
    await expect(form.locator('[data-field="accessKeyId"] .status')).toHaveText('Not set');
    await page.getByTestId('storage-test').click();
    await expect(form.locator('#storage-s3-accessKeyId')).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByTestId('storage-problem')).toContainText('Access key ID');
    await expect(page.getByTestId('storage-problem')).toContainText('Enter it again for this address');
    await expect(result).toBeHidden();
    await form.locator('#storage-s3-endpoint').fill(endpoint);
    await expect(form.locator('[data-field="accessKeyId"] .status')).not.toHaveText('Not set');

    const saved = await page.evaluate(() => window.api.settings.get());
    expect(saved.ok && saved.value.storage).toMatchObject({
      adapter: 's3',
      s3: { endpoint, bucket: 'sketches', pathStyle: true },
    });
    expect(JSON.stringify(saved)).not.toContain('S3RVER');
  } finally {
    await s3.close();
  }
});

test('custom HTTP form: method-dependent fields and secret headers', async ({ page, harness }) => {
  await harness.open(page, '#/settings');
  await ensureSecretsUsable(page);
  const section = page.locator('[data-section="storage"]');
  await section.locator('[data-adapter="http"] input').check();
  const form = section.locator('[data-adapter-form="http"]');
  await expect(form.locator('[data-field="fileField"]')).toBeHidden();
  await form.locator('#storage-http-method').selectOption('POST');
  await expect(form.locator('[data-field="fileField"]')).toBeVisible();
  await form.locator('#storage-http-urlSource').selectOption('location');
  await expect(form.locator('[data-field="jsonPath"]')).toBeHidden();

  await form.locator('#storage-http-url').fill('http://127.0.0.1:9/upload');
  await form.getByRole('button', { name: 'Add header' }).click();
  const row = form.locator('.header-row').first();
  await row.getByPlaceholder('Header name').fill('Authorization');
  await row.getByRole('checkbox').check();
  await row.locator('input[type="password"]').fill('Bearer secret-token-0123456789');
  await page.getByTestId('storage-save').click();
  await expect(row.locator('.status')).toHaveText(/^(Saved in keychain|Kept for this session), ending in 6789$/);

  const saved = await page.evaluate(() => window.api.settings.get());
  expect(saved.ok && saved.value.storage.http.headers).toEqual([{ name: 'Authorization', secret: true }]);
  expect(JSON.stringify(saved)).not.toContain('secret-token');

  await page.getByTestId('storage-test').click();
  const result = page.getByTestId('storage-test-result');
  await expect(result).toHaveAttribute('data-code', 'storage.unreachable');
  // Worded for a connection test: there is no sketch to keep.
  await expect(result).toContainText('Could not reach');
  await expect(result).not.toContainText('sketch');
});

test('screenshots of the settings view in both themes', async ({ page, harness }) => {
  await harness.open(page, '#/settings');
  await ensureSecretsUsable(page);
  await page.getByTestId('api-key-input').fill(BEIJING_KEY);
  await page.getByTestId('api-key-save').click();
  await expect(page.getByTestId('api-key-status')).toContainText('0001');
  // The view scrolls inside the shell, so a tall window shows all of it at once.
  await page.setViewportSize({ width: 1280, height: 2200 });
  for (const theme of ['light', 'dark'] as const) {
    await page.locator(`[data-theme-option="${theme}"]`).click();
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    await page.screenshot({ path: test.info().outputPath(`settings-${theme}.png`) });
  }
  await page.locator('[data-section="storage"] [data-adapter="s3"] input').check();
  await page.locator('[data-section="storage"]').screenshot({ path: test.info().outputPath('settings-s3-dark.png') });
});
