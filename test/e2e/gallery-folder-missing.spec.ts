import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { addInput } from '../integration/gallery/fixtures';
import { expect, test } from './fixtures';

test('a gallery on an unplugged drive is reported in the Gallery view, not re-made; Retry loads it once it is back', async ({
  page,
  harness,
}) => {
  // The user moved the gallery to an external drive…
  const drive = join(harness.dataDir, 'external-drive');
  const folder = join(drive, 'Gallery');
  mkdirSync(folder, { recursive: true });
  harness.server.services.settings.setGalleryFolder(folder);
  const server = await harness.restart();
  await server.services.gallery.add(await addInput('task-on-drive'));
  // …and the app starts with the drive unplugged.
  renameSync(drive, `${drive}.unplugged`);
  await harness.restart();
  await harness.open(page, '#/gallery');
  await expect(page.getByTestId('gallery-error')).toContainText(`The gallery folder “${folder}” is not there`);
  expect(existsSync(folder)).toBe(false);

  renameSync(`${drive}.unplugged`, drive);
  await page.getByTestId('gallery-error').getByRole('button').click();
  await expect(page.getByTestId('gallery-tile')).toHaveCount(1);
});
