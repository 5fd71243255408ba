// Child process for the crash test: adds generations one after another until it is killed.
import { deskFreeGallery } from './desk-free';
import { addInput } from './fixtures';

const [root, countArg] = process.argv.slice(2);
const gallery = deskFreeGallery(root!);

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
