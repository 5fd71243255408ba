// Child process for the move test: moves the gallery at argv[2] to argv[3] with the real
// GalleryService and prints one JSON line with the outcome and the peak RSS.
import { deskFreeGallery } from './desk-free';

const [root, target] = process.argv.slice(2);
const gallery = deskFreeGallery(root!, {
  defaultRoot: root!,
  chooseFolder: async () => target!,
  persistFolder: () => undefined,
});

void (async () => {
  const { moved } = await gallery.moveFolder();
  // Linux reports maxRSS in KiB.
  process.stdout.write(`${JSON.stringify({ moved, maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`);
  process.exit(0);
})();
