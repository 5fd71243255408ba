import { isFinalJobState, type JobsSnapshot, type JobView } from '../../src-preload/contract/domain/jobs';
import { resolveLocale, type LanguagePreference } from '../../src-preload/contract/domain/locale';

/**
 * What the shell shows outside the window: a desktop notification for each job that reached a
 * final state since the last snapshot, and the running job's progress on the taskbar/dock.
 * Pure, so the shell stays a few lines and this is tested without Electron.
 */
export interface JobFeedback {
  readonly ended: JobView[];
  /** 0…1 for the job whose task runs (from the ETA), or null for none (the bar is removed). */
  readonly progress: number | null;
}

export function jobFeedback(previous: JobsSnapshot | null, next: JobsSnapshot, now: number): JobFeedback {
  const before = new Map((previous?.jobs ?? []).map((j) => [j.id, j.state]));
  const ended = next.jobs.filter(
    (j) => isFinalJobState(j.state) && before.has(j.id) && !isFinalJobState(before.get(j.id)!),
  );
  const running = next.jobs.find((j) => j.state === 'running' || j.state === 'submitted' || j.state === 'downloading');
  let progress: number | null = null;
  if (running) {
    if (running.state === 'downloading') progress = 0.95;
    else if (running.etaAt !== null && running.submittedAt !== null && running.etaAt > running.submittedAt) {
      progress = Math.min(
        0.9,
        Math.max(0.02, (now - running.submittedAt) / (running.etaAt - running.submittedAt)) * 0.9,
      );
    } else progress = 0.02;
  }
  return { ended, progress };
}

const TEXTS = {
  en: {
    title: 'Wanx Sketch Studio',
    done: 'Your images are ready: “{prompt}”',
    partial: 'Some images are ready: “{prompt}”',
    failed: 'A generation failed: “{prompt}”',
    canceled: 'A generation was cancelled: “{prompt}”',
    expired: 'A generation expired: “{prompt}”',
  },
  'zh-CN': {
    title: '万相涂鸦工作室',
    done: '图片已生成：“{prompt}”',
    partial: '部分图片已生成：“{prompt}”',
    failed: '生成失败：“{prompt}”',
    canceled: '生成已取消：“{prompt}”',
    expired: '生成已过期：“{prompt}”',
  },
} as const;

/** The notification's words in the app's language setting (the OS locale only for "system"). */
export function endedNotification(
  job: JobView,
  language: LanguagePreference,
  osLocale: string,
): { title: string; body: string } {
  const t = TEXTS[resolveLocale(language, osLocale)];
  const state = isFinalJobState(job.state) ? job.state : 'done';
  const prompt =
    [...job.params.prompt].length > 40 ? `${[...job.params.prompt].slice(0, 40).join('')}…` : job.params.prompt;
  return { title: t.title, body: t[state].replace('{prompt}', prompt) };
}
