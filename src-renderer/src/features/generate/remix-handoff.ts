import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { GenerationParams } from '../../../../src-preload/contract/domain/generation';

/**
 * What a Remix from the Gallery hands to Draw's Generate panel: the parameters of the
 * generation (all of them, or only the prompt). The Gallery has already opened the sketch as a
 * new draft when the remix includes it. The panel calls `take()` when it is shown and applies
 * what it gets; `revision` grows with every offer so a panel that is already open can watch it.
 */
export interface RemixHandoff {
  /** `all`: every parameter; `prompt`: only `params.prompt` is meant (the rest is for reference). */
  readonly mode: 'all' | 'prompt';
  readonly params: GenerationParams;
  /** The gallery entry it came from. */
  readonly sourceId: string;
  /** The draft the Gallery created from the generation's scene, or null. */
  readonly draftId: string | null;
}

export const useRemixHandoff = defineStore('remix', () => {
  const pendingRemix = ref<RemixHandoff | null>(null);
  const revision = ref(0);

  function offer(handoff: RemixHandoff): void {
    pendingRemix.value = handoff;
    revision.value++;
  }

  /** The pending hand-off, once: a second call returns null until the next offer. */
  function take(): RemixHandoff | null {
    const h = pendingRemix.value;
    pendingRemix.value = null;
    return h;
  }

  return { pendingRemix, revision, offer, take };
});
