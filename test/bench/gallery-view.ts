/**
 * The Gallery view's figures for `npm run bench:gallery`: the built renderer in Debian Chromium
 * (Playwright) against the harness (real main services) whose gallery folder is the synthetic
 * 10,000-generation gallery. Times are taken inside the page.
 *
 * - first_paint_ms: from the click on "Gallery" (a fresh document showing Draw) until every image
 *   of every tile on the first screen has loaded and a frame after that has been produced
 *   (median of 5 fresh loads; the first, cold one is printed as first_paint_cold_ms).
 * - scroll_frame_p95_ms: the grid scrolled from top to bottom by a real wheel gesture
 *   (CDP Input.synthesizeScrollGesture, 20,000 px/s), p95 of the requestAnimationFrame timestamp deltas.
 * - heap_mb: the renderer's JS heap right after the scroll (CDP Runtime.getHeapUsage, no forced
 *   GC); heap_mb_after_gc after a collection, for reference.
 */
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright';
import { initScriptFor } from '../harness/init-script';
import { chromiumLaunchOptions } from '../harness/chromium';
import { startHarnessServer } from '../harness/server';

export interface ViewFigures {
  first_paint_ms: number;
  first_paint_cold_ms: number;
  scroll_frame_p95_ms: number;
  scroll_frames: number;
  scroll_frame_max_ms: number;
  idle_frame_p95_ms: number;
  heap_mb: number;
  heap_mb_after_gc: number;
  tiles_on_first_screen: number;
}

/** A brisk fling: about 330 px per frame at 60 Hz. */
const SCROLL_SPEED_PX_S = 20_000;
const round = (x: number) => Math.round(x * 10) / 10;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** In the page: click Gallery, wait until the first screen's tile images are all loaded, then one more frame. */
const OPEN_AND_WAIT = `(async () => {
  const t0 = performance.now();
  document.querySelector('[data-nav="gallery"]').click();
  const tiles = await new Promise((resolve) => {
    const check = () => {
      const grid = document.querySelector('[data-testid="gallery-grid"]');
      if (grid) {
        const box = grid.getBoundingClientRect();
        const visible = [...grid.querySelectorAll('[data-testid="gallery-tile"]')].filter((t) => {
          const b = t.getBoundingClientRect();
          return b.bottom > box.top && b.top < box.bottom;
        });
        const imgs = visible.flatMap((t) => [...t.querySelectorAll('img')]);
        if (visible.length > 0 && imgs.every((i) => i.complete && i.naturalWidth > 0)) {
          requestAnimationFrame(() => requestAnimationFrame(() => resolve(visible.length)));
          return;
        }
      }
      requestAnimationFrame(check);
    };
    check();
  });
  return { ms: performance.now() - t0, tiles };
})()`;

/** In the page: start recording rAF timestamp deltas (until __stopFrames()). */
const RECORD_FRAMES = `(() => {
  const deltas = [];
  let last = null;
  let on = true;
  const step = (ts) => {
    if (!on) return;
    if (last !== null) deltas.push(ts - last);
    last = ts;
    requestAnimationFrame(step);
  };
  requestAnimationFrame(step);
  window.__stopFrames = () => {
    on = false;
    return deltas;
  };
})()`;

/** In the page: 120 frames with nothing to do, the machine's own frame jitter (printed beside the scroll's). */
const IDLE_FRAMES = `(async () => {
  const deltas = [];
  let last = null;
  await new Promise((resolve) => {
    const step = (ts) => {
      if (last !== null) deltas.push(ts - last);
      last = ts;
      if (deltas.length >= 120) return resolve();
      requestAnimationFrame(step);
    };
    requestAnimationFrame(step);
  });
  return deltas;
})()`;

const p95Of = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))]!;
};

export async function measureGalleryView(
  galleryRoot: string,
  count: number,
  log: (line: string) => void,
): Promise<ViewFigures> {
  const dataDir = mkdtempSync(join(tmpdir(), 'wss-bench-view-'));
  // The harness's services use <dataDir>/gallery: point it at the synthetic gallery.
  symlinkSync(galleryRoot, join(dataDir, 'gallery'), 'dir');
  const server = await startHarnessServer({ dataDir });
  const browser = await chromium.launch(chromiumLaunchOptions);
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.addInitScript({ content: await initScriptFor(server.token, server.url) });
    const paints: number[] = [];
    let tiles = 0;
    for (let run = 0; run < 6; run++) {
      // A fresh document each time (a hash-only change would keep the loaded view).
      await page.goto('about:blank');
      await page.goto(`${server.url}/#/draw`);
      await page.locator('canvas.upper-canvas').waitFor();
      await page.waitForTimeout(300); // Draw settles (first autosave, idle caches)
      const r = (await page.evaluate(OPEN_AND_WAIT)) as { ms: number; tiles: number };
      paints.push(r.ms);
      tiles = r.tiles;
      log(`  first paint run ${run + 1}: ${r.ms.toFixed(1)} ms (${r.tiles} tiles)`);
    }
    const count0 = await page.getByTestId('gallery-count').textContent();
    if (!count0?.includes(String(count))) {
      throw new Error(`the view shows "${count0}", expected ${count} generations`);
    }
    // All entries have arrived before the scroll (the rest follows the first screen).
    await page.waitForFunction(`document.querySelector('[data-testid="gallery-grid"]').scrollHeight > 100000`);
    const idle = (await page.evaluate(IDLE_FRAMES)) as number[];
    // A real scroll gesture (wheel input through the browser, as a user's fling), top to bottom.
    const grid = page.getByTestId('gallery-grid');
    const box = (await grid.boundingBox())!;
    const height = (await grid.evaluate((e) => e.scrollHeight - e.clientHeight)) as number;
    const cdp0 = await page.context().newCDPSession(page);
    await page.evaluate(RECORD_FRAMES);
    await cdp0.send('Input.synthesizeScrollGesture', {
      x: Math.round(box.x + box.width / 2),
      y: Math.round(box.y + box.height / 2),
      yDistance: -height,
      speed: SCROLL_SPEED_PX_S,
      gestureSourceType: 'mouse',
      repeatCount: 0,
    });
    await page.waitForTimeout(100);
    const deltas = (await page.evaluate('window.__stopFrames()')) as number[];
    const atBottom = (await grid.evaluate((e) => e.scrollTop + e.clientHeight >= e.scrollHeight - 2)) as boolean;
    const lastIndex = (await page.evaluate(
      `Math.max(...[...document.querySelectorAll('[data-testid="gallery-tile"]')].map((t) => Number(t.getAttribute('data-index'))))`,
    )) as number;
    if (!atBottom || lastIndex !== count - 1)
      throw new Error(`the scroll ended at tile ${lastIndex}, not ${count - 1}`);
    const scroll = { deltas };
    const sorted = [...scroll.deltas].sort((a, b) => a - b);
    const p95 = p95Of(scroll.deltas);
    log(
      `  idle frame p95 ${p95Of(idle).toFixed(1)} ms; scroll frame p95 ${p95.toFixed(1)} ms over ${scroll.deltas.length} frames`,
    );
    const cdp = await page.context().newCDPSession(page);
    const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
    await cdp.send('HeapProfiler.collectGarbage');
    const heapGc = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
    if (errors.length) throw new Error(`the page threw: ${errors.join('; ')}`);
    return {
      first_paint_ms: round(median(paints.slice(1))),
      first_paint_cold_ms: round(paints[0]!),
      scroll_frame_p95_ms: round(p95),
      scroll_frames: scroll.deltas.length,
      scroll_frame_max_ms: round(sorted[sorted.length - 1]!),
      idle_frame_p95_ms: round(p95Of(idle)),
      heap_mb: round(heap.usedSize / 1048576),
      heap_mb_after_gc: round(heapGc.usedSize / 1048576),
      tiles_on_first_screen: tiles,
    };
  } finally {
    await browser.close();
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
