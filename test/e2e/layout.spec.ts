// The views at the sizes the layout is designed for (1024×640, the window's minimum content size,
// up to 1920×1080), in both themes and both languages: a screenshot of each for a person to look
// at (attached to the report, and saved under the run's output folder), and assertions that the
// boxes a user needs never overlap: the zoom controls and the page, notices and the controls.
import type { Page, TestInfo } from '@playwright/test';
import { PNG } from 'pngjs';
import { addInput } from '../integration/gallery/fixtures';
import { drawStroke, waitSaved } from './canvas-helpers';
import { expect, test } from './fixtures';

const SIZES = [
  [1024, 640],
  [1280, 800],
  [1920, 1080],
] as const;
const VIEWS = ['draw', 'queue', 'gallery', 'settings'] as const;

// No keychain in the harness: the key is kept for the session, as a user would choose.
test.use({ harnessNoKeychain: true });

/** Two generations in the queue (one running, one waiting behind it), so the Queue view has rows. */
async function queueTwo(page: Page, sims: { beijing: { runTimes: { enqueue(ms: number): void } } }) {
  const ok = await page.evaluate(async () => {
    const api = window.api as unknown as { secrets: Record<string, (p?: unknown) => Promise<{ ok: boolean }>> };
    return (
      (await api.secrets.useSessionOnly!()).ok &&
      (await api.secrets.setApiKey!({ apiKey: 'sk-sim0000000000000000000000000001' })).ok
    );
  });
  expect(ok).toBe(true);
  sims.beijing.runTimes.enqueue(3_600_000);
  sims.beijing.runTimes.enqueue(3_600_000);
  await page.getByTestId('prompt-input').fill('a red fox in a snowy forest');
  await page.getByTestId('generate').click();
  await page.getByTestId('prompt-input').fill('屋顶上的红猫');
  await page.getByTestId('generate').click();
}

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}
const overlaps = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
const inside = (a: Box, b: Box) =>
  a.x >= b.x - 0.5 &&
  a.y >= b.y - 0.5 &&
  a.x + a.width <= b.x + b.width + 0.5 &&
  a.y + a.height <= b.y + b.height + 0.5;

/** Visible boxes of a selector (zero-size and hidden ones left out). */
async function boxes(page: Page, selector: string): Promise<Box[]> {
  return page.locator(selector).evaluateAll((els) =>
    els
      .filter((e) => (e as HTMLElement).offsetParent !== null || getComputedStyle(e).position === 'fixed')
      .map((e) => e.getBoundingClientRect())
      .filter((r) => r.width > 0 && r.height > 0)
      .map((r) => ({ x: r.x, y: r.y, width: r.width, height: r.height })),
  );
}
async function box(page: Page, selector: string): Promise<Box> {
  const [b] = await boxes(page, selector);
  if (!b) throw new Error(`${selector} is not visible`);
  return b;
}

async function shoot(page: Page, info: TestInfo, name: string) {
  const path = info.outputPath(`${name}.png`);
  await page.screenshot({ path });
  await info.attach(name, { path, contentType: 'image/png' });
}

async function setLook(page: Page, theme: 'light' | 'dark', language: 'en' | 'zh-CN') {
  const r = await page.evaluate((ui) => window.api.settings.update({ ui }), { theme, language });
  expect(r.ok).toBe(true);
  await page.reload();
  await page.locator('.shell').waitFor();
  await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
  await expect(page.locator('html')).toHaveAttribute('lang', language);
}

/** In Draw: zoom controls, object counter and draft name never cover the page; nothing leaves the window. */
async function checkDraw(page: Page, w: number, h: number) {
  await page.getByTestId('zoom-level').waitFor();
  await page.locator('[data-action="fit"]').click();
  const paper = await box(page, '.paper');
  const stage = await box(page, '[data-testid="sketch-host"]');
  for (const sel of ['.zoom', '[data-testid="object-count"]', '.topbar .draft-name']) {
    const b = await box(page, sel);
    expect(overlaps(b, paper), `${sel} overlaps the page at ${w}×${h}`).toBe(false);
    expect(inside(b, stage), `${sel} leaves the stage at ${w}×${h}`).toBe(true);
  }
  expect(overlaps(await box(page, '.zoom'), await box(page, '[data-testid="object-count"]'))).toBe(false);
  // The page is big enough to draw on.
  expect(paper.width).toBeGreaterThanOrEqual(Math.min(300, stage.width - 40));
  for (const sel of ['.toolbar', 'aside.side', '.zoom']) {
    const b = await box(page, sel);
    expect(b.x + b.width, `${sel} at ${w}×${h}`).toBeLessThanOrEqual(w + 0.5);
    expect(b.y + b.height, `${sel} at ${w}×${h}`).toBeLessThanOrEqual(h + 0.5);
  }
}

/** A notice is up: it must not cover the zoom controls, the drafts list, the tools or the generate panel. */
async function checkNotice(page: Page, w: number, h: number) {
  await box(page, '.notice');
  for (const notice of await boxes(page, '.notice')) {
    for (const sel of [
      '.zoom',
      '[data-section="drafts"]',
      '[data-section="colors"]',
      '.toolbar',
      '[data-slot="generate"]',
      '.paper',
    ]) {
      for (const b of await boxes(page, sel))
        expect(overlaps(notice, b), `the notice covers ${sel} at ${w}×${h}`).toBe(false);
    }
  }
}

for (const theme of ['light', 'dark'] as const) {
  for (const language of ['en', 'zh-CN'] as const) {
    test(`views at 1024×640, 1280×800, 1920×1080 — ${theme}, ${language}`, async ({ page, harness }, info) => {
      test.setTimeout(120_000);
      // A gallery with something in it (real entries, as the job queue adds them).
      for (const [task, prompt, style] of [
        ['a', 'a red cat on a roof', '<watercolor>'],
        ['b', '屋顶上的红猫', '<anime>'],
        ['c', 'Café at night', '<oil painting>'],
      ] as const)
        await harness.server.services.gallery.add(await addInput(task, { prompt, style, n: 2 }));
      await page.setViewportSize({ width: 1280, height: 800 });
      await harness.open(page, '#/draw');
      await setLook(page, theme, language);
      await page.locator('canvas.upper-canvas').waitFor();
      await waitSaved(page);
      await drawStroke(page, [
        [120, 160],
        [380, 420],
        [640, 200],
      ]);
      await queueTwo(page, harness.sims);
      await page.locator('[data-nav="queue"]').click();
      await expect(page.locator('[data-view="queue"] [data-job]')).toHaveCount(2);
      for (const [w, h] of SIZES) {
        await page.setViewportSize({ width: w, height: h });
        for (const view of VIEWS) {
          await page.locator(`[data-nav="${view}"]`).click();
          await expect(page.locator(`[data-view="${view}"]`)).toBeVisible();
          // Nothing scrolls sideways: the views fit the window down to its minimum size.
          const overflow = await page.evaluate(
            () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
          );
          expect(overflow, `${view} scrolls sideways at ${w}×${h}`).toBeLessThanOrEqual(0);
          if (view === 'draw') await checkDraw(page, w, h);
          await shoot(page, info, `${view}-${w}x${h}-${theme}-${language}`);
        }
        // A notice in Draw (the import notice the issue saw covering the zoom controls).
        await page.locator('[data-nav="draw"]').click();
        // Earlier notices (the two "queued" ones) go first: one notice is measured at a time.
        while (await page.locator('.notice').count()) await page.locator('.notice button').first().click();
        await page.evaluate(() => {
          const app = (
            document.querySelector('#app') as unknown as {
              __vue_app__: { config: { globalProperties: { $pinia: { _s: Map<string, { info(k: string): void }> } } } };
            }
          ).__vue_app__;
          app.config.globalProperties.$pinia._s.get('notices')!.info('canvas.import.asPhoto');
        });
        // Found by its text: a results notice may come up meanwhile (it must not cover the controls either).
        const importNotice = page.locator('.notice').filter({ hasText: /Imported as a photo|已作为照片导入/ });
        await expect(importNotice).toBeVisible();
        await checkNotice(page, w, h);
        await shoot(page, info, `draw-notice-${w}x${h}-${theme}-${language}`);
        await importNotice.locator('button').last().click();
      }
    });
  }
}

test('dark theme: the default brush colour and dark swatches stand out from the panel', async ({ page, harness }) => {
  await harness.open(page, '#/draw');
  await setLook(page, 'dark', 'en');
  const chip = page.locator('[data-section="colors"] .chip.big');
  await expect(page.getByTestId('current-color')).toHaveText('#111827');
  for (const target of [chip, page.locator('[data-swatch="#111827"]')]) {
    const b = (await target.boundingBox())!;
    // The chip with 3 px of panel around it: its edge must differ clearly from the panel.
    const shot = PNG.sync.read(
      await page.screenshot({ clip: { x: b.x - 3, y: b.y - 3, width: b.width + 6, height: b.height + 6 } }),
    );
    const at = (x: number, y: number) => {
      const o = (y * shot.width + x) * 4;
      return [shot.data[o]!, shot.data[o + 1]!, shot.data[o + 2]!];
    };
    const lum = ([r, g, b]: number[]) => 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
    const panel = lum(at(0, Math.floor(shot.height / 2)));
    // Largest difference from the panel along the chip's left edge, inside the chip.
    let edge = 0;
    for (let x = 3; x < 6; x++) edge = Math.max(edge, Math.abs(lum(at(x, Math.floor(shot.height / 2))) - panel));
    expect(edge, 'edge of a dark chip against the dark panel').toBeGreaterThan(25);
  }
});

test('Import shows an arrow into the tray, Export an arrow out of it', async ({ page, harness }) => {
  await harness.open(page, '#/draw');
  const d = (action: string) => page.locator(`[data-action="${action}"] svg path`).getAttribute('d');
  // The chevron "M7 10l5 5 5-5" points down (into the tray); "M17 8l-5-5-5 5" points up.
  expect(await d('import')).toContain('M7 10l5 5 5-5');
  expect(await d('export')).toContain('M17 8l-5-5-5 5');
});

test('at 1024×640 a placed image: its hint and the import notice cover neither each other nor the controls', async ({
  page,
  harness,
}, info) => {
  await page.setViewportSize({ width: 1024, height: 640 });
  await harness.open(page, '#/draw');
  await page.locator('canvas.upper-canvas').waitFor();
  await waitSaved(page);
  await drawStroke(page, [
    [120, 160],
    [640, 600],
  ]);
  const lines = new PNG({ width: 400, height: 300 });
  lines.data.fill(255);
  for (let x = 20; x < 380; x++) for (let y = 148; y < 152; y++) lines.data.set([0, 0, 0, 255], (y * 400 + x) * 4);
  await page
    .getByTestId('import-input')
    .setInputFiles({ name: 'l.png', mimeType: 'image/png', buffer: PNG.sync.write(lines) });
  await page.getByTestId('import-choice').locator('[data-choice="over"]').click();
  const hint = await box(page, '[data-testid="arrange-hint"]');
  await expect(page.locator('.notice')).toBeVisible();
  const notice = await box(page, '.notice');
  expect(overlaps(hint, notice), 'notice over the hint').toBe(false);
  for (const sel of ['.zoom', '.toolbar', 'aside.side', '[data-slot="generate"]', '.paper']) {
    for (const b of await boxes(page, sel)) {
      expect(overlaps(hint, b), `hint over ${sel}`).toBe(false);
      expect(overlaps(notice, b), `notice over ${sel}`).toBe(false);
    }
  }
  expect(inside(hint, await box(page, '[data-testid="sketch-host"]'))).toBe(true);
  await shoot(page, info, 'draw-placed-image-1024x640');
});
