import type { Page } from '@playwright/test';
import { PNG } from 'pngjs';
import { expect, test } from './fixtures';
import {
  exportAndDecode,
  exportedPixelAt,
  inkHistogram,
  shownSketchColors,
  storeCall,
  waitSaved,
} from './canvas-helpers';

function png(width: number, height: number, f: (x: number, y: number) => [number, number, number]): Buffer {
  const img = new PNG({ width, height });
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 4;
      const [r, g, b] = f(x, y);
      img.data[o] = r;
      img.data[o + 1] = g;
      img.data[o + 2] = b;
      img.data[o + 3] = 255;
    }
  return PNG.sync.write(img);
}

/** A wide (non-square) line drawing: a black diagonal band and a red horizontal line. */
const lineDrawing = png(1200, 600, (x, y) => {
  const d = Math.abs(x / 2 - y);
  if (d < 3) return [0, 0, 0];
  if (d < 4) return [110, 110, 110]; // anti-aliased fringe
  if (Math.abs(y - 450) < 3) return [200, 20, 20];
  return [255, 255, 255];
});
/** A "photo": smooth noisy colour everywhere, and taller than 2048 px. */
const photo = png(900, 2600, (x, y) => [
  (x * 3 + ((x * y) % 17)) % 256,
  (y + (x % 13) * 5) % 256,
  (x + y * 2 + ((x * 7) % 11)) % 256,
]);

test.beforeEach(async ({ page, harness }) => {
  await harness.open(page);
  await page.locator('canvas.upper-canvas').waitFor();
  await waitSaved(page);
});

test('a line drawing becomes the sketch: letterboxed, snapped to its pen colours', async ({ page }) => {
  await page
    .getByTestId('import-input')
    .setInputFiles({ name: 'lines.png', mimeType: 'image/png', buffer: lineDrawing });
  await expect(page.locator('.notice[data-code="canvas.import.asLines"]')).toContainText('with 2 brush colours.');
  await expect(page.getByTestId('object-count')).toHaveText('1 object');
  await expect.poll(() => shownSketchColors(page)).toEqual(['#000000', '#c81414']);
  await expect(page.getByTestId('photo-note')).toBeHidden();

  const out = await exportAndDecode(page);
  expect(out.kind).toBe('lines');
  expect(out.sketchColor.map((c) => c.join(','))).toEqual(['0,0,0', '200,20,20']);
  expect(Object.keys(inkHistogram(out)).sort()).toEqual(['0,0,0', '200,20,20']);
  // 1200×600 on a 768 page: 768×384, centred → white bars of 192 px above and below.
  expect(
    await exportedPixelAt(page, [
      [384, 100],
      [384, 700],
      [2, 194],
      [600, 192 + 288],
    ]),
  ).toEqual(['255,255,255', '255,255,255', '0,0,0', '200,20,20']);

  // The import is one undoable step.
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('object-count')).toHaveText('0 objects');
});

test('a photo stays a photo and sketch_extraction is suggested; big images are scaled down', async ({ page }) => {
  await page.getByTestId('import-input').setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: photo });
  await expect(page.locator('.notice[data-code="canvas.import.asPhoto"]')).toBeVisible();
  await expect(page.getByTestId('photo-note')).toBeVisible();
  const info = await page.evaluate((s) => {
    const c = new Function(`return ${s}`)();
    const img = c.controller.canvas.getObjects()[0];
    return { suggest: c.suggestSketchExtraction, w: img.width, h: img.height, role: img.wsRole };
  }, storeCall);
  expect(info).toEqual({ suggest: true, w: Math.round((900 * 2048) / 2600), h: 2048, role: 'photo' });
  const out = await exportAndDecode(page);
  expect(out.kind).toBe('photo');
  expect([out.width, out.height]).toEqual([768, 768]);
  // Letterboxed left and right on white, never stretched.
  expect(
    await exportedPixelAt(page, [
      [10, 384],
      [757, 384],
    ]),
  ).toEqual(['255,255,255', '255,255,255']);
});

test('bad files get a translated error and leave the canvas untouched', async ({ page }) => {
  const { drawStroke } = await import('./canvas-helpers');
  await drawStroke(page, [
    [100, 100],
    [300, 200],
  ]);
  await expect(page.getByTestId('object-count')).toHaveText('1 object');
  const before = inkHistogram(await exportAndDecode(page));
  const input = page.getByTestId('import-input');

  await input.setInputFiles({
    name: 'notes.png',
    mimeType: 'image/png',
    buffer: Buffer.from('just some text, not an image'),
  });
  await expect(page.locator('.notice[data-code="canvas.import.notImage"]')).toContainText('not an image');

  const corrupt = Buffer.concat([lineDrawing.subarray(0, 64), Buffer.alloc(500, 7)]);
  await input.setInputFiles({ name: 'broken.png', mimeType: 'image/png', buffer: corrupt });
  await expect(page.locator('.notice[data-code="canvas.import.corrupt"]')).toContainText('damaged');

  // Refused from its header, before decoding: a small file claiming 40 000 × 30 000 pixels.
  const huge = Buffer.from(lineDrawing.subarray(0, 64));
  huge.writeUInt32BE(40_000, 16);
  huge.writeUInt32BE(30_000, 20);
  await input.setInputFiles({ name: 'huge.png', mimeType: 'image/png', buffer: huge });
  await expect(page.locator('.notice[data-code="canvas.import.tooLarge"]')).toContainText('100 megapixels');

  await expect(page.getByTestId('object-count')).toHaveText('1 object');
  expect(inkHistogram(await exportAndDecode(page))).toEqual(before);
  await expect(page.locator('[data-action="undo"]')).toBeEnabled();
});

test('paste and drop import too', async ({ page }) => {
  await page.evaluate(async (b64) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const file = new File([bytes], 'pasted.png', { type: 'image/png' });
    const data = new DataTransfer();
    data.items.add(file);
    window.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, lineDrawing.toString('base64'));
  await expect(page.getByTestId('object-count')).toHaveText('1 object');
  await page.keyboard.press('Control+Delete');
  await expect(page.getByTestId('object-count')).toHaveText('0 objects');

  const dataTransfer = await page.evaluateHandle(async (b64) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const data = new DataTransfer();
    data.items.add(new File([bytes], 'dropped.png', { type: 'image/png' }));
    return data;
  }, lineDrawing.toString('base64'));
  await page.getByTestId('sketch-host').dispatchEvent('dragover', { dataTransfer });
  await expect(page.getByText('Drop an image to use it as the sketch')).toBeVisible();
  await page.getByTestId('sketch-host').dispatchEvent('drop', { dataTransfer });
  await expect(page.getByTestId('object-count')).toHaveText('1 object');
  await expect.poll(() => shownSketchColors(page)).toEqual(['#000000', '#c81414']);
});

/** The placed image's transform, from the controller (page units). */
async function imageBox(page: Page) {
  return page.evaluate((s) => {
    const c = new Function(`return ${s}`)();
    const img = c.controller.canvas.getObjects().find((o: { type: string }) => o.type.toLowerCase() === 'image');
    return img
      ? {
          left: Math.round(img.left),
          top: Math.round(img.top),
          scaleX: img.scaleX,
          scaleY: img.scaleY,
          selectable: img.selectable,
        }
      : null;
  }, storeCall);
}

test('on a drawing, import asks first: cancel, replace (undoable), or place on top to move and scale', async ({
  page,
}) => {
  const { drawStroke, pageToScreen } = await import('./canvas-helpers');
  // A stroke across the middle, where the imported image will lie.
  await drawStroke(page, [
    [160, 300],
    [600, 300],
  ]);
  await expect(page.getByTestId('object-count')).toHaveText('1 object');
  const input = page.getByTestId('import-input');
  const dialog = page.getByTestId('import-choice');

  // Cancel (Esc): nothing changes, no notice.
  await input.setInputFiles({ name: 'lines.png', mimeType: 'image/png', buffer: lineDrawing });
  await expect(dialog).toBeVisible();
  await expect(dialog.locator('[data-choice="over"]')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('object-count')).toHaveText('1 object');
  await expect(page.locator('.notice[data-code="canvas.import.asLines"]')).toHaveCount(0);

  // Replace: the page is the image alone; one undo brings the drawing back.
  await input.setInputFiles({ name: 'lines.png', mimeType: 'image/png', buffer: lineDrawing });
  await dialog.locator('[data-choice="replace"]').click();
  await expect(page.getByTestId('object-count')).toHaveText('1 object');
  await expect.poll(() => shownSketchColors(page)).toEqual(['#000000', '#c81414']);
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('object-count')).toHaveText('1 object');
  await expect.poll(() => shownSketchColors(page)).toEqual(['#111827']);

  // Place on top: smaller than the page, selected, its paper transparent over the stroke.
  await input.setInputFiles({ name: 'lines.png', mimeType: 'image/png', buffer: lineDrawing });
  await dialog.locator('[data-choice="over"]').click();
  await expect(page.getByTestId('object-count')).toHaveText('2 objects');
  await expect(page.getByTestId('arrange-hint')).toBeVisible();
  const placed = (await imageBox(page))!;
  expect(placed).toMatchObject({ left: 384, top: 384, selectable: true });
  expect(placed.scaleX).toBeCloseTo(0.6 * 0.64, 5); // 1200 px wide → 768, then 60 %
  expect((await shownSketchColors(page)).sort()).toEqual(['#000000', '#111827', '#c81414']);
  // (400, 300) is paper in the image and stroke beneath it: the stroke still shows.
  expect(await exportedPixelAt(page, [[400, 300]])).toEqual(['17,24,39']);

  // Move it 100 page units right: one undoable step.
  const map = await pageToScreen(page);
  let p = map(384, 430);
  await page.mouse.move(p.x, p.y);
  await page.mouse.down();
  p = map(484, 430);
  await page.mouse.move(p.x, p.y, { steps: 6 });
  await page.mouse.up();
  await expect.poll(async () => (await imageBox(page))?.left).toBeGreaterThan(470);
  const moved = (await imageBox(page))!;
  expect(moved.top).toBe(384);
  expect(moved.scaleX).toBe(placed.scaleX);

  // Scale from the bottom-right corner: both axes alike.
  const corner = map(moved.left + (1200 * placed.scaleX) / 2, 384 + (600 * placed.scaleY) / 2);
  await page.mouse.move(corner.x, corner.y);
  await page.mouse.down();
  await page.mouse.move(corner.x + 60, corner.y + 30, { steps: 6 });
  await page.mouse.up();
  await expect.poll(async () => (await imageBox(page))?.scaleX ?? 0).toBeGreaterThan(placed.scaleX * 1.05);
  const scaled = (await imageBox(page))!;
  expect(scaled.scaleY).toBeCloseTo(scaled.scaleX, 6);

  // Undo: the scale, then the move, then the import itself.
  await page.keyboard.press('Control+z');
  await expect.poll(async () => (await imageBox(page))?.scaleX).toBe(placed.scaleX);
  expect((await imageBox(page))!.left).toBe(moved.left);
  await page.keyboard.press('Control+z');
  await expect.poll(async () => (await imageBox(page))?.left).toBe(384);
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('object-count')).toHaveText('1 object');
  await expect(page.getByTestId('arrange-hint')).toBeHidden();

  // Redo it, finish with Enter: the image is inert again and the pencil draws.
  await page.keyboard.press('Control+y');
  await expect(page.getByTestId('object-count')).toHaveText('2 objects');
  await input.setInputFiles({ name: 'lines.png', mimeType: 'image/png', buffer: lineDrawing });
  await dialog.locator('[data-choice="over"]').click();
  await expect(page.getByTestId('arrange-hint')).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('arrange-hint')).toBeHidden();
  expect((await imageBox(page))!.selectable).toBe(false);
  await drawStroke(page, [
    [100, 700],
    [300, 720],
  ]);
  await expect(page.getByTestId('object-count')).toHaveText('4 objects');

  // The draft keeps the placed images where they are, inert, through a reload.
  const images = () =>
    page.evaluate(
      (s) =>
        new Function(`return ${s}`)()
          .controller.canvas.getObjects()
          .filter((o: { type: string }) => o.type.toLowerCase() === 'image')
          .map((o: { left: number; top: number; scaleX: number; selectable: boolean }) => [
            Math.round(o.left),
            Math.round(o.top),
            o.scaleX.toFixed(4),
            o.selectable,
          ]),
      storeCall,
    );
  const before = await images();
  expect(before).toHaveLength(2);
  await waitSaved(page);
  await page.reload();
  await page.locator('canvas.upper-canvas').waitFor();
  await expect(page.getByTestId('object-count')).toHaveText('4 objects');
  expect(await images()).toEqual(before);
});

test('after a photo import and a stroke, the panel says the brush colours it lists are ignored', async ({ page }) => {
  const { drawStroke } = await import('./canvas-helpers');
  await page.getByTestId('import-input').setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: photo });
  await expect(page.getByTestId('photo-note')).toBeVisible();
  await drawStroke(page, [
    [100, 100],
    [300, 200],
  ]);
  await expect(page.getByTestId('object-count')).toHaveText('2 objects');
  await expect(page.getByTestId('photo-note')).toBeVisible();
  // The Generate panel keeps the colours (the user may turn extraction off) and says they are ignored.
  await expect(page.getByTestId('colors-ignored')).toBeVisible();
  await expect(page.getByTestId('sketch-color-empty')).toHaveCount(0);
  // Without the photo the stroke's colour is listed as sent again.
  await page.evaluate((s) => {
    const c = new Function(`return ${s}`)();
    const [img, stroke] = c.controller.canvas.getObjects();
    if (img.wsRole !== 'photo' || stroke.wsRole !== 'ink') throw new Error('unexpected page');
  }, storeCall);
  await page.keyboard.press('Control+Delete');
  await drawStroke(page, [
    [100, 100],
    [300, 200],
  ]);
  await expect(page.getByTestId('photo-note')).toBeHidden();
  await expect.poll(() => shownSketchColors(page)).toEqual(['#111827']);
});
