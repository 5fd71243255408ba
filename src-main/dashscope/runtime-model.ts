/**
 * What we believe about how long a task RUNS (scheduled_time → end_time). A log-normal fits
 * well: durations are positive and right-skewed. The prior is what the service showed us
 * (median ~27 s, 90 % within 20–40 s); recent successful tasks pull the estimate towards this
 * account's reality, so a slower or faster service is learned within a few jobs.
 */

export interface RunTimeModelOptions {
  priorMedianMs: number;
  /** Standard deviation of ln(run time). 0.206 puts 90 % of mass in 20–40 s around 27 s. */
  priorSigma: number;
  /** How many observations the prior is worth. */
  priorWeight: number;
  /** Observations kept; older ones are forgotten so the model follows drift. */
  window: number;
  /** Floor for sigma, so a run of identical samples cannot make the plan blind to outliers. */
  minSigma: number;
}

export const DEFAULT_RUN_TIME_MODEL: RunTimeModelOptions = {
  priorMedianMs: 27_000,
  priorSigma: 0.206,
  priorWeight: 3,
  window: 40,
  minSigma: 0.08,
};

/** Inverse standard normal CDF (Acklam's rational approximation, |error| < 1.2e-9). */
export function probit(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`probit needs 0 < p < 1, got ${p}`);
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239,
  ];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const poly = (k: number[], x: number) => k.reduce((acc, v) => acc * x + v, 0);
  const lo = 0.02425;
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p));
    return poly(c, q) / (poly(d, q) * q + 1);
  }
  if (p > 1 - lo) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    return -poly(c, q) / (poly(d, q) * q + 1);
  }
  const q = p - 0.5;
  const r = q * q;
  return (poly(a, r) * q) / (poly(b, r) * r + 1);
}

export class RunTimeModel {
  private readonly o: RunTimeModelOptions;
  private readonly logs: number[] = [];

  constructor(options: Partial<RunTimeModelOptions> = {}) {
    this.o = { ...DEFAULT_RUN_TIME_MODEL, ...options };
  }

  /** Records one task's run time in ms; non-positive or absurd values are ignored. */
  observe(runMs: number): void {
    if (!Number.isFinite(runMs) || runMs <= 0 || runMs > 6 * 3600_000) return;
    this.logs.push(Math.log(runMs));
    if (this.logs.length > this.o.window) this.logs.shift();
  }

  get observations(): number {
    return this.logs.length;
  }

  /** Posterior-ish mean and spread of ln(run time): prior and samples pooled by weight. */
  params(): { mu: number; sigma: number } {
    const w = this.o.priorWeight;
    const priorMu = Math.log(this.o.priorMedianMs);
    const n = this.logs.length;
    const sum = this.logs.reduce((s, v) => s + v, 0);
    const mu = (w * priorMu + sum) / (w + n);
    const ss = this.logs.reduce((s, v) => s + (v - mu) ** 2, 0);
    const priorSs = w * (this.o.priorSigma ** 2 + (priorMu - mu) ** 2);
    const sigma = Math.max(this.o.minSigma, Math.sqrt((priorSs + ss) / (w + n)));
    return { mu, sigma };
  }

  /** Run time (ms) below which a fraction p of tasks finish. */
  quantile(p: number): number {
    const { mu, sigma } = this.params();
    return Math.exp(mu + sigma * probit(p));
  }
}
