import type { Page } from '@playwright/test';

/** Page coordinates (0–768 on the sketch) → screen coordinates, from where the paper is. */
export async function pageToScreen(page: Page) {
  const box = await page.locator('.paper').boundingBox();
  if (!box) throw new Error('paper not visible');
  return (x: number, y: number) => ({ x: box.x + (x * box.width) / 768, y: box.y + (y * box.height) / 768 });
}

/** Draws a polyline with the mouse on fabric's event layer (canvas.upper-canvas). */
export async function drawStroke(page: Page, points: Array<[number, number]>, opts: { shift?: boolean } = {}) {
  const map = await pageToScreen(page);
  const [first, ...rest] = points;
  if (!first) return;
  const a = map(first[0], first[1]);
  if (opts.shift) await page.keyboard.down('Shift');
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  for (const [x, y] of rest) {
    const p = map(x, y);
    await page.mouse.move(p.x, p.y, { steps: 4 });
  }
  await page.mouse.up();
  if (opts.shift) await page.keyboard.up('Shift');
}

/** Reads the canvas store through the app's Pinia instance (present in production builds). */
export const storeCall = `(() => {
  const app = document.querySelector('#app').__vue_app__;
  return app.config.globalProperties.$pinia._s.get('canvas');
})()`;

export interface ExportedPixels {
  width: number;
  height: number;
  sketchColor: number[][];
  kind: string;
  /** Distinct RGBA colours in the PNG with their pixel counts, decoded by the browser. */
  histogram: Record<string, number>;
  pngMagic: number[];
}

/** Exports through the store and decodes the PNG bytes again in the page. */
export async function exportAndDecode(page: Page, size?: number): Promise<ExportedPixels> {
  return page.evaluate(
    async ({ storeCall, size }) => {
      const store = new Function(`return ${storeCall}`)();
      const out = await store.exportSketch(size ? { size } : {});
      const bitmap = await createImageBitmap(new Blob([out.png], { type: 'image/png' }));
      const c = new OffscreenCanvas(bitmap.width, bitmap.height);
      const ctx = c.getContext('2d')!;
      ctx.drawImage(bitmap, 0, 0);
      const data = ctx.getImageData(0, 0, bitmap.width, bitmap.height).data;
      const histogram: Record<string, number> = {};
      for (let i = 0; i < data.length; i += 4) {
        const k = `${data[i]},${data[i + 1]},${data[i + 2]},${data[i + 3]}`;
        histogram[k] = (histogram[k] ?? 0) + 1;
      }
      return {
        width: bitmap.width,
        height: bitmap.height,
        sketchColor: out.sketchColor.map((c: number[]) => [...c]),
        kind: out.kind,
        histogram,
        pngMagic: [...out.png.slice(0, 8)],
      };
    },
    { storeCall, size },
  );
}

/** Colours present in an export, without white, as "r,g,b" → pixel count. Fails on any non-opaque pixel. */
export function inkHistogram(out: ExportedPixels): Record<string, number> {
  const ink: Record<string, number> = {};
  for (const [k, n] of Object.entries(out.histogram)) {
    const [r, g, b, a] = k.split(',').map(Number);
    if (a !== 255) throw new Error(`pixel with alpha ${a}`);
    if (r === 255 && g === 255 && b === 255) continue;
    ink[`${r},${g},${b}`] = n;
  }
  return ink;
}

/** The single-pixel colour at page coordinates of an export, decoded in the browser. */
export async function exportedPixelAt(page: Page, points: Array<[number, number]>): Promise<string[]> {
  return page.evaluate(
    async ({ storeCall, points }) => {
      const store = new Function(`return ${storeCall}`)();
      const out = await store.exportSketch();
      const bitmap = await createImageBitmap(new Blob([out.png], { type: 'image/png' }));
      const c = new OffscreenCanvas(bitmap.width, bitmap.height);
      const ctx = c.getContext('2d')!;
      ctx.drawImage(bitmap, 0, 0);
      return points.map(([x, y]) => [...ctx.getImageData(x, y, 1, 1).data.slice(0, 3)].join(','));
    },
    { storeCall, points },
  );
}

export async function waitSaved(page: Page) {
  // Attached, not visible: the drafts panel may be folded at narrow widths.
  await page.locator('[data-testid="save-status"][data-status="saved"]').waitFor({ state: 'attached' });
}

/** Sketch colours as the Generate panel shows them (hex), the one place they are listed. */
export async function shownSketchColors(page: Page): Promise<string[]> {
  return page
    .locator('[data-testid="gen-colors"] [data-color]')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-color') ?? ''));
}
