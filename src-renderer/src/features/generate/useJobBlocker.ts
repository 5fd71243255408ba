import { computed, onActivated, onMounted, watch } from 'vue';
import { useSecrets } from '../../stores/secrets';
import { useQueueStore } from '../queue/store';
import { jobBlocker, type JobBlocker } from './blocker';

/**
 * The blocker for Draw, from the queue snapshot (pushed by main) and the key's presence. The key
 * can be saved elsewhere (Settings, another window), so its presence is asked again when Draw
 * shows, when a job's waits change, and before a queued notice is worded.
 */
export function useJobBlocker() {
  const queue = useQueueStore();
  const secrets = useSecrets();

  async function refreshKey(): Promise<void> {
    await secrets.loadStatus();
  }
  const waitingForKey = computed(() => queue.active.some((j) => j.wait?.reason === 'noApiKey'));
  const blocker = computed<JobBlocker | null>(() => {
    const s = queue.snapshot;
    return jobBlocker({
      storageError: !!s?.storageError,
      keySet: secrets.status ? secrets.status.apiKey.set : null,
      waitingForKey: waitingForKey.value,
      paused: s?.paused === true,
      online: s?.network.online !== false,
    });
  });
  // A job leaving (or entering) the noApiKey wait is main noticing a key change.
  watch(waitingForKey, () => void refreshKey());
  // While no key is known, every queue change may be the one after a key was saved.
  watch(
    () => queue.snapshot?.revision,
    () => {
      if (secrets.status?.apiKey.set === false) void refreshKey();
    },
  );
  onMounted(() => {
    void queue.start();
    void refreshKey();
  });
  onActivated(() => void refreshKey());

  return { blocker, refreshKey, resume: () => queue.setPaused(false) };
}
