import type { Router } from 'vue-router';
import type { GalleryRemix } from '../../../../src-preload/contract/gallery';
import { api } from '../../api';
import { useRemixHandoff } from '../generate/remix-handoff';
import { useCanvasStore } from '../canvas/store';
import { useDraftsStore } from '../canvas/drafts/store';
import { unwrap } from '../../api-result';

export type RemixMode = 'all' | 'sketch' | 'prompt';

/** DRAFT_NAME_MAX of the drafts contract (a value import would pull zod into the renderer). */
const DRAFT_NAME_MAX = 120;

type Translate = (key: string, named?: Record<string, unknown>) => string;

const draftName = (remix: GalleryRemix, t: Translate): string => {
  const prompt = remix.params.prompt.trim();
  const name = prompt ? t('gallery.remix.draftName', { prompt }) : t('gallery.remix.untitled');
  return name.length > DRAFT_NAME_MAX ? `${name.slice(0, DRAFT_NAME_MAX - 1)}…` : name;
};

/**
 * Remix a generation into Draw. `all` and `sketch` open its scene as a new draft (drafts.create
 * makes it the last-open one, so a Draw that has not started yet opens it too); `all` and
 * `prompt` hand the parameters to the Generate panel through the remix store. Throws a
 * GalleryCallError when main refuses.
 */
export async function remixIntoDraw(id: string, mode: RemixMode, router: Router, t: Translate): Promise<void> {
  const remix = unwrap(await api.gallery.remix({ id }));
  let draftId: string | null = null;
  if (mode !== 'prompt' && remix.scene !== null) {
    const created = unwrap(await api.drafts.create({ name: draftName(remix, t), scene: remix.scene }));
    draftId = created.meta.id;
    // A Draw already on screen (kept alive) switches to it; one not started yet opens the last-open draft.
    if (useCanvasStore().controller) await useDraftsStore().open(draftId);
  }
  if (mode !== 'sketch')
    useRemixHandoff().offer({ mode: mode === 'all' ? 'all' : 'prompt', params: remix.params, sourceId: id, draftId });
  await router.push('/draw');
}

/** Thumbnail for jobs.enqueue: the stored sketch, scaled down in a canvas. */
async function thumbnailOf(sketchDataUrl: string): Promise<string> {
  const img = new Image();
  img.src = sketchDataUrl;
  await img.decode();
  const canvas = document.createElement('canvas');
  canvas.width = 128;
  canvas.height = 128;
  const ctx = canvas.getContext('2d');
  if (!ctx) return sketchDataUrl;
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, 128, 128);
  ctx.drawImage(img, 0, 0, 128, 128);
  return canvas.toDataURL('image/png');
}

/** Queues the exact stored sketch again with the same parameters (a new task: the model has no seed). */
export async function regenerate(id: string): Promise<void> {
  const remix = unwrap(await api.gallery.remix({ id }));
  unwrap(
    await api.jobs.enqueue({
      sketch: remix.sketch,
      thumbnail: await thumbnailOf(remix.sketch),
      scene: remix.scene,
      draftId: remix.draftId,
      variants: [remix.params],
      front: false,
    }),
  );
}
