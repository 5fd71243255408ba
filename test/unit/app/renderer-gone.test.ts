import { describe, expect, it } from 'vitest';
import { MAX_RELOADS, onRendererGone, RELOAD_WINDOW_MS } from '../../../src-main/app/renderer-gone';

describe('render-process-gone decision', () => {
  it('reloads after a crash, an OOM or a kill, and remembers when', () => {
    for (const reason of ['crashed', 'oom', 'killed', 'abnormal-exit', 'launch-failed', 'memory-eviction']) {
      expect(onRendererGone(reason, [], 1000)).toEqual({ action: 'reload', reloads: [1000] });
    }
  });

  it('leaves a clean exit alone', () => {
    expect(onRendererGone('clean-exit', [], 1000).action).toBe('leave');
  });

  it(`stops after ${MAX_RELOADS} reloads within a minute (no reload loop), and reloads again once they age out`, () => {
    let reloads: readonly number[] = [];
    const actions: string[] = [];
    for (let i = 0; i < MAX_RELOADS + 2; i++) {
      const d = onRendererGone('crashed', reloads, 1000 + i);
      reloads = d.reloads;
      actions.push(d.action);
    }
    expect(actions).toEqual([...Array<string>(MAX_RELOADS).fill('reload'), 'leave', 'leave']);
    expect(onRendererGone('crashed', reloads, 1000 + MAX_RELOADS + RELOAD_WINDOW_MS).action).toBe('reload');
  });
});
