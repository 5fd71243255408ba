// Issue 17, "Accessibility, measured": axe-core on every view and dialog, in both themes and both
// languages, with 0 serious or critical violations; and a way from an empty app to an image in the
// gallery with the keyboard alone, with a visible focus indicator on every control it lands on.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { PNG } from 'pngjs';
import { addInput } from '../integration/gallery/fixtures';
import { drawStroke } from './canvas-helpers';
import { expect, test, type Harness } from './fixtures';
import { BEIJING_KEY, openDraw, setKey, setUi, SHOTS } from './ux-helpers';

// No keychain in the harness: the key is kept for the session, as a user would choose.
test.use({ harnessNoKeychain: true });

interface Finding {
  rule: string;
  impact: string;
  nodes: string[];
  summary: string;
}

const AXE_SOURCE = readFileSync('node_modules/axe-core/axe.min.js', 'utf8'); // the runner starts in the repo root;
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

/**
 * Serious and critical axe violations on the page (or inside `include`): the WCAG 2.x A/AA rules
 * and axe's best practices. axe is put into the page once per document (the app is one page) and
 * asked for violations only; @axe-core/playwright's builder re-injects and collects passes on
 * every call, which costs tens of seconds a view on a loaded machine.
 */
async function axe(page: Page, include?: string): Promise<Finding[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(
    async ({ include, tags }) => {
      type Result = {
        violations: Array<{
          id: string;
          impact?: string | null;
          nodes: Array<{ target: unknown[]; failureSummary?: string }>;
        }>;
      };
      const axe = (window as unknown as { axe: { run(context: unknown, options: object): Promise<Result> } }).axe;
      const r = await axe.run(include ? { include: [include] } : document, {
        runOnly: { type: 'tag', values: tags },
        resultTypes: ['violations'],
      });
      return r.violations.map((v) => ({
        id: v.id,
        impact: v.impact ?? '',
        nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary ?? '' })),
      }));
    },
    { include, tags: AXE_TAGS },
  );
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      rule: v.id,
      impact: v.impact,
      nodes: v.nodes.map((n) => n.target),
      summary: v.nodes[0]?.summary.split('\n').slice(0, 3).join(' ') ?? '',
    }));
}

type Check = (name: string, include?: string) => Promise<void>;

/**
 * Builds every state the views can show while checking the ones on the way: the first start
 * without a key, a cut prompt, the import question, then a gallery with entries and a Queue with
 * a finished, a partial, a failed, a running and a waiting generation.
 */
async function setUp(
  page: Page,
  harness: Harness,
  look: { theme: 'light' | 'dark'; language: 'en' | 'zh-CN' },
  check: Check,
) {
  for (const [task, prompt, style] of [
    ['a', 'a red cat on a roof', '<watercolor>'],
    ['b', '屋顶上的红猫', '<anime>'],
  ] as const)
    await harness.server.services.gallery.add(await addInput(task, { prompt, style, n: 2 }));
  await openDraw(page, (p) => harness.open(p));
  await setUi(page, look);
  await expect(page.locator('html')).toHaveAttribute('lang', look.language);
  await expect(page.getByTestId('generate-blocker')).toHaveAttribute('data-blocker', 'noKey');
  await check('generate-panel (first start, no key)', '[data-testid="generate-panel"]');

  await setKey(page);
  await drawStroke(page, [
    [120, 160],
    [380, 420],
    [640, 200],
  ]);
  await page
    .getByTestId('prompt-input')
    .fill('a lighthouse on a cliff at dusk, waves crashing below, seagulls in the warm evening sky');
  await expect(page.getByTestId('prompt-cut')).toBeVisible();
  await check('generate-panel (prompt cut)', '[data-testid="generate-panel"]');

  await page
    .getByTestId('import-input')
    .setInputFiles({ name: 'lines.png', mimeType: 'image/png', buffer: linesPng() });
  await expect(page.getByTestId('import-choice')).toBeVisible();
  await check('import question');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('import-choice')).toHaveCount(0);

  const sim = harness.sims.beijing;
  sim.runTimes.enqueue(500, 500, 500, 600_000_000, 600_000_000);
  sim.outcomes.enqueue(
    { kind: 'success' },
    { kind: 'partial', failed: 1 },
    { kind: 'fail', code: 'InternalError.Algo', message: 'Algorithm process error.' },
  );
  await page.getByTestId('prompt-input').fill('a lighthouse on a cliff at dusk');
  for (let i = 0; i < 3; i++) {
    await page.getByTestId('generate').click();
    await expect.poll(() => sim.counters.get('create') ?? 0, { timeout: 20_000 }).toBe(i + 1);
    // One at a time: each job's outcome is the one queued for it.
    await expect
      .poll(
        () =>
          harness.server.services.jobs.snapshot().jobs.filter((j) => ['done', 'partial', 'failed'].includes(j.state))
            .length,
        { timeout: 30_000 },
      )
      .toBe(i + 1);
  }
  await page.getByTestId('prompt-input').fill('屋顶上的红猫');
  await page.getByTestId('generate').click();
  await page.getByTestId('generate').click();
  await expect.poll(() => sim.counters.get('create'), { timeout: 15_000 }).toBe(4);
}

for (const theme of ['light', 'dark'] as const) {
  for (const language of ['en', 'zh-CN'] as const) {
    test(`axe: every view and dialog, ${theme}, ${language}: no serious or critical violations`, async ({
      page,
      harness,
    }) => {
      test.setTimeout(240_000);
      const found: Record<string, Finding[]> = {};
      const check: Check = async (name, include) => {
        found[name] = await axe(page, include);
        if (!include)
          await page.screenshot({ path: `${SHOTS}/a11y-${theme}-${language}-${name.replace(/\W+/g, '-')}.png` });
      };
      await setUp(page, harness, { theme, language }, check);

      await page.locator('[data-nav="draw"]').click();
      await page.getByTestId('generate-panel').waitFor();
      await check('draw');
      await check('generate-panel', '[data-testid="generate-panel"]');

      await page.locator('[data-explore="styles"]').click();
      await expect(page.getByTestId('explore-confirm')).toBeVisible();
      await check('explore-confirm');
      await page.keyboard.press('Escape');
      await expect(page.getByTestId('explore-confirm')).toHaveCount(0);

      await page.locator('[data-action="shortcuts"]').click();
      await expect(page.getByTestId('shortcut-sheet')).toBeVisible();
      await check('shortcut-sheet');
      await page.keyboard.press('Escape');
      await expect(page.getByTestId('shortcut-sheet')).toHaveCount(0);

      await page.locator('[data-nav="queue"]').click();
      await expect(page.locator('[data-view="queue"] [data-job]')).toHaveCount(5);
      for (const state of ['done', 'partial', 'failed', 'running'])
        await expect(page.locator(`[data-job][data-state="${state}"]`)).toHaveCount(1);
      await check('queue');

      await page.locator('[data-nav="gallery"]').click();
      await expect(page.getByTestId('gallery-tile')).toHaveCount(4);
      await check('gallery-grid');
      await page.getByTestId('gallery-tile').first().click();
      await expect(page.getByTestId('gallery-detail')).toBeVisible();
      await check('gallery-detail');

      await page.locator('[data-nav="settings"]').click();
      await expect(page.locator('[data-view="settings"]')).toBeVisible();
      await check('settings');

      const counts = Object.fromEntries(
        Object.entries(found).map(([k, v]) => [k, v.reduce((n, f) => n + f.nodes.length, 0)]),
      );
      mkdirSync('test-results/a11y', { recursive: true });
      writeFileSync(`test-results/a11y/axe-${theme}-${language}.json`, JSON.stringify({ counts, found }, null, 2));
      for (const [view, findings] of Object.entries(found))
        expect.soft(findings, `${view} (${theme}, ${language})`).toEqual([]);
    });
  }
}

/** What has the focus, and whether a focus indicator is drawn for it (outline or box-shadow, visible). */
async function focusState(page: Page) {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return { ok: false, what: 'nothing focused', ring: '' };
    // A composite widget (the gallery grid) keeps the focus and marks its current item.
    const active = el.getAttribute('aria-activedescendant');
    let target = (active && document.getElementById(active)) || el;
    // An invisible native input over a chip (colour pickers): its label draws the ring.
    const shown = (e: Element) => e.checkVisibility({ opacityProperty: true, visibilityProperty: true });
    if (!shown(target)) target = (target.closest('label') as HTMLElement | null) ?? target;
    const cs = getComputedStyle(target);
    const outline = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0;
    const shadow = cs.boxShadow !== 'none';
    const visible = shown(target);
    const what = `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.dataset.testid ? `[data-testid=${el.dataset.testid}]` : ''}${el.getAttribute('aria-label') ? ` "${el.getAttribute('aria-label')}"` : ` "${(el.textContent ?? '').trim().slice(0, 30)}"`}`;
    return {
      ok: visible && (outline || shadow),
      what,
      ring: `${cs.outlineStyle} ${cs.outlineWidth} ${cs.outlineColor} / ${cs.boxShadow}`,
    };
  });
}

/**
 * Presses Tab (or Shift+Tab) until the focus is on `selector`, checking on every stop that the
 * focused control shows a focus indicator. Returns the controls that showed none.
 */
async function tabTo(page: Page, selector: string, opts: { back?: boolean; max?: number } = {}): Promise<string[]> {
  const missing: string[] = [];
  let previous = '';
  for (let i = 0; i < (opts.max ?? 80); i++) {
    await page.keyboard.press(opts.back ? 'Shift+Tab' : 'Tab');
    const f = await focusState(page);
    if (!f.ok) missing.push(`${f.what} (${f.ring}), after ${previous}`);
    previous = f.what;
    if (await page.evaluate((sel) => !!document.activeElement?.matches(sel), selector)) return missing;
  }
  throw new Error(`Tab never reached ${selector}`);
}

test('in Draw, Space presses a control the keyboard focused, and still pans after a mouse click on one', async ({
  page,
  harness,
}) => {
  await openDraw(page, (p) => harness.open(p));
  const zoom = page.getByTestId('zoom-level');
  // Mouse: click Fit, 100 % by key, Space-drag pans (the Fit button is not pressed again).
  await page.locator('[data-action="fit"]').click();
  await page.keyboard.press('Control+1');
  await expect(zoom).toHaveText('100 %');
  const zoomed = await zoom.textContent();
  const before = (await page.locator('.paper').boundingBox())!;
  const host = (await page.getByTestId('sketch-host').boundingBox())!;
  const [cx, cy] = [host.x + host.width / 2, host.y + host.height / 2];
  await expect(page.locator('[data-action="fit"]')).toBeFocused();
  await page.keyboard.down('Space');
  await page.mouse.move(cx - 40, cy);
  await page.mouse.down();
  await page.mouse.move(cx + 40, cy, { steps: 4 });
  await page.mouse.up();
  await page.keyboard.up('Space');
  await expect(zoom).toHaveText(zoomed!);
  expect((await page.locator('.paper').boundingBox())!.x).toBeGreaterThan(before.x + 40);
  // Keyboard: Tab to a style, Space chooses it.
  await page.getByTestId('prompt-input').focus();
  await tabTo(page, '[data-style="<anime>"]', { max: 20 });
  await page.keyboard.press('Space');
  await expect(page.locator('[data-style="<anime>"]')).toHaveAttribute('aria-checked', 'true');
});

test('the shortcut sheet keeps the focus while open (it is modal) and gives it back to the button that opened it', async ({
  page,
  harness,
}) => {
  await openDraw(page, (p) => harness.open(p));
  expect(await tabTo(page, '[data-action="shortcuts"]', { max: 40 })).toEqual([]);
  await page.keyboard.press('Enter');
  const sheet = page.getByTestId('shortcut-sheet');
  await expect(sheet).toBeVisible();
  for (const key of ['Tab', 'Tab', 'Shift+Tab', 'Shift+Tab']) {
    await page.keyboard.press(key);
    expect(await sheet.evaluate((d) => d.contains(document.activeElement)), `focus after ${key}`).toBe(true);
  }
  await page.keyboard.press('Escape');
  await expect(sheet).toHaveCount(0);
  await expect(page.locator('[data-action="shortcuts"]')).toBeFocused();
});

test('the style and image-count radio groups move with the arrow keys, as radio groups do', async ({
  page,
  harness,
}) => {
  await openDraw(page, (p) => harness.open(p));
  await page.getByTestId('prompt-input').focus();
  expect(await tabTo(page, '[data-style="<auto>"]', { max: 20 })).toEqual([]);
  await page.keyboard.press('ArrowRight');
  const second = page.locator('.styles [role="radio"]').nth(1);
  await expect(second).toBeFocused();
  await expect(second).toHaveAttribute('aria-checked', 'true');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft'); // wraps to the last style
  const last = page.locator('.styles [role="radio"]').last();
  await expect(last).toBeFocused();
  await expect(last).toHaveAttribute('aria-checked', 'true');
  await page.locator('[data-n="4"]').focus();
  await page.keyboard.press('ArrowLeft');
  await expect(page.locator('[data-n="3"]')).toBeFocused();
  await expect(page.locator('[data-n="3"]')).toHaveAttribute('aria-checked', 'true');
});

/** A small line drawing (black strokes on white) for the import. */
function linesPng(): Buffer {
  const img = new PNG({ width: 300, height: 300 });
  img.data.fill(255);
  for (let i = 40; i < 260; i++)
    for (let w = -2; w <= 2; w++) {
      img.data.set([0, 0, 0, 255], ((i + w) * 300 + i) * 4);
      img.data.set([0, 0, 0, 255], ((150 + w) * 300 + i) * 4);
    }
  return PNG.sync.write(img);
}

test('keyboard alone: from an empty app to an image in the gallery, a visible focus indicator on every control on the way', async ({
  page,
  harness,
}) => {
  test.setTimeout(180_000);
  await openDraw(page, (p) => harness.open(p));
  await setUi(page, { theme: 'dark', language: 'en' });
  const missing: string[] = [];
  const go = async (selector: string, opts?: { back?: boolean; max?: number }) =>
    missing.push(...(await tabTo(page, selector, opts)));
  const shot = (name: string) => page.screenshot({ path: `${SHOTS}/a11y-keyboard-${name}.png` });

  // 1. No key yet: Draw says so; its action leads to Settings with the focus in the key card.
  await expect(page.getByTestId('generate-blocker')).toHaveAttribute('data-blocker', 'noKey');
  await go('[data-testid="blocker-action"]');
  await shot('blocker');
  await page.keyboard.press('Enter');
  await expect(page.locator('[data-view="settings"]')).toBeVisible();
  await expect
    .poll(() => page.evaluate(() => !!document.activeElement?.closest('[data-section="api-key"]')))
    .toBe(true);
  // This machine has no keychain: keep the key for this session, then type and save it.
  await go('[data-testid="keychain-session-only"]', { back: true, max: 20 });
  await page.keyboard.press('Enter');
  await expect(page.locator('[data-section="api-key"]')).toHaveAttribute('data-backend', 'session');
  await go('[data-testid="api-key-input"]', { max: 40 });
  await page.keyboard.type(BEIJING_KEY);
  await shot('settings-key');
  await page.keyboard.press('Enter'); // submits the key form
  await expect(page.getByTestId('api-key-status')).toHaveClass(/set/);

  // 2. Back to Draw by the sidebar, import a line drawing through the toolbar's Import button.
  await go('[data-nav="draw"]', { back: true, max: 40 });
  await page.keyboard.press('Enter');
  await expect(page.locator('[data-view="draw"]')).toBeVisible();
  await go('[data-action="import"]', { max: 30 });
  await shot('import');
  const chooser = page.waitForEvent('filechooser');
  await page.keyboard.press('Enter');
  await (await chooser).setFiles({ name: 'lines.png', mimeType: 'image/png', buffer: linesPng() });
  // On an empty page the drawing becomes the page: no question, nothing to arrange.
  await expect(page.getByTestId('object-count')).toHaveText('1 object');
  await expect(page.getByTestId('arrange-hint')).toHaveCount(0);

  // 3. Prompt, style, Generate.
  await go('#gen-prompt', { max: 60 });
  await page.keyboard.type('a lighthouse at dusk');
  await go('[data-style="<watercolor>"]', { max: 20 });
  await page.keyboard.press('Space');
  await expect(page.locator('[data-style="<watercolor>"]')).toHaveAttribute('aria-checked', 'true');
  await shot('style');
  await go('[data-testid="generate"]', { max: 40 });
  await shot('generate');
  await page.keyboard.press('Enter');
  await expect.poll(() => harness.server.services.gallery.list({}).then((r) => r.total), { timeout: 30_000 }).toBe(1);

  // 4. The Gallery by the sidebar; the grid takes the focus; Enter opens the newest result.
  await go('[data-nav="gallery"]', { back: true, max: 80 });
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('gallery-tile')).toHaveCount(1);
  await go('[data-testid="gallery-grid"]', { max: 30 });
  await shot('gallery-grid');
  await page.keyboard.press('Enter');
  const detail = page.getByTestId('gallery-detail');
  await expect(detail).toBeVisible();
  await expect(detail).toHaveAttribute('data-id', /.+/);
  await expect
    .poll(() =>
      detail.locator('img').evaluateAll((imgs) => imgs.filter((i) => (i as HTMLImageElement).naturalWidth > 0).length),
    )
    .toBeGreaterThan(0);
  await shot('gallery-detail');

  expect(missing, 'controls the focus reached without a visible focus indicator').toEqual([]);
});
