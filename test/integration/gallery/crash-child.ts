// Child process for the crash test: adds generations one after another until it is killed.
import { systemClock } from '../../../src-main/common/clock';
import { GalleryService } from '../../../src-main/gallery/gallery-service';
import { addInput } from './fixtures';

const [root, countArg] = process.argv.slice(2);
const gallery = new GalleryService({
  root: root!,
  clock: systemClock,
  emit: () => undefined,
  trashItem: async () => undefined,
  showSaveDialog: async () => null,
  showItemInFolder: async () => undefined,
  imageBase: 'app://gallery/',
});

void (async () => {
  await gallery.start();
  for (let i = 0; i < Number(countArg); i++) {
    const input = await addInput(`crash-${i}`, { n: 4, size: 384 });
    process.stdout.write(`start ${i}\n`); // the hand-over is ready: add() runs from here
    await gallery.add(input);
    process.stdout.write(`added ${i}\n`);
  }
  process.exit(0);
})();
