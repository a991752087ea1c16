import { TZDate } from '@date-fns/tz';
import { addDays, nextFriday, set } from 'date-fns';

/**
 * The rental rate engine: the price of renting one item from `from` to `to` is the cheapest
 * valid combination of the periods its rate table offers — 4 hours, a day (24 h), a weekend, a
 * week (7 days), a month (30 days) — laid end to end from the pickup; the last one may run past
 * the return (a 20-hour rental costs a day). Pure: no clock, no database.
 *
 * The weekend is a calendar period, in the store's time zone: from Friday 12:00 to Monday 12:00.
 * A weekend block starts anywhere in that window and ends on the Monday at noon.
 *
 * Exact by dynamic programming over whole hours from the pickup (a started hour counts):
 * cost[t] = the cheapest sequence of blocks covering [0, t); each block leads from t to
 * min(t + its length, end). A year is 8,784 steps of five transitions.
 */

export interface RateTable {
  /** price of each period in minor units; null: the item is not rented by that period */
  fourHours: number | null;
  day: number | null;
  weekend: number | null;
  week: number | null;
  month: number | null;
}

export const RATE_PERIODS = ['fourHours', 'day', 'weekend', 'week', 'month'] as const;
export type RatePeriod = (typeof RATE_PERIODS)[number];

const HOUR = 3_600_000;
/** block lengths in hours (the weekend's depends on the calendar) */
const LENGTH: Record<Exclude<RatePeriod, 'weekend'>, number> = {
  fourHours: 4,
  day: 24,
  week: 7 * 24,
  month: 30 * 24,
};
/** the longest rental the engine prices: 3 years */
export const MAX_RENTAL_HOURS = 3 * 366 * 24;

export interface RentalQuote {
  /** minor units, for one item */
  price: number;
  /** the blocks chosen, longest period first (for the contract: "1 week + 2 days") */
  blocks: { period: RatePeriod; count: number }[];
  /** whole hours charged from the pickup (a started hour counts) */
  hours: number;
}

export type RateError = { error: 'DATES_REVERSED' } | { error: 'TOO_LONG' } | { error: 'NO_RATE' };

/** Whole hours from `from` to `to`, a started hour counted. */
export function rentalHours(from: Date, to: Date): number {
  return Math.ceil((to.getTime() - from.getTime()) / HOUR);
}

/** Days charged by the day rate alone: started 24-hour periods. */
export function rentalDays(from: Date, to: Date): number {
  return Math.ceil((to.getTime() - from.getTime()) / (24 * HOUR));
}

/** The weekend windows [Friday 12:00, Monday 12:00) in `timeZone` that overlap [from, to). */
export function weekendWindows(from: Date, to: Date, timeZone: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  // start from the Friday on or before the pickup (a Sunday pickup is inside that weekend)
  let fri = new TZDate(from.getTime(), timeZone);
  while (fri.getDay() !== 5) fri = addDays(fri, -1);
  for (;;) {
    const start = set(fri, { hours: 12, minutes: 0, seconds: 0, milliseconds: 0 });
    const end = set(addDays(fri, 3), { hours: 12, minutes: 0, seconds: 0, milliseconds: 0 });
    if (start.getTime() >= to.getTime()) break;
    if (end.getTime() > from.getTime()) out.push({ start: start.getTime(), end: end.getTime() });
    fri = nextFriday(fri);
  }
  return out;
}

/** The cheapest price of one item from `from` to `to` (exclusive), or why there is none. */
export function quoteRental(
  rates: RateTable,
  from: Date,
  to: Date,
  timeZone: string,
): RentalQuote | RateError {
  const t0 = from.getTime();
  if (!(to.getTime() > t0)) return { error: 'DATES_REVERSED' };
  const H = rentalHours(from, to);
  if (H > MAX_RENTAL_HOURS) return { error: 'TOO_LONG' };
  const cost = new Float64Array(H + 1).fill(Number.POSITIVE_INFINITY);
  const prev = new Int32Array(H + 1).fill(-1);
  const via = new Int8Array(H + 1).fill(-1);
  cost[0] = 0;
  const fixed = (['fourHours', 'day', 'week', 'month'] as const).filter((p) => rates[p] != null);
  // weekend blocks: from every hour inside a window to the window's Monday noon
  const weekendEnd = new Int32Array(H + 1).fill(-1);
  if (rates.weekend != null) {
    for (const w of weekendWindows(from, to, timeZone)) {
      const first = Math.max(0, Math.ceil((w.start - t0) / HOUR));
      const endAt = Math.floor((w.end - t0) / HOUR); // a block never covers past the Monday noon
      for (let t = first; t < Math.min(endAt, H); t++) weekendEnd[t] = Math.min(endAt, H);
    }
  }
  const periodIndex = (p: RatePeriod) => RATE_PERIODS.indexOf(p);
  for (let t = 0; t < H; t++) {
    const c = cost[t]!;
    if (c === Number.POSITIVE_INFINITY) continue;
    for (const p of fixed) {
      const j = Math.min(H, t + LENGTH[p]);
      const n = c + rates[p]!;
      if (n < cost[j]!) {
        cost[j] = n;
        prev[j] = t;
        via[j] = periodIndex(p);
      }
    }
    const we = weekendEnd[t]!;
    if (we > t) {
      const n = c + rates.weekend!;
      if (n < cost[we]!) {
        cost[we] = n;
        prev[we] = t;
        via[we] = periodIndex('weekend');
      }
    }
  }
  if (cost[H] === Number.POSITIVE_INFINITY) return { error: 'NO_RATE' };
  // the blocks by period, longest first (equal-cost orders of the same blocks are the same price)
  const counts = new Map<RatePeriod, number>();
  for (let j = H; j > 0; j = prev[j]!) {
    const p = RATE_PERIODS[via[j]!]!;
    counts.set(p, (counts.get(p) ?? 0) + 1);
  }
  const blocks = (['month', 'week', 'weekend', 'day', 'fourHours'] as const)
    .filter((p) => counts.has(p))
    .map((period) => ({ period, count: counts.get(period)! }));
  return { price: cost[H]!, blocks, hours: H };
}

export function isRateError(q: RentalQuote | RateError): q is RateError {
  return 'error' in q;
}

/** Returns after the planned return plus this grace pay a late fee. */
export const LATE_GRACE_MINUTES = 30;

/**
 * The late fee of a return at `returnedAt` for a rental planned from `from` to `plannedTo`: what
 * the rate table charges for the whole time the item was out, less what the planned period
 * cost. Nothing within the grace period or when the table cannot price the longer period.
 */
export function lateFee(
  rates: RateTable,
  from: Date,
  plannedTo: Date,
  returnedAt: Date,
  timeZone: string,
): number {
  if (returnedAt.getTime() <= plannedTo.getTime() + LATE_GRACE_MINUTES * 60_000) return 0;
  const planned = quoteRental(rates, from, plannedTo, timeZone);
  const actual = quoteRental(rates, from, returnedAt, timeZone);
  if (isRateError(planned) || isRateError(actual)) return 0;
  return Math.max(0, actual.price - planned.price);
}
