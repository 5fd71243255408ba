import { describe, expect, it } from 'vitest';
import { jobView } from '../fixtures/job-view';
import type { JobsSnapshot, JobView } from '../../../src-preload/contract/domain/jobs';
import { endedNotification, jobFeedback } from '../../../src-main/jobs/feedback';

const job = (id: string, state: JobView['state'], over: Partial<JobView> = {}): JobView =>
  jobView({ id, state, ...over });
const snap = (jobs: JobView[]): JobsSnapshot => ({
  revision: 1,
  jobs,
  paused: false,
  network: { online: true, cause: null, checkedAt: 0 },
  problems: [],
  storageError: null,
});

describe('job feedback for the shell', () => {
  it('names the jobs that ended since the last snapshot, once', () => {
    const a = snap([job('a', 'running'), job('b', 'queued'), job('c', 'done')]);
    const b = snap([job('a', 'done'), job('b', 'failed'), job('c', 'done')]);
    expect(jobFeedback(a, b, 0).ended.map((j) => j.id)).toEqual(['a', 'b']);
    expect(jobFeedback(b, b, 0).ended).toEqual([]);
    expect(jobFeedback(null, b, 0).ended).toEqual([]);
  });

  it('shows the running task’s progress from its ETA, and none when nothing runs', () => {
    const running = snap([job('a', 'running', { submittedAt: 1000, etaAt: 11_000 })]);
    expect(jobFeedback(null, running, 6000).progress).toBeCloseTo(0.45);
    expect(jobFeedback(null, running, 60_000).progress).toBeCloseTo(0.9);
    expect(jobFeedback(null, snap([job('a', 'downloading')]), 0).progress).toBe(0.95);
    expect(jobFeedback(null, snap([job('a', 'queued')]), 0).progress).toBeNull();
  });

  it('words the notification in the app’s language setting; the OS locale only for "system"', () => {
    expect(endedNotification(job('a', 'done'), 'zh-CN', 'en-US')).toEqual({
      title: '万相涂鸦工作室',
      body: '图片已生成：“一只猫在屋顶上”',
    });
    // The app set to English on a Chinese OS speaks English (issue 17 item 8), and the reverse.
    expect(endedNotification(job('a', 'failed'), 'en', 'zh-CN').body).toBe('A generation failed: “一只猫在屋顶上”');
    expect(endedNotification(job('a', 'failed'), 'zh-CN', 'en-GB').body).toBe('生成失败：“一只猫在屋顶上”');
    expect(endedNotification(job('a', 'done'), 'system', 'zh-TW').body).toBe('图片已生成：“一只猫在屋顶上”');
    expect(endedNotification(job('a', 'done'), 'system', 'fr-FR').title).toBe('Wanx Sketch Studio');
    expect(
      endedNotification(
        job('a', 'partial', { params: { ...job('a', 'done').params, prompt: '长'.repeat(75) } }),
        'en',
        'en',
      ).body,
    ).toBe(`Some images are ready: “${'长'.repeat(40)}…”`);
  });
});
