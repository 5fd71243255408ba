import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { drawStroke, shownSketchColors, waitSaved } from './canvas-helpers';

const BEIJING_KEY = 'sk-sim0000000000000000000000000001';
const BLACK = [17, 24, 39]; // default brush #111827
const RED = [220, 38, 38]; // swatch #dc2626

// No keychain in the harness: the key is kept for the session, as a user would choose.
test.use({ harnessNoKeychain: true });

async function setKey(page: Page) {
  await page.evaluate(async (key) => {
    const api = (
      window as unknown as { api: Record<string, Record<string, (p?: unknown) => Promise<{ ok: boolean }>>> }
    ).api;
    const use = await api.secrets!.useSessionOnly!();
    if (!use.ok) throw new Error('session-only refused');
    const set = await api.secrets!.setApiKey!({ apiKey: key });
    if (!set.ok) throw new Error('setApiKey failed');
  }, BEIJING_KEY);
}

async function drawTwoColours(page: Page) {
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

const genColors = (page: Page) =>
  page
    .locator('[data-testid="gen-colors"] [data-color]')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-color')));

async function galleryTotal(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const api = (
      window as unknown as {
        api: { gallery: { list(q?: object): Promise<{ ok: boolean; value?: { total: number } }> } };
      }
    ).api;
    const r = await api.gallery.list({});
    return r.ok ? r.value!.total : -1;
  });
}

test.beforeEach(async ({ page, harness }) => {
  await harness.open(page);
  await page.locator('canvas.upper-canvas').waitFor();
  await waitSaved(page);
  await page.getByTestId('generate-panel').waitFor();
});

test('draw two colours, Generate, watch the stages in the Queue view, four images in the gallery; the create carried exactly the drawn colours', async ({
  page,
  harness,
}) => {
  await setKey(page);
  await drawTwoColours(page);
  await expect.poll(() => genColors(page)).toEqual(['#111827', '#dc2626']);
  await page.getByTestId('prompt-input').fill('a red fox in a snowy forest');
  await expect(page.getByTestId('prompt-counter')).toHaveText('27 / 75');
  // A new account's free quota covers them (prices: first-generation.spec item 4).
  await expect(page.getByTestId('generate-cost')).toHaveText('4 images · free');
  // A run long enough (2 s at the harness' speed) for the stages to be seen.
  harness.sims.beijing.runTimes.enqueue(200_000);

  // Record every state a job row shows, from the moment the Queue view renders it.
  await page.getByTestId('generate').click();
  await expect(page.getByTestId('indicator-running').or(page.getByTestId('indicator-queued'))).toBeVisible();
  await page.getByTestId('queue-indicator').click();
  await expect(page.locator('[data-view="queue"]')).toBeVisible();
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { seenStates: string[] }).seenStates = seen;
    const note = () => {
      for (const el of document.querySelectorAll('[data-job]')) {
        const s = el.getAttribute('data-state');
        if (s && seen[seen.length - 1] !== s) seen.push(s);
      }
    };
    note();
    new MutationObserver(note).observe(document.body, {
      subtree: true,
      childList: true,
      attributes: true,
      attributeFilter: ['data-state'],
    });
  });
  const row = page.locator('[data-job]');
  await expect(row).toHaveCount(1);
  await expect(row.getByTestId('job-state')).toHaveText('Generating', { timeout: 15_000 });
  await expect(row).toHaveAttribute('data-state', 'done', { timeout: 20_000 });
  const seen = await page.evaluate(() => (window as unknown as { seenStates: string[] }).seenStates);
  expect(seen).toContain('running');
  expect(seen.at(-1)).toBe('done');
  await expect(row.getByTestId('job-images')).toHaveText('4 of 4 images saved');
  await expect(page.getByTestId('usage-images')).toHaveText('4');
  await expect(page.getByTestId('usage-cost')).toHaveText('¥0.00');

  // Exactly one create, carrying exactly the drawn colours (darkest first), the prompt and n.
  const sim = harness.sims.beijing;
  expect(sim.counters.get('create')).toBe(1);
  const [taskId] = sim.tasks.ids();
  const task = await sim.tasks.get(taskId!);
  expect(task?.sketchColor).toEqual([BLACK, RED]);
  expect(task).toMatchObject({
    prompt: 'a red fox in a snowy forest',
    n: 4,
    sketchWeight: 10,
    style: '<auto>',
    sketchExtraction: false,
  });

  // The gallery has the entry with four images, and the Gallery view opens it.
  expect(await galleryTotal(page)).toBe(1);
  await row.locator('[data-action="open"]').click();
  await expect(page.locator('[data-view="gallery"]')).toBeVisible();
  await expect(page).toHaveURL(/#\/gallery\?id=/);

  // The prompt was remembered: ↑ in an empty prompt brings it back, after a restart too.
  await harness.restart();
  await harness.open(page);
  await page.getByTestId('generate-panel').waitFor();
  const input = page.getByTestId('prompt-input');
  await input.click();
  await expect
    .poll(async () => {
      await input.press('ArrowUp');
      return input.inputValue();
    })
    .toBe('a red fox in a snowy forest');
  await input.press('ArrowDown');
  await expect(input).toHaveValue('');
});

test('a prompt over 75 characters shows the cut and sends 75; an empty prompt is refused and nothing is queued', async ({
  page,
  harness,
}) => {
  await setKey(page);
  await drawTwoColours(page);
  await page.getByTestId('generate').click();
  await expect(page.getByTestId('generate-problem')).toHaveText(/Write a prompt first/);
  await expect(page.getByTestId('prompt-input')).toBeFocused();
  // Only spaces is empty too.
  await page.getByTestId('prompt-input').fill('   ');
  await page.keyboard.press('Control+Enter');
  await expect(page.getByTestId('generate-problem')).toBeVisible();
  const list = await page.evaluate(
    async () =>
      (
        await (
          window as unknown as { api: { jobs: { list(): Promise<{ ok: true; value: { jobs: unknown[] } }> } } }
        ).api.jobs.list()
      ).value.jobs.length,
  );
  expect(list).toBe(0);

  // 80 Chinese characters (code points): 75 kept, 5 shown as cut.
  const long = '山'.repeat(70) + '水花鸟鱼虫草木';
  await page.getByTestId('prompt-input').fill(`${long}云天`);
  await expect(page.getByTestId('prompt-counter')).toHaveText('79 / 75');
  await expect(page.getByTestId('prompt-cut')).toBeVisible();
  await expect(page.getByTestId('prompt-kept')).toHaveText('山'.repeat(70) + '水花鸟鱼虫');
  await expect(page.getByTestId('prompt-overflow')).toHaveText('草木云天');
  await page.getByTestId('generate').click();
  await expect(page.getByTestId('indicator-running').or(page.getByTestId('indicator-queued'))).toBeVisible();
  await expect.poll(() => harness.sims.beijing.counters.get('create'), { timeout: 15_000 }).toBe(1);
  const task = await harness.sims.beijing.tasks.get(harness.sims.beijing.tasks.ids()[0]!);
  expect([...task!.prompt]).toHaveLength(75);
  expect(task!.prompt).toBe('山'.repeat(70) + '水花鸟鱼虫');
});

test('Explore asks once before more than 16 images; Ctrl+Enter generates, Ctrl+Shift+Enter queues at the front', async ({
  page,
}) => {
  // No key yet: jobs wait (noApiKey), so the queue's order stays put for the test.
  await drawTwoColours(page);
  await page.getByTestId('prompt-input').fill('lighthouse at dusk');
  const jobs = () =>
    page.evaluate(async () => {
      const r = await (
        window as unknown as {
          api: {
            jobs: {
              list(): Promise<{
                ok: true;
                value: {
                  jobs: Array<{
                    id: string;
                    params: { style: string; sketchWeight: number; n: number };
                    setId: string | null;
                    state: string;
                  }>;
                };
              }>;
            };
          };
        }
      ).api.jobs.list();
      return r.value.jobs;
    });

  // Weight sweep: 4 jobs × 4 images = 16, queued without a question.
  await expect(page.locator('[data-explore="weights"]')).toContainText('4 jobs · 16 images · free');
  await page.locator('[data-explore="weights"]').click();
  await expect.poll(async () => (await jobs()).length).toBe(4);
  const sweep = await jobs();
  expect(sweep.map((j) => j.params.sketchWeight).sort((a, b) => a - b)).toEqual([2, 5, 8, 10]);
  expect(new Set(sweep.map((j) => j.setId)).size).toBe(1);
  expect(sweep[0]!.setId).not.toBeNull();
  await expect(page.getByTestId('explore-confirm')).toHaveCount(0);

  // Every style: 8 × 4 = 32 images → asks; Cancel queues nothing, confirming queues 8.
  await page.locator('[data-explore="styles"]').click();
  await expect(page.getByTestId('explore-confirm')).toContainText('Queue 32 images?');
  await expect(page.getByTestId('explore-confirm')).toContainText('32 images · free');
  await page.getByTestId('explore-confirm-no').click();
  await expect(page.getByTestId('explore-confirm')).toHaveCount(0);
  expect((await jobs()).length).toBe(4);
  await page.locator('[data-explore="styles"]').click();
  await page.getByTestId('explore-confirm-yes').click();
  await expect.poll(async () => (await jobs()).length).toBe(12);

  // With n = 1, every style is 8 images: no question.
  await page.locator('[data-n="1"]').click();
  await expect(page.getByTestId('generate-cost')).toHaveText('1 image · free');

  // Ctrl+Enter from the canvas (not typing) queues at the back, Ctrl+Shift+Enter at the front.
  await page.locator('[data-style="<anime>"]').click();
  await page.locator('canvas.upper-canvas').hover();
  await page.keyboard.press('Control+Enter');
  await expect.poll(async () => (await jobs()).length).toBe(13);
  let order = await jobs();
  expect(order.at(-1)!.params).toMatchObject({ style: '<anime>', n: 1 });
  await page.locator('[data-style="<watercolor>"]').click();
  await page.getByTestId('prompt-input').focus();
  await page.keyboard.press('Control+Shift+Enter');
  await expect.poll(async () => (await jobs()).length).toBe(14);
  order = await jobs();
  expect(order[0]!.params).toMatchObject({ style: '<watercolor>', n: 1 });

  // The Queue view says why they wait, with the way to fix it.
  await page.getByTestId('queue-indicator').click();
  await expect(page.locator('[data-job]').first().getByTestId('job-wait')).toContainText('Waiting for an API key');
  await expect(page.locator('[data-job]').first().getByRole('link', { name: 'Add it in Settings' })).toBeVisible();
});

test('screenshots: Draw with the panel and the Queue view, en and zh-CN, light and dark', async ({ page, harness }) => {
  test.setTimeout(120_000);
  await setKey(page);
  await drawTwoColours(page);
  await page
    .getByTestId('prompt-input')
    .fill('a lighthouse on a cliff at dusk, waves crashing below, seagulls in the warm evening sky');
  // One job done, one running for a long while, two waiting behind it.
  harness.sims.beijing.runTimes.enqueue(1_000, 60_000_000);
  await page.getByTestId('generate').click();
  await expect.poll(() => harness.sims.beijing.counters.get('create'), { timeout: 15_000 }).toBe(1);
  await page.locator('[data-n="2"]').click();
  await page.locator('[data-style="<watercolor>"]').click();
  await page.getByTestId('generate').click();
  await page.locator('[data-explore="weights"]').click();
  await page.locator('[data-n="4"]').click();
  await expect.poll(() => harness.sims.beijing.counters.get('create'), { timeout: 15_000 }).toBe(2);
  // One folder of screenshots to look at after a run (test-results/ is the runner's, gitignored).
  const dir = 'test-results/screenshots';
  const sizes = [
    { width: 1280, height: 800 },
    { width: 1024, height: 640 },
  ];
  for (const language of ['en', 'zh-CN'] as const) {
    for (const theme of ['light', 'dark'] as const) {
      await page.evaluate(
        async (ui) => {
          const api = (window as unknown as { api: { settings: { update(p: object): Promise<{ ok: boolean }> } } }).api;
          await api.settings.update({ ui });
        },
        { language, theme },
      );
      await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
      for (const size of sizes) {
        await page.setViewportSize(size);
        await page.goto(page.url().replace(/#.*/, '#/draw'));
        await page.getByTestId('generate-panel').waitFor();
        await page.getByTestId('generate-panel').evaluate((el) => el.scrollTo(0, 0));
        await page.screenshot({ path: `${dir}/draw-${language}-${theme}-${size.width}.png` });
        await page.getByTestId('queue-indicator').click();
        await expect(page.locator('[data-job]')).toHaveCount(6);
        await page.screenshot({ path: `${dir}/queue-${language}-${theme}-${size.width}.png` });
      }
    }
  }
});
