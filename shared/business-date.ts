import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';

/**
 * The business day an instant belongs to, in the store's time zone: a sale at 01:30 with a
 * 04:00 closing hour belongs to the previous day. Not UTC midnight.
 * Decided on the local wall clock (local hour < closing hour → previous calendar day), not by
 * subtracting `closingHour` elapsed hours: on DST change days those differ by an hour.
 */
export function businessDate(at: Date, timeZone: string, closingHour: number): string {
  // Every sale asks; the answer cannot change within a UTC minute (closing hours are whole
  // hours, UTC offsets whole quarter hours), so the last answer is kept per minute and zone.
  const minute = Math.floor(at.getTime() / 60_000);
  if (last && last.minute === minute && last.timeZone === timeZone && last.closingHour === closingHour) {
    return last.date;
  }
  const date = computeBusinessDate(at, timeZone, closingHour);
  last = { minute, timeZone, closingHour, date };
  return date;
}

let last: { minute: number; timeZone: string; closingHour: number; date: string } | null = null;

function computeBusinessDate(at: Date, timeZone: string, closingHour: number): string {
  const local = new TZDate(at.getTime(), timeZone);
  if (local.getHours() >= closingHour) return format(local, 'yyyy-MM-dd');
  // previous calendar day, computed on the date alone (no time zone involved)
  const prev = new Date(Date.UTC(local.getFullYear(), local.getMonth(), local.getDate() - 1));
  return prev.toISOString().slice(0, 10);
}

/** Local hour (0–23) of an instant in the store's time zone. */
export function localHour(at: Date, timeZone: string): number {
  return new TZDate(at.getTime(), timeZone).getHours();
}

/**
 * When the business day of `at` began: the first instant of its business date whose local hour
 * is the closing hour (the same wall-clock rule as businessDate). On a day the clocks go back
 * over the closing hour, that hour happens twice and the day began at the first one; on a day
 * they skip it, at the first local hour after it.
 */
export function businessDayStart(at: Date, timeZone: string, closingHour: number): Date {
  const day = businessDate(at, timeZone, closingHour);
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  let start = new TZDate(y, m - 1, d, closingHour, 0, 0, timeZone).getTime();
  // TZDate settles a repeated hour on either occurrence: an hour earlier may be the same day already
  const earlier = start - 3_600_000;
  if (businessDate(new Date(earlier), timeZone, closingHour) === day) start = earlier;
  return new Date(start);
}
