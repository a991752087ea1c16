import { describe, expect, it } from 'vitest';
import { addDays, byDay, localDate, zonedInstant } from '../../renderer/lib/calendar.ts';
import type { ReservationSummary } from '../../shared/api/types.ts';

/**
 * The month view's day buckets (renderer/lib/calendar.ts byDay) read each instant's local date
 * through a quarter-hour cache: the same buckets as one Intl call per instant, in zones with
 * DST changes and half/quarter-hour offsets, across the days of a change.
 */
const ZONES = ['America/Toronto', 'Europe/Paris', 'Europe/Sofia', 'Asia/Kolkata', 'Asia/Kathmandu', 'UTC'];

function brute(list: ReservationSummary[], from: string, days: number, tz: string) {
  const out = new Map<string, string[]>();
  for (let i = 0; i < days; i++) out.set(addDays(from, i), []);
  for (const r of list) {
    const a = localDate(r.pickupAt, tz);
    const b = localDate(Date.parse(r.returnAt) - 1, tz);
    for (const [d, ids] of out) if (d >= a && d <= b) ids.push(r.id);
  }
  return out;
}

describe('byDay', () => {
  it.each(ZONES)('%s: the same days as a per-instant reading, around DST changes and midnights', (tz) => {
    // every 7 minutes over the end of March and October 2026 (both DST changes in the EU, one in
    // North America), each reservation 0 to 50 hours long
    const list: ReservationSummary[] = [];
    for (const start of ['2026-03-07T00:00:00Z', '2026-03-27T00:00:00Z', '2026-10-24T00:00:00Z']) {
      const t0 = Date.parse(start);
      for (let k = 0; k < 1500; k++) {
        const a = t0 + k * 7 * 60_000;
        const b = a + ((k * 37) % 51) * 3_600_000 + (k % 4) * 60_000;
        list.push({
          id: `${start}-${k}`,
          pickupAt: new Date(a).toISOString(),
          returnAt: new Date(b).toISOString(),
        } as ReservationSummary);
      }
    }
    for (const from of ['2026-03-02', '2026-03-23', '2026-10-19']) {
      const got = byDay(list, from, 14, tz);
      const want = brute(list, from, 14, tz);
      expect(new Map([...got].map(([d, rs]) => [d, rs.map((r) => r.id)]))).toEqual(want);
    }
  });
});

describe('zonedInstant', () => {
  it.each([
    ['2026-12-03T14:00', 'Europe/Paris', '2026-12-03T14:00:00+01:00'],
    ['2026-07-03T14:00', 'Europe/Sofia', '2026-07-03T14:00:00+03:00'],
    ['2026-12-03T09:30', 'America/Toronto', '2026-12-03T09:30:00-05:00'],
    ['2026-03-08T12:00', 'America/Toronto', '2026-03-08T12:00:00-04:00'],
    ['2026-12-03T00:15', 'Asia/Kathmandu', '2026-12-03T00:15:00+05:45'],
  ])('%s in %s is %s', (local, tz, want) => {
    expect(zonedInstant(local, tz)).toBe(want);
    expect(localDate(want, tz)).toBe(local.slice(0, 10));
  });
});
