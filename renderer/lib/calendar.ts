import type { ReservationSummary } from '../../shared/api/types.ts';

/**
 * Calendar arithmetic on ISO dates (YYYY-MM-DD) — the store's calendar days, whatever the
 * machine's own zone: dates are added as UTC dates, instants are read on the store's clock.
 */
export type CalendarMode = 'day' | 'week' | 'month';

const DAY = 86_400_000;
const utc = (iso: string): number => {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d);
};
const iso = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

export function addDays(date: string, n: number): string {
  return iso(utc(date) + n * DAY);
}

/** 0 = Monday … 6 = Sunday (weeks start on Monday in Québec's French, France and Bulgaria) */
export function weekday(date: string): number {
  return (new Date(utc(date)).getUTCDay() + 6) % 7;
}

export function daysBetween(a: string, b: string): number {
  return Math.round((utc(b) - utc(a)) / DAY);
}

export function monthStart(date: string): string {
  return `${date.slice(0, 7)}-01`;
}

export function addMonths(date: string, n: number): string {
  const [y, m] = date.split('-').map(Number) as [number, number];
  return iso(Date.UTC(y, m - 1 + n, 1));
}

export function daysInMonth(date: string): number {
  return daysBetween(monthStart(date), addMonths(date, 1));
}

const dateFormatters = new Map<string, Intl.DateTimeFormat>();
/** The store's calendar date of an instant ("2026-12-01"). */
export function localDate(instant: string | number, timeZone: string | undefined): string {
  const key = timeZone ?? '';
  let f = dateFormatters.get(key);
  if (!f) {
    // en-CA writes dates as YYYY-MM-DD
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    dateFormatters.set(key, f);
  }
  return f.format(typeof instant === 'number' ? instant : Date.parse(instant));
}

export function today(timeZone: string | undefined, now = Date.now()): string {
  return localDate(now, timeZone);
}

/**
 * The dates a calendar view shows: a day; the week (Monday to Sunday) holding the date; for a
 * month, whole weeks from the Monday on or before the 1st to the Sunday on or after its last day.
 */
export function viewRange(mode: CalendarMode, date: string): { from: string; days: number } {
  if (mode === 'day') return { from: date, days: 1 };
  if (mode === 'week') return { from: addDays(date, -weekday(date)), days: 7 };
  const first = monthStart(date);
  const from = addDays(first, -weekday(first));
  const last = addDays(addMonths(date, 1), -1);
  const to = addDays(last, 6 - weekday(last));
  return { from, days: daysBetween(from, to) + 1 };
}

/** The date the view moves to with PageDown (+1) / PageUp (−1). */
export function step(mode: CalendarMode, date: string, dir: 1 | -1): string {
  if (mode === 'day') return addDays(date, dir);
  if (mode === 'week') return addDays(date, 7 * dir);
  return addMonths(date, dir);
}

/**
 * The reservations of each day shown, by the store's calendar: a reservation is on every day
 * from its pickup's date to its return's (a return at midnight sharp ends the day before).
 * One pass over the list; days outside the range are not filled.
 */
export function byDay(
  list: readonly ReservationSummary[],
  from: string,
  days: number,
  timeZone: string | undefined,
): Map<string, ReservationSummary[]> {
  const out = new Map<string, ReservationSummary[]>();
  const dates: string[] = [];
  for (let i = 0; i < days; i++) {
    const d = addDays(from, i);
    dates.push(d);
    out.set(d, []);
  }
  for (const r of list) {
    const a = daysBetween(from, localDate(r.pickupAt, timeZone));
    const b = daysBetween(from, localDate(Date.parse(r.returnAt) - 1, timeZone));
    for (let i = Math.max(0, a); i <= Math.min(days - 1, b); i++) out.get(dates[i]!)!.push(r);
  }
  return out;
}
