import { describe, expect, it } from 'vitest';
import { PollPlan } from '../../../src-main/dashscope/poll-plan';
import { RunTimeModel, probit } from '../../../src-main/dashscope/runtime-model';

describe('run-time model', () => {
  it('probit matches known normal quantiles', () => {
    expect(probit(0.5)).toBeCloseTo(0, 9);
    expect(probit(0.95)).toBeCloseTo(1.644854, 5);
    expect(probit(0.01)).toBeCloseTo(-2.326348, 5);
    expect(() => probit(1)).toThrow(RangeError);
  });

  it('starts from the documented prior: median 27 s, ~90 % within 20–40 s', () => {
    const m = new RunTimeModel();
    expect(m.quantile(0.5)).toBeCloseTo(27_000, -1);
    expect(m.quantile(0.05)).toBeGreaterThan(19_000);
    expect(m.quantile(0.05)).toBeLessThan(20_500);
    expect(m.quantile(0.95)).toBeGreaterThan(36_000);
    expect(m.quantile(0.95)).toBeLessThan(40_500);
  });

  it('learns a faster service from observations and forgets old ones', () => {
    const m = new RunTimeModel({ window: 20 });
    for (let i = 0; i < 40; i++) m.observe(9_000 + (i % 5) * 100);
    expect(m.observations).toBe(20);
    expect(m.quantile(0.5)).toBeLessThan(13_000);
    m.observe(-5);
    m.observe(Number.NaN);
    expect(m.observations).toBe(20);
  });
});

describe('poll plan', () => {
  it('polls densely around the median and sparsely elsewhere', () => {
    const plan = new PollPlan(new RunTimeModel());
    const gapsAt = (t: number) => {
      const i = plan.offsets.findIndex((o) => o > t);
      return plan.offsets[i]! - plan.offsets[i - 1]!;
    };
    expect(gapsAt(27_000)).toBeLessThanOrEqual(500);
    expect(gapsAt(37_000)).toBeGreaterThanOrEqual(2 * gapsAt(27_000));
    expect(plan.offsets.length).toBeLessThan(40);
    expect(plan.offsets[0]).toBeGreaterThan(5_000); // one early look, not a poll every second
  });

  it('never waits longer than 5 s past the plausible range, and waits less as the end nears', () => {
    const plan = new PollPlan(new RunTimeModel());
    for (const t of [45_000, 60_000, 600_000]) {
      const d = plan.nextDelay(t);
      expect(d).toBeGreaterThan(0);
      expect(d).toBeLessThanOrEqual(5_000);
    }
    expect(plan.nextDelay(26_000)).toBeLessThanOrEqual(500);
  });

  it('scales down for very short tasks but keeps the minimum step', () => {
    const m = new RunTimeModel({ priorMedianMs: 300, priorWeight: 1 });
    const plan = new PollPlan(m);
    expect(plan.nextDelay(250)).toBeGreaterThanOrEqual(100);
    expect(plan.nextDelay(250)).toBeLessThan(500);
  });

  it('uses the SDK cadence while the task is still pending', () => {
    const plan = new PollPlan(new RunTimeModel());
    expect([0, 1, 2, 5, 8, 50].map((n) => plan.pendingDelay(n))).toEqual([1000, 1000, 2000, 4000, 5000, 5000]);
  });
});
