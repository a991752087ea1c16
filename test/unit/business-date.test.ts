import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { businessDate, businessDayStart, localHour } from '../../shared/business-date.ts';

/**
 * The business day is decided on the store's wall clock: before the closing hour, an instant
 * belongs to the previous calendar day. DST dates used below (2026):
 * - America/Toronto: EST→EDT Sun 8 March at 02:00 local (07:00Z); EDT→EST Sun 1 November at 02:00 EDT (06:00Z).
 * - Europe/Paris (CET/CEST) and Europe/Sofia (EET/EEST): EU rule, last Sunday of March (29 March) and of
 *   October (25 October), at 01:00Z.
 */
const table: [instant: string, zone: string, closing: number, expected: string, why: string][] = [
  ['2026-11-27T06:30:00Z', 'America/Toronto', 4, '2026-11-26', '01:30 EST, before 04:00 → previous day'],
  ['2026-11-27T08:59:59.999Z', 'America/Toronto', 4, '2026-11-26', '03:59:59.999 EST'],
  ['2026-11-27T09:00:00Z', 'America/Toronto', 4, '2026-11-27', '04:00 EST: the new business day'],
  ['2026-11-27T04:59:00Z', 'America/Toronto', 4, '2026-11-26', '23:59 EST the day before'],
  ['2026-11-27T04:30:00Z', 'America/Toronto', 0, '2026-11-26', 'closing hour 0 = calendar day (23:30 EST)'],
  ['2026-11-27T05:00:00Z', 'America/Toronto', 0, '2026-11-27', 'closing hour 0 = calendar day (00:00 EST)'],
  ['2027-01-01T05:30:00Z', 'America/Toronto', 4, '2026-12-31', 'New Year 00:30 EST belongs to 31 December'],
  [
    '2026-03-01T06:00:00Z',
    'America/Toronto',
    4,
    '2026-02-28',
    '1 March 01:00 EST → 28 February (no 29th in 2026)',
  ],
  [
    '2028-03-01T06:00:00Z',
    'America/Toronto',
    4,
    '2028-02-29',
    '1 March 01:00 EST → 29 February in a leap year',
  ],
  // DST starts (Toronto): 02:00 EST jumps to 03:00 EDT; only 3 real hours between midnight and 04:00
  ['2026-03-08T06:59:00Z', 'America/Toronto', 4, '2026-03-07', 'spring forward: 01:59 EST'],
  [
    '2026-03-08T07:30:00Z',
    'America/Toronto',
    4,
    '2026-03-07',
    'spring forward: 03:30 EDT, still before 04:00',
  ],
  ['2026-03-08T08:00:00Z', 'America/Toronto', 4, '2026-03-08', 'spring forward: 04:00 EDT opens the day'],
  ['2026-03-08T08:30:00Z', 'America/Toronto', 4, '2026-03-08', 'spring forward: 04:30 EDT'],
  // DST ends (Toronto): 02:00 EDT falls back to 01:00 EST; 5 real hours between midnight and 04:00
  ['2026-11-01T05:30:00Z', 'America/Toronto', 4, '2026-10-31', 'fall back: 01:30 EDT (first time)'],
  ['2026-11-01T06:30:00Z', 'America/Toronto', 4, '2026-10-31', 'fall back: 01:30 EST (second time)'],
  ['2026-11-01T08:30:00Z', 'America/Toronto', 4, '2026-10-31', 'fall back: 03:30 EST, still before 04:00'],
  ['2026-11-01T09:00:00Z', 'America/Toronto', 4, '2026-11-01', 'fall back: 04:00 EST opens the day'],
  // Paris
  ['2026-11-26T23:30:00Z', 'Europe/Paris', 4, '2026-11-26', '00:30 CET on the 27th → 26th'],
  ['2026-11-27T03:00:00Z', 'Europe/Paris', 4, '2026-11-27', '04:00 CET'],
  ['2026-07-14T01:59:00Z', 'Europe/Paris', 4, '2026-07-13', '03:59 CEST'],
  ['2026-07-14T02:00:00Z', 'Europe/Paris', 4, '2026-07-14', '04:00 CEST'],
  ['2026-03-29T00:30:00Z', 'Europe/Paris', 3, '2026-03-28', 'spring forward: 01:30 CET, closing 03:00'],
  ['2026-03-29T01:00:00Z', 'Europe/Paris', 3, '2026-03-29', 'spring forward: 03:00 CEST (02:00 skipped)'],
  ['2026-10-25T02:30:00Z', 'Europe/Paris', 4, '2026-10-24', 'fall back: 03:30 CET, before 04:00'],
  ['2026-10-25T03:00:00Z', 'Europe/Paris', 4, '2026-10-25', 'fall back: 04:00 CET'],
  // Sofia
  ['2026-11-26T23:30:00Z', 'Europe/Sofia', 4, '2026-11-26', '01:30 EET on the 27th → 26th'],
  ['2026-11-27T02:00:00Z', 'Europe/Sofia', 4, '2026-11-27', '04:00 EET'],
  ['2026-03-29T00:59:00Z', 'Europe/Sofia', 4, '2026-03-28', 'spring forward: 02:59 EET'],
  ['2026-03-29T01:00:00Z', 'Europe/Sofia', 4, '2026-03-29', 'spring forward: 04:00 EEST (03:00 skipped)'],
  ['2026-10-25T01:30:00Z', 'Europe/Sofia', 4, '2026-10-24', 'fall back: 03:30 EET (second time)'],
  ['2026-10-25T02:00:00Z', 'Europe/Sofia', 4, '2026-10-25', 'fall back: 04:00 EET'],
];

describe('businessDate', () => {
  for (const [instant, zone, closing, expected, why] of table) {
    it(`${zone} ${instant} (closing ${closing}:00) → ${expected}: ${why}`, () => {
      expect(businessDate(new Date(instant), zone, closing)).toBe(expected);
    });
  }

  // Ten days around each 2026 DST change, in 15-minute steps: the business day changes exactly once a
  // day, at the first step whose wall clock reads 04:00.
  const windows: [zone: string, from: string][] = [
    ['America/Toronto', '2026-03-03T12:00:00Z'],
    ['America/Toronto', '2026-10-27T12:00:00Z'],
    ['Europe/Paris', '2026-03-24T12:00:00Z'],
    ['Europe/Paris', '2026-10-20T12:00:00Z'],
    ['Europe/Sofia', '2026-03-24T12:00:00Z'],
    ['Europe/Sofia', '2026-10-20T12:00:00Z'],
  ];
  for (const [zone, from] of windows) {
    it(`${zone}: 10 days from ${from.slice(0, 10)}, the business day changes once a day at 04:00 local`, () => {
      const step = 15 * 60_000;
      const start = Date.parse(from);
      const end = start + 10 * 86_400_000;
      let prev = businessDate(new Date(start), zone, 4);
      let changes = 0;
      for (let t = start + step; t <= end; t += step) {
        const bd = businessDate(new Date(t), zone, 4);
        if (bd !== prev) {
          changes++;
          expect(bd > prev).toBe(true);
          expect(localHour(new Date(t), zone)).toBe(4);
          expect(localHour(new Date(t - step), zone)).toBeLessThan(4);
          prev = bd;
        }
      }
      expect(changes).toBe(10);
    });
  }

  it('property: never goes backwards in time', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2035, 0, 1) }),
        fc.integer({ min: 1, max: 3 * 86_400_000 }),
        fc.constantFrom('America/Toronto', 'Europe/Paris', 'Europe/Sofia'),
        fc.integer({ min: 0, max: 6 }),
        (t, dt, zone, closing) => {
          expect(
            businessDate(new Date(t), zone, closing) <= businessDate(new Date(t + dt), zone, closing),
          ).toBe(true);
        },
      ),
    );
  });
});

describe('localHour', () => {
  it('reads the wall-clock hour in the zone', () => {
    expect(localHour(new Date('2026-11-27T06:30:00Z'), 'America/Toronto')).toBe(1);
    expect(localHour(new Date('2026-07-14T06:30:00Z'), 'America/Toronto')).toBe(2);
    expect(localHour(new Date('2026-11-27T06:30:00Z'), 'Europe/Paris')).toBe(7);
    expect(localHour(new Date('2026-11-27T06:30:00Z'), 'Europe/Sofia')).toBe(8);
  });
});

describe('businessDayStart (the print queue holds jobs from before it)', () => {
  it('is the closing hour, local time, of the business date', () => {
    const at = (iso: string, zone = 'America/Toronto', closing = 4) =>
      businessDayStart(new Date(iso), zone, closing).toISOString();
    expect(at('2026-11-26T15:00:00Z')).toBe('2026-11-26T09:00:00.000Z'); // 10:00 EST → 04:00 EST
    expect(at('2026-11-27T06:30:00Z')).toBe('2026-11-26T09:00:00.000Z'); // 01:30 belongs to the 26th
    expect(at('2026-07-14T15:00:00Z')).toBe('2026-07-14T08:00:00.000Z'); // EDT
    expect(at('2026-11-27T04:30:00Z', 'America/Toronto', 0)).toBe('2026-11-26T05:00:00.000Z');
    expect(at('2026-11-26T15:00:00Z', 'Europe/Sofia', 4)).toBe('2026-11-26T02:00:00.000Z');
    // spring forward in Toronto: the day of 8 March began at 04:00 EDT (08:00Z)
    expect(at('2026-03-08T12:00:00Z')).toBe('2026-03-08T08:00:00.000Z');
  });

  it('property: the start is in the same business day, at or before the instant, and a millisecond earlier is the day before', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2035, 0, 1) }),
        fc.constantFrom('America/Toronto', 'Europe/Paris', 'Europe/Sofia'),
        fc.integer({ min: 0, max: 6 }),
        (t, zone, closing) => {
          const day = businessDate(new Date(t), zone, closing);
          const start = businessDayStart(new Date(t), zone, closing).getTime();
          expect(start).toBeLessThanOrEqual(t);
          expect(businessDate(new Date(start), zone, closing)).toBe(day);
          expect(businessDate(new Date(start - 1), zone, closing) < day).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('on DST change days too, every quarter hour and every closing hour 0–6 (a repeated or skipped hour)', () => {
    const days: [string, string][] = [
      ['America/Toronto', '2026-03-08T00:00:00Z'],
      ['America/Toronto', '2026-11-01T00:00:00Z'],
      ['Europe/Paris', '2026-03-29T00:00:00Z'],
      ['Europe/Sofia', '2026-10-25T00:00:00Z'],
    ];
    for (const [zone, from] of days) {
      for (let closing = 0; closing <= 6; closing++) {
        for (let t = Date.parse(from) - 86_400_000; t < Date.parse(from) + 2 * 86_400_000; t += 900_000) {
          const day = businessDate(new Date(t), zone, closing);
          const start = businessDayStart(new Date(t), zone, closing).getTime();
          const why = `${zone} ${new Date(t).toISOString()} closing ${closing}`;
          expect(start, why).toBeLessThanOrEqual(t);
          expect(businessDate(new Date(start), zone, closing), why).toBe(day);
          expect(businessDate(new Date(start - 1), zone, closing) < day, why).toBe(true);
        }
      }
    }
  });
});
