import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { readPngText } from '../../src-main/gallery/png-text';
import { addInput, solidPng, type InputOptions } from '../integration/gallery/fixtures';
import { drawStroke, storeCall, waitSaved } from './canvas-helpers';
import { expect, test, type Harness } from './fixtures';

interface Seed extends InputOptions {
  task: string;
  favourite?: boolean;
  /** Edge of the stored sketch (96 px by default; the API takes 256–2048). */
  sketchPx?: number;
}

/** Real entries through GalleryService.add (what the job queue calls), oldest first. */
async function seed(harness: Harness, items: Seed[]): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  for (const item of items) {
    const input = await addInput(item.task, item);
    const sketchPng = item.sketchPx ? await solidPng(255, 255, 255, item.sketchPx) : input.sketchPng;
    const { id } = await harness.server.services.gallery.add({ ...input, sketchPng });
    if (item.favourite) await harness.server.services.gallery.setFavourite([id], true);
    ids[item.task] = id;
  }
  return ids;
}

const standard: Seed[] = [
  { task: 'cat-en', prompt: 'a red cat on a roof', style: '<watercolor>', n: 2 },
  { task: 'cat-zh', prompt: '屋顶上的红猫', style: '<anime>', n: 2, failed: [1] },
  { task: 'cafe', prompt: 'Café at night', style: '<oil painting>', n: 1, favourite: true },
  { task: 'light-a', prompt: 'a lighthouse', style: '<sketch>', n: 2, setId: 'set-light' },
  { task: 'light-b', prompt: 'a lighthouse', style: '<flat illustration>', n: 2, setId: 'set-light' },
];

const tiles = (page: Page) => page.getByTestId('gallery-tile');
const tileIds = (page: Page) => tiles(page).evaluateAll((els) => els.map((e) => e.getAttribute('data-id') ?? ''));

async function openGallery(page: Page, harness: Harness) {
  await harness.open(page, '#/gallery');
  await page.getByTestId('gallery-grid').waitFor();
}

test('browse newest first, search in English and Chinese, filter, favourite with a click and the . key', async ({
  page,
  harness,
}) => {
  const ids = await seed(harness, standard);
  await openGallery(page, harness);
  await expect(page.getByTestId('gallery-count')).toHaveText('5 generations');
  expect(await tileIds(page)).toEqual([ids['light-b'], ids['light-a'], ids.cafe, ids['cat-zh'], ids['cat-en']]);
  // Each tile: the result thumbnail and the sketch inset really load from the gallery.
  const first = tiles(page).first();
  await expect
    .poll(() => first.locator('img').evaluateAll((imgs) => imgs.map((i) => (i as HTMLImageElement).naturalWidth)))
    .toEqual([64, 96]); // thumbnails are never upscaled
  await expect(page.locator(`[data-id="${ids['cat-zh']}"] [data-testid="tile-status"]`)).toHaveText('Partial');

  const search = page.getByTestId('gallery-search');
  await search.fill('RED CAT');
  await expect.poll(() => tileIds(page)).toEqual([ids['cat-en']]);
  await search.fill('红猫');
  await expect.poll(() => tileIds(page)).toEqual([ids['cat-zh']]);
  await search.fill('cafe'); // diacritic-insensitive
  await expect.poll(() => tileIds(page)).toEqual([ids.cafe]);
  await search.fill('nothing like this');
  await expect(page.getByTestId('gallery-nomatch')).toBeVisible();
  await page.getByRole('button', { name: 'Clear search and filters' }).click();
  await expect(tiles(page)).toHaveCount(5);

  await page.getByTestId('filter-style').selectOption('<anime>');
  await expect.poll(() => tileIds(page)).toEqual([ids['cat-zh']]);
  await page.getByTestId('filter-style').selectOption('');
  await page.getByTestId('filter-status').selectOption('partial');
  await expect.poll(() => tileIds(page)).toEqual([ids['cat-zh']]);
  await page.getByTestId('filter-status').selectOption('');
  const today = new Date();
  const ymd = (d: Date) =>
    `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  await page.getByTestId('filter-to').fill(ymd(new Date(today.getTime() - 2 * 86400_000)));
  await expect(page.getByTestId('gallery-nomatch')).toBeVisible();
  await page.getByTestId('filter-to').fill(ymd(today));
  await expect(tiles(page)).toHaveCount(5);
  await page.getByTestId('filter-favourite').check();
  await expect.poll(() => tileIds(page)).toEqual([ids.cafe]);
  await page.getByTestId('filter-favourite').uncheck();
  await expect(tiles(page)).toHaveCount(5);

  // Star by click; it reaches meta.json.
  await page.locator(`[data-id="${ids['cat-en']}"] [data-testid="tile-star"]`).click();
  await expect(page.locator(`[data-id="${ids['cat-en']}"] [data-testid="tile-star"]`)).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await expect.poll(async () => (await harness.server.services.gallery.get(ids['cat-en']!)).favourite).toBe(true);
  // Keyboard: from the first tile, arrows move, Shift extends, '.' stars the selection.
  await page.getByTestId('gallery-grid').focus();
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Shift+ArrowRight');
  await expect(page.getByTestId('selection-bar')).toContainText('2 selected');
  await page.keyboard.press('.');
  await expect
    .poll(async () => (await harness.server.services.gallery.list({ favourite: true })).entries.map((e) => e.id).sort())
    .toEqual([ids['light-a'], ids.cafe, ids['cat-en']].sort());
  // Ctrl-click adds one more to the selection.
  await tiles(page)
    .nth(4)
    .click({ modifiers: ['Control'] });
  await expect(page.getByTestId('selection-bar')).toContainText('3 selected');
  // The thumbnail size slider changes the columns.
  const x = () =>
    tiles(page)
      .nth(1)
      .evaluate((e) => e.getBoundingClientRect().left);
  const before = await x();
  await page.getByTestId('thumb-size').fill('320');
  await expect.poll(x).toBeGreaterThan(before);
});

test('detail: sketch beside results, compare slider, side by side, every parameter, copy prompt, task ids, tags', async ({
  page,
  harness,
  context,
}) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: harness.server.url });
  const ids = await seed(harness, standard);
  await openGallery(page, harness);
  await tiles(page).nth(3).click();
  const detail = page.getByTestId('gallery-detail');
  await expect(detail).toHaveAttribute('data-id', ids['cat-zh']!);
  await expect(page.getByTestId('detail-prompt')).toHaveText('屋顶上的红猫');
  await expect(page.getByTestId('detail-params')).toContainText('Anime');
  await expect(page.getByTestId('detail-params')).toContainText('Sketch weight7');
  await expect(page.getByTestId('detail-sketch')).toHaveJSProperty('naturalWidth', 96);
  await expect(page.getByTestId('strip-1')).toBeDisabled(); // the failed image
  await page.getByTestId('task-details').locator('summary').click();
  await expect(page.getByTestId('task-details')).toContainText('cat-zh');
  await expect(page.getByTestId('task-details')).toContainText('req-cat-zh');

  await page.getByTestId('copy-prompt').click();
  await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe('屋顶上的红猫');

  await page.getByTestId('mode-side').click();
  await expect(page.getByTestId('side-by-side').locator('img')).toHaveCount(2); // sketch + the one result

  // Compare sketch ↔ result with the slider.
  await page.getByTestId('mode-compare').click();
  const over = page.getByTestId('compare-right');
  await expect(over).toHaveAttribute('src', /result-0\.png$/);
  await expect(over).toHaveCSS('clip-path', 'inset(0px 0px 0px 50%)');
  await page.getByTestId('compare-range').fill('20');
  await expect(over).toHaveCSS('clip-path', 'inset(0px 0px 0px 20%)');
  await expect(page.getByTestId('compare').locator('img').first()).toHaveAttribute('src', /sketch\.png$/);

  // Tags land in meta.json and are searchable.
  await page.getByTestId('tag-input').fill('猫咪');
  await page.getByTestId('tag-input').press('Enter');
  await expect(page.getByTestId('detail-tags')).toContainText('猫咪');
  expect((await harness.server.services.gallery.get(ids['cat-zh']!)).tags).toEqual(['猫咪']);

  // Result ↔ result on a generation with two images.
  await page.getByTestId('detail-back').click();
  await tiles(page).nth(4).click();
  await page.getByTestId('mode-compare').click();
  await page.getByTestId('compare-left').selectOption('1');
  await expect(page.getByTestId('compare').locator('img').first()).toHaveAttribute('src', /result-1\.png$/);
  await expect(over).toHaveAttribute('src', /result-0\.png$/);
});

test('export: PNG with the parameters in text chunks, sidecar JSON, zip of a selection', async ({ page, harness }) => {
  const ids = await seed(harness, standard);
  const out = join(harness.dataDir, 'exports');
  mkdirSync(out, { recursive: true });
  await openGallery(page, harness);
  await tiles(page).nth(4).click();
  harness.server.desktop.savePaths.push(join(out, 'cat.png'));
  await page.getByTestId('export-sidecar').check();
  await page.getByTestId('export-png').click();
  await expect(page.locator('.notice.info')).toContainText('Saved cat.png');
  const texts = readPngText(readFileSync(join(out, 'cat.png')));
  const byKey = Object.fromEntries(texts.map((t) => [t.keyword, t.text]));
  expect(byKey.Description).toBe('a red cat on a roof');
  expect(byKey.parameters).toContain('Style: <watercolor>');
  expect(byKey.parameters).toContain('Task id: cat-en');
  expect(JSON.parse(byKey['wanx-sketch-studio']!).params.sketchWeight).toBe(7);
  expect(JSON.parse(readFileSync(join(out, 'cat.json'), 'utf8')).id).toBe(ids['cat-en']);

  await page.getByTestId('detail-back').click();
  await tiles(page)
    .nth(0)
    .click({ modifiers: ['ControlOrMeta'] });
  await tiles(page)
    .nth(1)
    .click({ modifiers: ['Shift'] });
  harness.server.desktop.savePaths.push(join(out, 'two.zip'));
  await page.getByTestId('selection-zip').click();
  await expect(page.locator('.notice.info').last()).toContainText('Saved two.zip');
  const zip = readFileSync(join(out, 'two.zip'));
  expect(zip.subarray(0, 2).toString()).toBe('PK');
  expect(zip.includes(Buffer.from(`${ids['light-a']}/meta.json`))).toBe(true);
  expect(zip.includes(Buffer.from(`${ids['light-b']}/meta.json`))).toBe(true);

  await page.getByTestId('selection-bar').waitFor();
  await tiles(page).nth(0).click();
  await page.getByTestId('reveal').click();
  await expect.poll(() => harness.server.desktop.shownInFolder.length).toBe(1);
  expect(harness.server.desktop.shownInFolder[0]).toContain(ids['light-b']);
});

test('delete with the Delete key and undo; the files come back', async ({ page, harness }) => {
  const ids = await seed(harness, standard);
  await openGallery(page, harness);
  await page.getByTestId('gallery-grid').focus();
  await page.keyboard.press('ArrowDown'); // one row of five: nothing below, the focus stays
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Delete');
  await expect(page.getByTestId('gallery-undo')).toContainText('Moved one generation to the trash');
  await expect.poll(() => tileIds(page)).toEqual([ids['light-b'], ids.cafe, ids['cat-zh'], ids['cat-en']]);
  expect((await harness.server.services.gallery.list()).all).toBe(4);
  await page.getByTestId('gallery-undo-button').click();
  await expect(page.locator('.notice.info')).toContainText('Restored one generation');
  await expect(tiles(page)).toHaveCount(5);
  expect((await harness.server.services.gallery.get(ids['light-a']!)).params.style).toBe('<sketch>');
  // From the detail view too.
  await tiles(page).nth(2).click();
  await page.getByTestId('detail-delete').click();
  await expect(page.getByTestId('gallery-detail')).toHaveCount(0);
  await expect(tiles(page)).toHaveCount(4);
});

test('remix into Draw: the scene opens as a new draft and the parameters wait for the Generate panel', async ({
  page,
  harness,
}) => {
  await harness.open(page);
  await page.locator('canvas.upper-canvas').waitFor();
  await waitSaved(page);
  await drawStroke(page, [
    [100, 100],
    [400, 300],
  ]);
  await drawStroke(page, [
    [200, 500],
    [500, 500],
  ]);
  await waitSaved(page);
  const drawn = await harness.server.services.drafts.openLast();
  await seed(harness, [{ task: 'remix-me', prompt: '一只猫 remix', style: '<anime>', n: 2, scene: drawn!.scene }]);
  const draftsBefore = (await harness.server.services.drafts.list()).drafts.length;

  await page.locator('[data-nav="gallery"]').click();
  await page.getByTestId('gallery-grid').waitFor();
  await tiles(page).first().click();
  await page.getByTestId('remix-all').click();
  await expect(page).toHaveURL(/#\/draw$/);
  await expect(page.getByTestId('current-draft')).toHaveText('Remix: 一只猫 remix');
  await expect(page.getByTestId('object-count')).toHaveText('2 objects');
  expect((await harness.server.services.drafts.list()).drafts.length).toBe(draftsBefore + 1);
  // The Generate panel took every parameter: prompt, style, count.
  await expect(page.getByTestId('prompt-input')).toHaveValue('一只猫 remix');
  await expect(page.locator('[data-style="<anime>"]')).toHaveAttribute('aria-checked', 'true');
  await expect(page.locator('[aria-labelledby="gen-n"] [aria-checked="true"]')).toHaveText('2');
  const pending = (await page.evaluate(`(() => {
    const app = document.querySelector('#app').__vue_app__;
    const remix = app.config.globalProperties.$pinia._s.get('remix');
    return { pendingRemix: remix.pendingRemix, revision: remix.revision };
  })()`)) as { pendingRemix: unknown; revision: number };
  expect(pending).toEqual({ pendingRemix: null, revision: 1 });

  // "Use prompt only" makes no draft.
  await page.getByTestId('prompt-input').fill('something else');
  await page.locator('[data-style="<sketch>"]').click();
  await page.locator('[data-nav="gallery"]').click();
  await tiles(page).first().click();
  await page.getByTestId('remix-prompt').click();
  await expect(page).toHaveURL(/#\/draw$/);
  // Only the prompt comes back; the style the user picked stays.
  await expect(page.getByTestId('prompt-input')).toHaveValue('一只猫 remix');
  await expect(page.locator('[data-style="<sketch>"]')).toHaveAttribute('aria-checked', 'true');
  expect((await harness.server.services.drafts.list()).drafts.length).toBe(draftsBefore + 1);
});

test('a remixed draft shows its preview in the Drafts panel at once, and on disk, before any edit', async ({
  page,
  harness,
}) => {
  await harness.open(page);
  await page.locator('canvas.upper-canvas').waitFor();
  await waitSaved(page);
  await drawStroke(page, [
    [100, 100],
    [400, 300],
  ]);
  await waitSaved(page);
  const drawn = await harness.server.services.drafts.openLast();
  await seed(harness, [
    { task: 'remix-thumb', prompt: 'a remixed preview', style: '<anime>', n: 1, scene: drawn!.scene },
  ]);

  await page.locator('[data-nav="gallery"]').click();
  await page.getByTestId('gallery-grid').waitFor();
  await tiles(page).first().dblclick();
  await page.getByTestId('remix-sketch').click();
  await expect(page.getByTestId('current-draft')).toHaveText('Remix: a remixed preview');
  // Saved, and the list's preview is exactly a thumbnail of the page now (no stroke was added).
  await expect
    .poll(() =>
      page.evaluate((s) => {
        const c = new Function(`return ${s}`)();
        const status = document.querySelector('[data-testid="save-status"]')?.getAttribute('data-status');
        const img = document.querySelector<HTMLImageElement>('[data-testid="drafts-list"] li[aria-current="true"] img');
        return status === 'saved' && img?.getAttribute('src') === c.controller.thumbnail();
      }, storeCall),
    )
    .toBe(true);
  const remixed = (await harness.server.services.drafts.list()).drafts.find(
    (d) => d.name === 'Remix: a remixed preview',
  );
  expect(remixed?.thumbnail).toMatch(/^data:image\/png;base64,/);
});

test('generate again: one click queues the stored sketch with the same parameters', async ({ page, harness }) => {
  const ids = await seed(harness, [
    { task: 'again', prompt: '再来一次 again', style: '<oil painting>', n: 3, sketchPx: 768 },
  ]);
  const before = harness.server.services.jobs.snapshot().jobs.length;
  await openGallery(page, harness);
  await tiles(page).first().click();
  await expect(page.getByTestId('gallery-detail')).toHaveAttribute('data-id', ids.again!);
  await page.getByTestId('regenerate').click();
  await expect(page.locator('.notice.info')).toContainText('Queued again with the same parameters');
  const jobs = harness.server.services.jobs.snapshot().jobs;
  expect(jobs.length).toBe(before + 1);
  const stored = await harness.server.services.gallery.get(ids.again!);
  expect(jobs.at(-1)!.params).toEqual(stored.params);
});

test('a set opens as a contact sheet, one row per style', async ({ page, harness }) => {
  const ids = await seed(harness, standard);
  await openGallery(page, harness);
  await page.locator(`[data-id="${ids['light-a']}"]`).click();
  await page.getByTestId('open-set').click();
  const sheet = page.getByTestId('contact-sheet');
  await expect(sheet.getByTestId('sheet-row')).toHaveCount(2);
  await expect(sheet.getByTestId('sheet-row').nth(0)).toContainText('Pencil sketch');
  await expect(sheet.getByTestId('sheet-row').nth(1)).toContainText('Flat illustration');
  await expect(sheet.getByTestId('sheet-image')).toHaveCount(4);
  await sheet.getByTestId('sheet-by-weight').click();
  await expect(sheet.getByTestId('sheet-row')).toHaveCount(1);
  await sheet.getByTestId('sheet-image').first().click();
  await expect(page.getByTestId('gallery-detail')).toBeVisible();
});

test('empty gallery, then quarantine is listed with its reason', async ({ page, harness }) => {
  await openEmpty(page, harness);
  const bad = join(harness.server.services.gallery.folder, '2026', '12', '20261201-000000-broken');
  mkdirSync(bad, { recursive: true });
  writeFileSync(join(bad, 'meta.json'), '{ damaged');
  await seed(harness, [standard[0]!]);
  await harness.restart();
  await openGallery(page, harness);
  await expect(page.getByTestId('gallery-problems')).toContainText('One folder could not be read');
  await page.getByTestId('gallery-problems').getByRole('button', { name: 'Show' }).click();
  await expect(page.getByTestId('gallery-problems')).toContainText('meta.json is damaged');
});

async function openEmpty(page: Page, harness: Harness) {
  await harness.open(page, '#/gallery');
  await expect(page.getByTestId('gallery-empty')).toContainText('Your gallery is empty');
}

test('Settings: the gallery folder moves through main’s folder dialog', async ({ page, harness }) => {
  const ids = await seed(harness, standard.slice(0, 2));
  await harness.open(page, '#/settings');
  const row = page.getByTestId('gallery-folder');
  await expect(row.getByTestId('gallery-folder-path')).toHaveText(join(harness.dataDir, 'gallery'));
  const target = join(harness.dataDir, 'elsewhere');
  harness.server.desktop.folderPaths.push(target);
  await row.getByTestId('gallery-folder-move').click();
  await expect(row.getByTestId('gallery-folder-path')).toHaveText(target);
  await expect(page.locator('.notice.info')).toContainText(`The gallery now lives in ${target}`);
  await page.locator('[data-nav="gallery"]').click();
  await expect(tiles(page)).toHaveCount(2);
  await expect
    .poll(() =>
      tiles(page)
        .first()
        .locator('img')
        .first()
        .evaluate((i) => (i as HTMLImageElement).naturalWidth),
    )
    .toBe(64);
  expect(harness.server.services.settings.get().gallery.folder).toBe(target);
  expect(await tileIds(page)).toEqual([ids['cat-zh'], ids['cat-en']]);
});
