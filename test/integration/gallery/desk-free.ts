// A GalleryService with nothing to show it and nowhere to send things: the system clock, no
// events, trash and dialogs that do nothing. For child processes and benchmarks that only read,
// write or move the folder. Kept apart from fixtures.ts so those processes load no image codec
// (move-child.ts reports its peak RSS).
import { systemClock } from '../../../src-main/common/clock';
import { GalleryService, type GalleryServiceDeps } from '../../../src-main/gallery/gallery-service';

export const deskFreeGallery = (root: string, over: Partial<GalleryServiceDeps> = {}): GalleryService =>
  new GalleryService({
    root,
    clock: systemClock,
    emit: () => undefined,
    trashItem: async () => undefined,
    showSaveDialog: async () => null,
    showItemInFolder: async () => undefined,
    imageBase: 'app://gallery/',
    ...over,
  });
