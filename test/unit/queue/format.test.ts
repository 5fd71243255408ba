import { describe, expect, it } from 'vitest';
import { jobView } from '../fixtures/job-view';
import type { JobView } from '../../../src-preload/contract/domain/jobs';
import {
  canCancel,
  canMoveToFront,
  canRetry,
  clockTime,
  durationParts,
  elapsedMs,
  stageOf,
} from '../../../src-renderer/src/features/queue/format';

const job = (over: Partial<JobView>): JobView => jobView({ createdAt: 1_000, updatedAt: 1_000, ...over });

describe('queue formatting', () => {
  it('durations in s, min s, h min', () => {
    expect(durationParts(400)).toEqual({ key: 's', params: { n: 0 } });
    expect(durationParts(59_400)).toEqual({ key: 's', params: { n: 59 } });
    expect(durationParts(61_000)).toEqual({ key: 'm', params: { m: 1, s: 1 } });
    expect(durationParts(3 * 3600_000 + 5 * 60_000)).toEqual({ key: 'h', params: { h: 3, m: 5 } });
    expect(durationParts(-5)).toEqual({ key: 's', params: { n: 0 } });
  });

  it('clock time is hh:mm:ss, 24 h', () => {
    const t = new Date(2026, 11, 2, 9, 5, 7).getTime();
    expect(clockTime(t, 'en')).toBe('09:05:07');
    expect(clockTime(t, 'zh-CN')).toBe('09:05:07');
  });

  it('stages follow the state machine; final states have none', () => {
    expect(stageOf('queued')).toEqual({ i: 1, n: 7 });
    expect(stageOf('running')).toEqual({ i: 6, n: 7 });
    expect(stageOf('done')).toBeNull();
  });

  it('elapsed runs from the click to the last image, and never jumps back', () => {
    expect(elapsedMs(job({}), 5_000)).toBe(4_000);
    // Downloading: the task ended on the server at 3 s, but the clock keeps running (was 2 s).
    expect(elapsedMs(job({ state: 'downloading', endedAt: 3_000, updatedAt: 9_000 }), 10_000)).toBe(9_000);
    // Done: the last image was saved at 12 s (the task itself ended at 3 s).
    expect(elapsedMs(job({ state: 'done', endedAt: 3_000, updatedAt: 12_000 }), 20_000)).toBe(11_000);
  });

  it('actions offered by state', () => {
    expect(canCancel(job({}))).toBe(true);
    expect(canCancel(job({ state: 'running', cancelRequested: true }))).toBe(false);
    expect(canCancel(job({ state: 'done' }))).toBe(false);
    expect(canRetry(job({ state: 'failed' }))).toBe(true);
    expect(canRetry(job({ state: 'expired' }))).toBe(true);
    expect(canRetry(job({ state: 'running' }))).toBe(false);
    expect(canMoveToFront(job({}))).toBe(true);
    expect(canMoveToFront(job({ state: 'uploading' }))).toBe(false);
  });
});
