import type { Page } from '@playwright/test';
import { expect } from './fixtures';
import { drawStroke, shownSketchColors, waitSaved } from './canvas-helpers';

/** The simulator's Beijing key. */
export const BEIJING_KEY = 'sk-sim0000000000000000000000000001';

type Api = Record<string, Record<string, (p?: unknown) => Promise<{ ok: boolean; value?: unknown; error?: unknown }>>>;

/** Keeps `key` for this session (the harness has no keychain in these specs), as a user would. */
export async function setKey(page: Page, key = BEIJING_KEY): Promise<void> {
  await page.evaluate(async (key) => {
    const api = (window as unknown as { api: Api }).api;
    const use = await api.secrets!.useSessionOnly!();
    if (!use.ok) throw new Error('session-only refused');
    const set = await api.secrets!.setApiKey!({ apiKey: key });
    if (!set.ok) throw new Error('setApiKey failed');
  }, key);
}

/** Opens Draw and waits for the canvas, the first save and the Generate panel. */
export async function openDraw(page: Page, open: (p: Page) => Promise<void>): Promise<void> {
  await open(page);
  await page.locator('canvas.upper-canvas').waitFor();
  await waitSaved(page);
  await page.getByTestId('generate-panel').waitFor();
}

export async function drawTwoColours(page: Page): Promise<void> {
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
  await expect.poll(() => shownSketchColors(page)).toEqual(['#111827', '#dc2626']);
}

/** Calls one `window.api` method and returns its value (throws on a refusal). */
export async function apiCall<T>(page: Page, ns: string, method: string, payload?: unknown): Promise<T> {
  return page.evaluate(
    async ({ ns, method, payload }) => {
      const api = (window as unknown as { api: Api }).api;
      const r = await api[ns]![method]!(payload);
      if (!r.ok) throw new Error(`${ns}.${method}: ${JSON.stringify(r.error)}`);
      return r.value as never;
    },
    { ns, method, payload },
  );
}

export async function setUi(page: Page, ui: { language?: 'en' | 'zh-CN'; theme?: 'light' | 'dark' }): Promise<void> {
  await apiCall(page, 'settings', 'update', { ui });
  if (ui.theme) await expect(page.locator('html')).toHaveAttribute('data-theme', ui.theme);
}

export const SHOTS = 'test-results/screenshots';
export const SIZES = [
  { width: 1280, height: 800 },
  { width: 1024, height: 640 },
] as const;
