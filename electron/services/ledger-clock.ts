/**
 * The till's two clocks.
 *
 * The wall clock (env.now) is what people read and what the journal stamps, and anyone with the
 * OS settings can set it back — a clerk, a dead CMOS battery, an NTP step. Elapsed time
 * (performance.now: CLOCK_MONOTONIC) only moves forward while the process runs, whatever the wall
 * clock does. So:
 * - a journal `at` never goes backwards: each entry is stamped no earlier than the previous one,
 *   and when the wall clock is behind the time elapsed since the last entry by more than a
 *   tolerance, the stamp continues from that entry by the elapsed time (the best estimate of the
 *   real time) and a `clock.wentBack` entry records the wall clock it did not use;
 * - lockouts and session lifetimes are measured in elapsed time (sessions.ts, auth.ts).
 *
 * After a restart there is no elapsed time across the gap: the floor is then the last entry's
 * `at` plus the time since start.
 */

/** Drift between the monotonic and the wall clock (NTP slews ≤ 500 ppm) stays far below this. */
export const CLOCK_TOLERANCE_MS = 60_000;

import type { ClockSkew, ClockStatus } from '../../shared/api/types.ts';

export type { ClockSkew };

export interface Stamp {
  at: Date;
  /** set when this stamp found the wall clock newly behind: write a clock.wentBack entry */
  wentBack: ClockSkew | null;
}

export class LedgerClock {
  private anchorAt: number;
  private anchorElapsed: number;
  /** the wall clock is behind now (null once it caught up) */
  private current: ClockSkew | null = null;
  /** the newest time it was behind, kept for the manager after it caught up */
  private last: ClockSkew | null = null;

  constructor(
    private readonly wall: () => Date,
    private readonly elapsed: () => number,
    /** the newest journal entry's `at` (ms), or null on an empty journal */
    lastAt: number | null,
  ) {
    this.anchorAt = lastAt ?? Number.NEGATIVE_INFINITY;
    this.anchorElapsed = elapsed();
  }

  /** The time the next journal entry is stamped with. */
  stamp(): Stamp {
    const wall = this.wall().getTime();
    const e = this.elapsed();
    const floor = this.anchorAt + (e - this.anchorElapsed);
    let at: number;
    let wentBack: ClockSkew | null = null;
    if (floor - wall > CLOCK_TOLERANCE_MS) {
      at = floor;
      const behindMs = Math.round(floor - wall);
      // one entry per setting-back, not one per sale while the clock stays behind by as much;
      // offered again until a command that wrote it commits (recorded())
      if (!this.current || behindMs - this.current.behindMs > CLOCK_TOLERANCE_MS) {
        wentBack = { wallAt: new Date(wall).toISOString(), ledgerAt: new Date(at).toISOString(), behindMs };
      }
    } else {
      // within the tolerance the wall clock is right; a small step back is absorbed
      at = Math.max(wall, this.anchorAt);
      this.current = null;
    }
    this.anchorAt = at;
    this.anchorElapsed = e;
    return { at: new Date(at), wentBack };
  }

  /** A clock.wentBack entry for this skew committed. */
  recorded(skew: ClockSkew): void {
    this.current = skew;
    this.last = skew;
  }

  /** For the manager: how far the wall clock is behind now (null when it is right), and the newest time it was. */
  status(): ClockStatus {
    const wall = this.wall().getTime();
    const floor = this.anchorAt + (this.elapsed() - this.anchorElapsed);
    const behindMs = Math.round(floor - wall);
    const behind =
      behindMs > CLOCK_TOLERANCE_MS
        ? { wallAt: new Date(wall).toISOString(), ledgerAt: new Date(floor).toISOString(), behindMs }
        : null;
    return { behind, last: this.last };
  }
}
