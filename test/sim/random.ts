/** Seeded randomness, so a failing simulator run can be replayed exactly. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function standardNormal(random: () => number): number {
  const u = Math.max(random(), Number.EPSILON);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/**
 * Task run times: log-normal (default median 27 s, sigma 0.206 → 90 % within 20–40 s), unless
 * a test queued exact values.
 */
export class RunTimeSampler {
  private readonly queued: number[] = [];
  private readonly random: () => number;

  constructor(
    seed: number,
    public medianMs: number,
    public sigma: number,
  ) {
    this.random = mulberry32(seed);
  }

  /** Exact run times (ms, before the speed factor) for the next tasks, in order. */
  enqueue(...runMs: number[]): void {
    for (const ms of runMs) {
      if (!(ms > 0)) throw new RangeError(`run time must be positive, got ${ms}`);
      this.queued.push(ms);
    }
  }

  next(): number {
    return this.queued.shift() ?? this.draw();
  }

  draw(): number {
    return this.medianMs * Math.exp(this.sigma * standardNormal(this.random));
  }
}

/** Sliding one-second window per key. */
export class RateLimiter {
  private readonly hits = new Map<string, number[]>();

  tryAcquire(key: string, now: number, limit: number, windowMs = 1000): boolean {
    const recent = (this.hits.get(key) ?? []).filter((t) => t > now - windowMs);
    if (recent.length >= limit) {
      this.hits.set(key, recent);
      return false;
    }
    recent.push(now);
    this.hits.set(key, recent);
    return true;
  }
}
