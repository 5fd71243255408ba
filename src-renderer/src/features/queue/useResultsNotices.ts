import { watch } from 'vue';
import { isFinalJobState } from '../../../../src-preload/contract/domain/jobs';
import { useNotices } from '../../stores/notices';
import { useResultsStore } from './results';
import { useQueueStore } from '../../stores/queue';

/**
 * Says where the user is that images are ready: a notice with the thumbnails that opens the
 * generation (the desktop notification is for when the window is not focused). Only for jobs
 * this window saw running or that were queued since it opened, once each.
 */
export function useResultsNotices(): void {
  const queue = useQueueStore();
  const results = useResultsStore();
  const notices = useNotices();
  const openedAt = Date.now();
  const live = new Set<string>();
  const told = new Set<string>();
  void queue.start();

  watch(
    () => queue.snapshot,
    async (s) => {
      if (!s) return;
      const ended = [];
      for (const j of s.jobs) {
        if (!isFinalJobState(j.state) || j.createdAt >= openedAt) live.add(j.id);
        if ((j.state === 'done' || j.state === 'partial') && j.galleryId && live.has(j.id) && !told.has(j.id)) {
          told.add(j.id);
          ended.push({ ...j, galleryId: j.galleryId });
        }
      }
      if (!ended.length) return;
      await results.load(
        ended.map((j) => j.galleryId),
        Math.min(...ended.map((j) => j.createdAt)),
      );
      for (const j of ended) {
        notices.results({
          galleryId: j.galleryId,
          setId: j.setId,
          prompt: j.params.prompt,
          thumbs: results.byId.get(j.galleryId)?.thumbs ?? [],
          failed: j.state === 'partial',
        });
      }
    },
  );
}
