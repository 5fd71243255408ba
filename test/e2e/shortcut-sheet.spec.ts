import { expect, test } from './fixtures';
import { openDraw, setUi, SHOTS } from './ux-helpers';

// Issue 17 item 2: the shortcut sheet is the app's one dialog (a modal <dialog>: the focus moves
// in, Esc closes, the focus goes back), and item 7: it lists the Generate and Gallery keys as they
// now are (a click opens a tile; Ctrl/⌘-click, Shift-click and Space select).
test('the shortcut sheet is the shared modal dialog and lists the Generate and Gallery keys, in both languages', async ({
  page,
  harness,
}) => {
  await openDraw(page, (p) => harness.open(p));
  const button = page.locator('[data-action="shortcuts"]');
  await button.focus();
  await page.keyboard.press('Enter');
  const sheet = page.getByTestId('shortcut-sheet');
  await expect(sheet).toBeVisible();
  expect(await sheet.evaluate((d) => d.tagName === 'DIALOG' && d.matches(':modal'))).toBe(true);
  expect(await sheet.evaluate((d) => d.contains(document.activeElement))).toBe(true);

  const keys = (id: string) => sheet.locator(`[data-shortcut="${id}"] kbd`);
  await expect(keys('generate.generate')).toHaveText(['Ctrl', 'Enter']);
  await expect(keys('gallery.open')).toHaveText(['click', 'Enter']);
  await expect(keys('gallery.select')).toHaveText(['Ctrl', 'click', 'Space']);
  await expect(keys('gallery.range')).toHaveText(['Shift', 'click', 'Shift', '←', '→', '↑', '↓']);
  await expect(keys('gallery.undoDelete')).toHaveText(['Ctrl', 'Z']);
  await expect(keys('gallery.images')).toHaveText(['←', '→']);
  await expect(sheet.locator('[data-shortcut="gallery.select"] dt')).toHaveText('Select or unselect a tile');

  await page.keyboard.press('Escape');
  await expect(sheet).toHaveCount(0);
  await expect(button).toBeFocused();

  await setUi(page, { language: 'zh-CN' });
  await button.click();
  await expect(sheet.locator('h2')).toHaveText('键盘快捷键');
  await expect(sheet.locator('[data-shortcut="gallery.select"] dt')).toHaveText('选中或取消选中');
  await expect(keys('gallery.open')).toHaveText(['点击', 'Enter']);
  await page.screenshot({ path: `${SHOTS}/gux-shortcut-sheet-zh-CN-light-1280.png` });
  await setUi(page, { theme: 'dark' });
  await page.setViewportSize({ width: 1024, height: 640 });
  await page.screenshot({ path: `${SHOTS}/gux-shortcut-sheet-zh-CN-dark-1024.png` });
  await page.keyboard.press('Escape');
  await expect(sheet).toHaveCount(0);
});
