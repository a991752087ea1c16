/**
 * Exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff And
 * Jitter"): the n-th retry waits a uniformly random time in [0, min(cap, base · 2^n)). Full
 * jitter spreads 200 tills that lost head office at the same moment over the whole window
 * instead of having them knock again in lockstep; `floorMs` keeps a failing loop from spinning.
 */
export interface BackoffOptions {
  /** first window (default 500 ms) */
  baseMs?: number;
  /** largest window (default 5 min) */
  capMs?: number;
  /** shortest wait ever returned (default 100 ms) */
  floorMs?: number;
  /** uniform [0, 1) (default Math.random; tests inject a seeded one) */
  random?: () => number;
}

export class Backoff {
  private failures = 0;
  private readonly base: number;
  private readonly cap: number;
  private readonly floor: number;
  private readonly random: () => number;

  constructor(opts: BackoffOptions = {}) {
    this.base = opts.baseMs ?? 500;
    this.cap = opts.capMs ?? 300_000;
    this.floor = opts.floorMs ?? 100;
    this.random = opts.random ?? Math.random;
  }

  /** failures in a row so far */
  get attempts(): number {
    return this.failures;
  }

  /** the window the next wait is drawn from */
  window(): number {
    // 2^n overflows nothing here: the exponent is capped long before doubles lose precision
    return Math.min(this.cap, this.base * 2 ** Math.min(this.failures, 40));
  }

  /** record one more failure and return how long to wait before the next try */
  fail(): number {
    const w = this.window();
    this.failures++;
    return Math.max(this.floor, Math.floor(this.random() * w));
  }

  reset(): void {
    this.failures = 0;
  }
}
