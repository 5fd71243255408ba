/**
 * What to do when the window's renderer process dies (Electron's `render-process-gone`): reload
 * the page so the user gets the app back (drafts autosave; jobs live in main), unless it exited
 * cleanly, or it keeps dying, in which case reloading would only loop.
 * Pure, so it is unit-tested without Electron; the shell (main.ts) acts on the answer.
 */

/** Electron's RenderProcessGoneDetails['reason'] values. */
export type RendererGoneReason =
  | 'clean-exit'
  | 'abnormal-exit'
  | 'killed'
  | 'crashed'
  | 'oom'
  | 'launch-failed'
  | 'integrity-failure'
  | 'memory-eviction';

/** At most this many reloads within the window below; a renderer that dies more is left down. */
export const MAX_RELOADS = 3;
export const RELOAD_WINDOW_MS = 60_000;

export type RendererGoneDecision =
  { action: 'reload'; reloads: readonly number[] } | { action: 'leave'; reloads: readonly number[] };

/**
 * `reloads` holds the times of earlier reloads (kept by the caller); the answer carries the list
 * to keep for next time.
 */
export function onRendererGone(reason: string, reloads: readonly number[], now: number): RendererGoneDecision {
  const recent = reloads.filter((t) => now - t < RELOAD_WINDOW_MS);
  if (reason === 'clean-exit') return { action: 'leave', reloads: recent };
  if (recent.length >= MAX_RELOADS) return { action: 'leave', reloads: recent };
  return { action: 'reload', reloads: [...recent, now] };
}
