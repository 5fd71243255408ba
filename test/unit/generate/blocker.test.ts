import { describe, expect, it } from 'vitest';
import { jobBlocker, type BlockerFacts } from '../../../src-renderer/src/features/generate/blocker';

const ok: BlockerFacts = { storageError: false, keySet: true, waitingForKey: false, paused: false, online: true };

describe('jobBlocker', () => {
  it('is null when a job can start', () => {
    expect(jobBlocker(ok)).toBeNull();
    // Not known yet is not "no key".
    expect(jobBlocker({ ...ok, keySet: null })).toBeNull();
  });
  it('names each blocker, fixable ones first', () => {
    expect(jobBlocker({ ...ok, keySet: false })).toBe('noKey');
    expect(jobBlocker({ ...ok, waitingForKey: true })).toBe('noKey');
    expect(jobBlocker({ ...ok, paused: true })).toBe('paused');
    expect(jobBlocker({ ...ok, online: false })).toBe('offline');
    expect(jobBlocker({ ...ok, storageError: true, keySet: false, paused: true, online: false })).toBe('storage');
    expect(jobBlocker({ ...ok, keySet: false, paused: true, online: false })).toBe('noKey');
    expect(jobBlocker({ ...ok, paused: true, online: false })).toBe('paused');
  });
});
