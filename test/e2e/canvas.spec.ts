import { expect, test } from './fixtures';
import {
  drawStroke,
  exportAndDecode,
  exportedPixelAt,
  inkHistogram,
  shownSketchColors,
  storeCall,
  waitSaved,
} from './canvas-helpers';

const BLACK = '17,24,39'; // default brush #111827
const RED = '220,38,38'; // swatch #dc2626
const BLUE = '37,99,235'; // swatch #2563eb

test.beforeEach(async ({ page, harness }) => {
  await harness.open(page);
  await page.locator('canvas.upper-canvas').waitFor();
  await waitSaved(page);
});

test('strokes in two colours, erase, undo/redo, a shape: export is snapped and sketch_color follows', async ({
  page,
}) => {
  // Black stroke, then a red one.
  await drawStroke(page, [
    [80, 120],
    [200, 160],
    [320, 120],
    [440, 200],
    [560, 160],
  ]);
  await page.locator('[data-swatch="#dc2626"]').click();
  await drawStroke(page, [
    [80, 480],
    [240, 440],
    [400, 520],
    [560, 480],
  ]);
  await expect(page.getByTestId('object-count')).toHaveText('2 objects');
  await expect.poll(() => shownSketchColors(page)).toEqual(['#111827', '#dc2626']);

  let out = await exportAndDecode(page);
  expect(out.pngMagic).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect([out.width, out.height, out.kind]).toEqual([768, 768, 'lines']);
  expect(out.sketchColor.map((c) => c.join(','))).toEqual([BLACK, RED]);
  let ink = inkHistogram(out);
  // Every non-white pixel is exactly one of sketch_color, and each colour is really there.
  expect(Object.keys(ink).sort()).toEqual([BLACK, RED].sort());
  expect(ink[BLACK]).toBeGreaterThan(500);
  expect(ink[RED]).toBeGreaterThan(500);
  expect(
    await exportedPixelAt(page, [
      [80, 120],
      [80, 480],
      [700, 700],
    ]),
  ).toEqual([BLACK, RED, '255,255,255']);

  // Erase the whole red stroke with a wide eraser: red must leave the pixels and sketch_color.
  await page.keyboard.press('e');
  await expect(page.locator('[data-tool="eraser"]')).toHaveAttribute('aria-pressed', 'true');
  // [ and ]: steps of 1 px up to 10, then 2 px.
  for (let i = 0; i < 12; i++) await page.keyboard.press(']');
  await expect(page.getByTestId('brush-size')).toHaveText('22 px');
  await page.keyboard.press('[');
  await expect(page.getByTestId('brush-size')).toHaveText('20 px');
  await page.getByTestId('brush-slider').fill('48');
  await drawStroke(page, [
    [60, 480],
    [240, 440],
    [400, 520],
    [580, 480],
  ]);
  await drawStroke(page, [
    [60, 460],
    [240, 420],
    [400, 500],
    [580, 460],
  ]);
  await drawStroke(page, [
    [60, 500],
    [240, 460],
    [400, 540],
    [580, 500],
  ]);
  await expect.poll(() => shownSketchColors(page)).toEqual(['#111827']);
  // Eraser strokes take ink away; they are not objects on the page.
  await expect(page.getByTestId('object-count')).toHaveText('2 objects');
  out = await exportAndDecode(page);
  expect(out.sketchColor.map((c) => c.join(','))).toEqual([BLACK]);
  expect(Object.keys(inkHistogram(out))).toEqual([BLACK]);

  // Undo the three eraser strokes (Ctrl+Z), the red stroke is back; redo with both shortcuts.
  for (let i = 0; i < 3; i++) await page.keyboard.press('Control+z');
  await expect.poll(() => shownSketchColors(page)).toEqual(['#111827', '#dc2626']);
  expect(Object.keys(inkHistogram(await exportAndDecode(page))).sort()).toEqual([BLACK, RED].sort());
  await page.keyboard.press('Control+Shift+Z');
  await page.keyboard.press('Control+y');
  await page.keyboard.press('Control+y');
  await expect.poll(() => shownSketchColors(page)).toEqual(['#111827']);
  await expect(page.locator('[data-action="redo"]')).toBeDisabled();

  // A blue rectangle outline (pencil size back to something small).
  await page.keyboard.press('r');
  await page.locator('[data-swatch="#2563eb"]').click();
  await page.getByTestId('brush-slider').fill('6');
  await drawStroke(page, [
    [500, 560],
    [700, 720],
  ]);
  await expect.poll(() => shownSketchColors(page)).toEqual(['#111827', '#2563eb']);
  out = await exportAndDecode(page);
  ink = inkHistogram(out);
  expect(Object.keys(ink).sort()).toEqual([BLACK, BLUE].sort());
  // Outline only: the centre of the rectangle stays white, its edge is blue.
  expect(
    await exportedPixelAt(page, [
      [600, 640],
      [500, 640],
      [600, 720],
    ]),
  ).toEqual(['255,255,255', BLUE, BLUE]);

  // Other square sizes; out-of-range sizes are refused.
  const small = await exportAndDecode(page, 256);
  expect([small.width, small.height]).toEqual([256, 256]);
  expect(Object.keys(inkHistogram(small)).sort()).toEqual([BLACK, BLUE].sort());
  const big = await exportAndDecode(page, 2048);
  expect(Object.keys(inkHistogram(big)).sort()).toEqual([BLACK, BLUE].sort());
  const refused = await page.evaluate(
    async (s) =>
      new Function(`return ${s}`)()
        .exportSketch({ size: 100 })
        .then(
          () => 'ok',
          (e: Error) => e.name,
        ),
    storeCall,
  );
  expect(refused).toBe('RangeError');

  // Clear is undoable too.
  await page.keyboard.press('Control+Delete');
  await expect(page.getByTestId('object-count')).toHaveText('0 objects');
  await expect(page.getByTestId('sketch-color-empty')).toBeVisible();
  await page.keyboard.press('Control+z');
  // black, red and the rectangle (the three eraser strokes are back too, but are no objects)
  await expect(page.getByTestId('object-count')).toHaveText('3 objects');
  await expect.poll(() => shownSketchColors(page)).toEqual(['#111827', '#2563eb']);
});

test('line tool with Shift draws a level line; ellipse is an outline; Esc cancels a drag', async ({ page }) => {
  await page.keyboard.press('l');
  await drawStroke(
    page,
    [
      [100, 300],
      [400, 310],
    ],
    { shift: true },
  );
  const pixels = await exportedPixelAt(page, [
    [390, 300],
    [390, 310],
  ]);
  expect(pixels).toEqual([BLACK, '255,255,255']);
  await page.keyboard.press('o');
  await drawStroke(page, [
    [200, 400],
    [600, 700],
  ]);
  expect(
    await exportedPixelAt(page, [
      [400, 550],
      [200, 550],
      [400, 400],
    ]),
  ).toEqual(['255,255,255', BLACK, BLACK]);
  await expect(page.getByTestId('object-count')).toHaveText('2 objects');
  // Esc during a drag drops the shape.
  const box = (await page.locator('.paper').boundingBox())!;
  await page.mouse.move(box.x + 20, box.y + 20);
  await page.mouse.down();
  await page.mouse.move(box.x + 120, box.y + 120, { steps: 4 });
  await page.keyboard.press('Escape');
  await page.mouse.up();
  await expect(page.getByTestId('object-count')).toHaveText('2 objects');
});

test('eyedropper picks a brush colour from the page', async ({ page }) => {
  await page.locator('[data-swatch="#16a34a"]').click();
  await page.getByTestId('brush-slider').fill('12');
  await drawStroke(page, [
    [100, 100],
    [400, 100],
  ]);
  await page.locator('[data-swatch="#111827"]').click();
  await page.keyboard.press('i');
  await drawStroke(page, [[250, 100]]);
  await expect(page.getByTestId('current-color')).toHaveText('#16a34a');
  await expect(page.locator('[data-tool="pencil"]')).toHaveAttribute('aria-pressed', 'true');
});

test('zoom and pan change the view, not the drawing', async ({ page }) => {
  await drawStroke(page, [
    [100, 100],
    [300, 300],
  ]);
  const before = inkHistogram(await exportAndDecode(page));
  const zoom = page.getByTestId('zoom-level');
  const fitted = await zoom.textContent();
  await page.keyboard.press('Control+=');
  await expect(zoom).not.toHaveText(fitted ?? '');
  await page.keyboard.press('Control+1');
  await expect(zoom).toHaveText('100 %');
  const box = (await page.locator('.paper').boundingBox())!;
  // At 100 % the page can be larger than the stage (the generate panel sits beside it): pan from the stage's centre.
  const host = (await page.getByTestId('sketch-host').boundingBox())!;
  const [cx, cy] = [host.x + host.width / 2, host.y + host.height / 2];
  await page.keyboard.down('Space');
  await page.mouse.move(cx - 50, cy - 20);
  await page.mouse.down();
  await page.mouse.move(cx + 50, cy + 20, { steps: 5 });
  await page.mouse.up();
  await page.keyboard.up('Space');
  const moved = (await page.locator('.paper').boundingBox())!;
  expect(Math.round(moved.x - box.x)).toBe(100);
  expect(Math.round(moved.y - box.y)).toBe(40);
  await page.mouse.move(cx, cy);
  await page.mouse.wheel(0, -300);
  await expect(zoom).not.toHaveText('100 %');
  await page.keyboard.press('Control+0');
  await expect(zoom).toHaveText(fitted ?? '');
  // Panning drew nothing.
  await expect(page.getByTestId('object-count')).toHaveText('1 object');
  expect(inkHistogram(await exportAndDecode(page))).toEqual(before);
});

test('the shortcut sheet lists every shortcut, in both languages', async ({ page }) => {
  await page.keyboard.press('?');
  const sheet = page.getByTestId('shortcut-sheet');
  await expect(sheet).toBeVisible();
  // 25 Draw keys and gestures, 2 Generate and 9 Gallery keys (issue 17 item 7).
  await expect(sheet.locator('[data-shortcut]')).toHaveCount(36);
  await expect(sheet.locator('[data-shortcut="edit.redo"]')).toContainText('Ctrl');
  await expect(sheet.locator('[data-shortcut="edit.redo"] kbd')).toHaveText(['Ctrl', 'Shift', 'Z', 'Ctrl', 'Y']);
  await page.keyboard.press('Escape');
  await expect(sheet).toBeHidden();
  await page.locator('[data-nav="settings"]').click();
  await page.getByTestId('language-select').selectOption('zh-CN');
  await page.locator('[data-nav="draw"]').click();
  await page.locator('canvas.upper-canvas').waitFor();
  await page.keyboard.press('?');
  await expect(sheet.locator('h2')).toHaveText('键盘快捷键');
  await expect(sheet.locator('[data-shortcut="tool.eraser"] dt')).toHaveText('橡皮擦');
});

test('another view and back keeps the drawing, zoom and undo history; Draw keys stay quiet elsewhere', async ({
  page,
}) => {
  const draftIds = async () => {
    const r = await page.evaluate(async () => window.api.drafts.list());
    return r.ok ? r.value.drafts.map((d) => d.id) : [];
  };
  const ids = await draftIds();
  expect(ids).toHaveLength(1);
  await drawStroke(page, [
    [100, 100],
    [300, 300],
  ]);
  await drawStroke(page, [
    [100, 500],
    [500, 500],
  ]);
  await page.keyboard.press('Control+1');
  const zoom = page.getByTestId('zoom-level');
  await expect(zoom).toHaveText('100 %');

  await page.locator('[data-nav="gallery"]').click();
  await expect(page.locator('[data-view="gallery"]')).toBeVisible();
  // Leaving saved the drawing (with its thumbnail).
  await expect
    .poll(async () => {
      const r = await page.evaluate(async () => window.api.drafts.list());
      return r.ok && r.value.drafts.length === 1 && !!r.value.drafts[0]?.thumbnail;
    })
    .toBe(true);
  // Undo and tool keys belong to Draw: pressed here they change nothing.
  await page.keyboard.press('Control+z');
  await page.keyboard.press('e');
  await page.keyboard.press('?');
  await expect(page.getByTestId('shortcut-sheet')).toBeHidden();

  await page.locator('[data-nav="draw"]').click();
  await expect(page.getByTestId('object-count')).toHaveText('2 objects');
  await expect(zoom).toHaveText('100 %');
  await expect(page.locator('[data-tool="pencil"]')).toHaveAttribute('aria-pressed', 'true');
  // History survived the trip: both strokes undo, then redo.
  await page.keyboard.press('Control+z');
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('object-count')).toHaveText('0 objects');
  await page.keyboard.press('Control+y');
  await expect(page.getByTestId('object-count')).toHaveText('1 object');
  // Coming back reopened nothing and created nothing: still the one draft.
  expect(await draftIds()).toEqual(ids);
});
