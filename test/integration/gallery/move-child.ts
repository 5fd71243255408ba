// Child process for the move test: moves the gallery at argv[2] to argv[3] with the real
// GalleryService and prints one JSON line with the outcome and the peak RSS.
import { systemClock } from '../../../src-main/common/clock';
import { GalleryService } from '../../../src-main/gallery/gallery-service';

const [root, target] = process.argv.slice(2);
const gallery = new GalleryService({
  root: root!,
  defaultRoot: root!,
  clock: systemClock,
  emit: () => undefined,
  trashItem: async () => undefined,
  showSaveDialog: async () => null,
  showItemInFolder: async () => undefined,
  imageBase: 'app://gallery/',
  chooseFolder: async () => target!,
  persistFolder: () => undefined,
});

void (async () => {
  const { moved } = await gallery.moveFolder();
  // Linux reports maxRSS in KiB.
  process.stdout.write(`${JSON.stringify({ moved, maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`);
  process.exit(0);
})();
