import type { RunTimeModel } from './runtime-model';

/**
 * When to look, relative to the moment the task started running. Polls are dense around the
 * likely end (the central `denseMass` of the learned distribution), moderate over the rest of
 * the plausible range, and sparse in the tails. Step sizes follow the latency we want to see
 * (a poll every d ms means ~d/2 ms median detection delay), shrunk for very short tasks.
 */
export interface PollPlanOptions {
  /** Probability mass around the median covered with `denseStepMs`. */
  denseMass: number;
  denseStepMs: number;
  /** Quantiles bounding the covered range, polled every `coverStepMs`. */
  coverLow: number;
  coverHigh: number;
  coverStepMs: number;
  /** Beyond the covered range, gaps grow by this much up to `tailMaxStepMs`. */
  tailGrowthMs: number;
  tailMaxStepMs: number;
  /** Evenly spaced looks before the covered range, to catch tasks that fail early. */
  earlyPolls: number;
  /** Never poll more often than this (the task API allows 20 QPS per account). */
  minStepMs: number;
  /** Polls while PENDING (start time unknown): the SDKs' own 1,1,2,2,2,4… schedule. */
  pendingStepsMs: readonly number[];
}

export const DEFAULT_POLL_PLAN: PollPlanOptions = {
  denseMass: 0.5,
  denseStepMs: 500,
  coverLow: 0.03,
  coverHigh: 0.97,
  coverStepMs: 1000,
  tailGrowthMs: 1000,
  tailMaxStepMs: 5000,
  earlyPolls: 1,
  minStepMs: 100,
  pendingStepsMs: [1000, 1000, 2000, 2000, 2000, 4000, 4000, 4000, 5000],
};

export class PollPlan {
  readonly offsets: readonly number[];
  private readonly tailStart: number;
  private readonly tailFirstStep: number;

  constructor(
    model: RunTimeModel,
    private readonly o: PollPlanOptions = DEFAULT_POLL_PLAN,
  ) {
    const q = (p: number) => model.quantile(p);
    const dLo = q(0.5 - o.denseMass / 2);
    const dHi = q(0.5 + o.denseMass / 2);
    const cLo = q(o.coverLow);
    const cHi = q(o.coverHigh);
    const dense = Math.max(o.minStepMs, Math.min(o.denseStepMs, (dHi - dLo) / 8));
    const cover = Math.max(o.minStepMs, Math.min(o.coverStepMs, (cHi - cLo) / 8));
    const out: number[] = [];
    for (let i = 1; i <= o.earlyPolls; i++) out.push(Math.round((cLo * i) / (o.earlyPolls + 1)));
    // Walk forward from the cover start; the step depends on which band we are in.
    for (let t = cLo; t <= cHi && out.length < 10_000;) {
      out.push(Math.round(t));
      t += t >= dLo - dense && t < dHi ? dense : cover;
    }
    this.offsets = out;
    this.tailStart = out.at(-1) ?? cHi;
    this.tailFirstStep = Math.max(cover, o.minStepMs);
  }

  /** Delay until the next poll, given ms elapsed since the task started running. */
  nextDelay(elapsedMs: number): number {
    const next = this.offsets.find((t) => t > elapsedMs);
    if (next !== undefined) return Math.max(this.o.minStepMs, next - elapsedMs);
    // Past the plausible range: back off towards the SDKs' 5 s cadence.
    let t = this.tailStart;
    let step = this.tailFirstStep;
    for (let i = 0; t <= elapsedMs && i < 100_000; i++) {
      step = Math.min(this.o.tailMaxStepMs, step + this.o.tailGrowthMs);
      t += step;
    }
    return Math.max(this.o.minStepMs, t - elapsedMs);
  }

  pendingDelay(pendingPolls: number): number {
    const steps = this.o.pendingStepsMs;
    return steps[Math.min(pendingPolls, steps.length - 1)] ?? 5000;
  }
}
