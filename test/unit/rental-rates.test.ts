import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { storeDays } from '../../shared/rental/days.ts';
import {
  isRateError,
  lateFee,
  quoteRental,
  type RateTable,
  rentalDays,
  weekendWindows,
} from '../../shared/rental/rates.ts';

/** A Québec tool-rental table: 4 h 25.00, day 40.00, weekend 60.00, week 160.00, month 450.00. */
const RATES: RateTable = { fourHours: 2500, day: 4000, weekend: 6000, week: 16_000, month: 45_000 };
const TZ = 'America/Toronto';
/** wall-clock time in Toronto: EST (−05:00) in winter */
const est = (t: string) => new Date(`${t}:00-05:00`);
const edt = (t: string) => new Date(`${t}:00-04:00`);

function price(from: Date, to: Date, rates: RateTable = RATES) {
  const q = quoteRental(rates, from, to, TZ);
  if (isRateError(q)) throw new Error(q.error);
  return q;
}

describe('quoteRental: worked examples (Tue 1 Dec 2026 onwards, Toronto)', () => {
  it.each([
    ['3 hours on a Tuesday: one 4-hour block', '2026-12-01T09:00', '2026-12-01T12:00', 2500, 'fourHours×1'],
    [
      '5 hours: a day is cheaper than two 4-hour blocks',
      '2026-12-01T09:00',
      '2026-12-01T14:00',
      4000,
      'day×1',
    ],
    ['26 hours: a day and a 4-hour block', '2026-12-01T09:00', '2026-12-02T11:00', 6500, 'day×1 fourHours×1'],
    ['Friday 14:00 to Monday 10:00: the weekend', '2026-12-04T14:00', '2026-12-07T10:00', 6000, 'weekend×1'],
    ['5 days Tuesday to Sunday: a week', '2026-12-01T09:00', '2026-12-06T09:00', 16_000, 'week×1'],
    ['10 days: a week and three days', '2026-12-01T09:00', '2026-12-11T09:00', 28_000, 'week×1 day×3'],
    ['35 days: a month and a week', '2026-12-01T09:00', '2027-01-05T09:00', 61_000, 'month×1 week×1'],
    [
      'Thursday 9:00 to Monday 12:00: a day, then the weekend from Friday 12:00',
      '2026-12-03T09:00',
      '2026-12-07T12:00',
      // a day (Thu 9 → Fri 9) + 4 h (Fri 9 → 13) + weekend (Fri 13 → Mon 12) = 125.00 < 4 days 160.00 = a week
      12_500,
      'weekend×1 day×1 fourHours×1',
    ],
  ])('%s', (_what, from, to, expected, blocks) => {
    const q = price(est(from), est(to));
    expect(q.price).toBe(expected);
    expect(q.blocks.map((b) => `${b.period}×${b.count}`).join(' ')).toBe(blocks);
  });

  it('the weekend follows the store clock across the spring DST change (71 hours that weekend)', () => {
    // 8 March 2026: Toronto moves from EST to EDT; Fri 12:00 EST → Mon 12:00 EDT is 71 h
    const w = weekendWindows(est('2026-03-06T12:00'), edt('2026-03-09T12:00'), TZ);
    expect(w).toEqual([{ start: est('2026-03-06T12:00').getTime(), end: edt('2026-03-09T12:00').getTime() }]);
    expect(price(est('2026-03-06T12:00'), edt('2026-03-09T12:00')).price).toBe(6000);
    // in Paris the same instants are not Friday noon: no weekend block starts at 18:00 Paris
    expect(weekendWindows(est('2026-12-04T12:00'), est('2026-12-07T12:00'), 'Europe/Paris')[0]!.start).toBe(
      new Date('2026-12-04T12:00:00+01:00').getTime(),
    );
  });

  it('refuses reversed dates, periods the table cannot price, and a missing table', () => {
    expect(quoteRental(RATES, est('2026-12-02T09:00'), est('2026-12-01T09:00'), TZ)).toEqual({
      error: 'DATES_REVERSED',
    });
    expect(quoteRental(RATES, est('2026-12-01T09:00'), est('2026-12-01T09:00'), TZ)).toEqual({
      error: 'DATES_REVERSED',
    });
    const weekendOnly = { fourHours: null, day: null, weekend: 6000, week: null, month: null };
    expect(quoteRental(weekendOnly, est('2026-12-01T09:00'), est('2026-12-02T09:00'), TZ)).toEqual({
      error: 'NO_RATE',
    });
    expect(price(est('2026-12-04T15:00'), est('2026-12-06T15:00'), weekendOnly).price).toBe(6000);
  });

  it('late fee: the rate table for the time out, less the planned period; 30 minutes of grace', () => {
    const from = est('2026-12-01T09:00');
    const planned = est('2026-12-02T09:00'); // a day: 40.00
    expect(lateFee(RATES, from, planned, est('2026-12-02T09:30'), TZ)).toBe(0);
    expect(lateFee(RATES, from, planned, est('2026-12-02T10:00'), TZ)).toBe(2500); // + 4 h
    expect(lateFee(RATES, from, planned, est('2026-12-03T08:00'), TZ)).toBe(4000); // + a day
    expect(lateFee(RATES, from, planned, est('2026-12-01T17:00'), TZ)).toBe(0); // early
  });
});

/** Any rate table with a day rate (the others present or not, any price). */
const tables = fc.record({
  fourHours: fc.option(fc.integer({ min: 1, max: 50_000 }), { nil: null }),
  day: fc.integer({ min: 1, max: 50_000 }),
  weekend: fc.option(fc.integer({ min: 1, max: 100_000 }), { nil: null }),
  week: fc.option(fc.integer({ min: 1, max: 300_000 }), { nil: null }),
  month: fc.option(fc.integer({ min: 1, max: 1_000_000 }), { nil: null }),
});
/** pickups over two years (both DST changes), to the minute */
const pickups = fc
  .integer({ min: 0, max: 2 * 365 * 24 * 60 })
  .map((m) => new Date(Date.UTC(2026, 0, 1) + m * 60_000));
const minutes = fc.integer({ min: 1, max: 120 * 24 * 60 });

describe('quoteRental: properties', () => {
  it('never charges more than the day rate times the days', () => {
    fc.assert(
      fc.property(tables, pickups, minutes, (rates, from, m) => {
        const to = new Date(from.getTime() + m * 60_000);
        const q = price(from, to, rates);
        expect(q.price).toBeLessThanOrEqual(rates.day * rentalDays(from, to));
        expect(q.price).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });

  it('a longer rental never costs less (same pickup)', () => {
    fc.assert(
      fc.property(
        tables,
        pickups,
        minutes,
        fc.integer({ min: 1, max: 20 * 24 * 60 }),
        (rates, from, m, more) => {
          const a = price(from, new Date(from.getTime() + m * 60_000), rates);
          const b = price(from, new Date(from.getTime() + (m + more) * 60_000), rates);
          expect(b.price).toBeGreaterThanOrEqual(a.price);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('without a weekend rate, equals the cheapest count of 4 h / day / week / month blocks (brute force)', () => {
    fc.assert(
      fc.property(tables, pickups, fc.integer({ min: 1, max: 45 * 24 }), (t, from, hours) => {
        const rates = { ...t, weekend: null };
        const to = new Date(from.getTime() + hours * 3_600_000);
        let best = Number.POSITIVE_INFINITY;
        for (let mo = 0; mo <= (rates.month == null ? 0 : 2); mo++)
          for (let w = 0; w <= (rates.week == null ? 0 : 7); w++)
            for (let d = 0; d <= 46; d++) {
              const covered = mo * 720 + w * 168 + d * 24;
              const rest = Math.max(0, hours - covered);
              const fours = Math.ceil(rest / 4);
              if (fours > 0 && rates.fourHours == null) continue;
              const c =
                mo * (rates.month ?? 0) +
                w * (rates.week ?? 0) +
                d * rates.day +
                fours * (rates.fourHours ?? 0);
              best = Math.min(best, c);
            }
        expect(price(from, to, rates).price).toBe(best);
      }),
      { numRuns: 150 },
    );
  });
});

describe('storeDays: the store clock calendar', () => {
  it('midnight to midnight in the zone, 23 and 25 hours on the DST days', () => {
    const days = storeDays('2026-03-07', 3, TZ);
    expect(days.map((d) => [d.date, new Date(d.start).toISOString(), (d.end - d.start) / 3_600_000])).toEqual(
      [
        ['2026-03-07', '2026-03-07T05:00:00.000Z', 24],
        ['2026-03-08', '2026-03-08T05:00:00.000Z', 23],
        ['2026-03-09', '2026-03-09T04:00:00.000Z', 24],
      ],
    );
    const fall = storeDays('2026-10-24', 3, 'Europe/Sofia');
    expect(fall.map((d) => (d.end - d.start) / 3_600_000)).toEqual([24, 25, 24]);
    expect(fall[0]!.start).toBe(Date.parse('2026-10-24T00:00:00+03:00'));
    // 90 days across the spring change, each the next day's start
    const q = storeDays('2027-01-15', 90, TZ);
    expect(q.at(-1)!.date).toBe('2027-04-14');
    for (let i = 1; i < q.length; i++) expect(q[i]!.start).toBe(q[i - 1]!.end);
    expect(q.at(-1)!.start).toBe(Date.parse('2027-04-14T00:00:00-04:00'));
  });
});
