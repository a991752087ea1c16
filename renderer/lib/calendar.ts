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
 * Every zone's offset and every transition are whole quarter hours (India +5:30, Nepal +5:45),
 * so all instants of one UTC quarter hour fall on the same local date: one Intl call per quarter
 * hour instead of one per instant (the month view asks for 4,000 dates with 2,000 reservations).
 */
const QUARTER = 15 * 60_000;
const quarterDates = new Map<string, Map<number, string>>();
function localDateOfMs(ms: number, timeZone: string | undefined): string {
  const key = timeZone ?? '';
  let m = quarterDates.get(key);
  if (!m) {
    m = new Map();
    quarterDates.set(key, m);
  }
  const q = Math.floor(ms / QUARTER);
  let d = m.get(q);
  if (d === undefined) {
    if (m.size > 50_000) m.clear();
    d = localDate(q * QUARTER, timeZone);
    m.set(q, d);
  }
  return d;
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
  const buckets: ReservationSummary[][] = [];
  const index = new Map<string, number>();
  for (let i = 0; i < days; i++) {
    const d = addDays(from, i);
    const bucket: ReservationSummary[] = [];
    buckets.push(bucket);
    index.set(d, i);
    out.set(d, bucket);
  }
  const start = utc(from);
  const dayIndex = (date: string): number => index.get(date) ?? Math.round((utc(date) - start) / DAY);
  for (const r of list) {
    const a = dayIndex(localDateOfMs(Date.parse(r.pickupAt), timeZone));
    const b = dayIndex(localDateOfMs(Date.parse(r.returnAt) - 1, timeZone));
    for (let i = Math.max(0, a); i <= Math.min(days - 1, b); i++) buckets[i]!.push(r);
  }
  return out;
}

/** The zone's offset from UTC at an instant, in minutes (Paris in winter: 60). */
function offsetMinutes(ms: number, timeZone: string | undefined): number {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(ms)
      .map((x) => [x.type, Number(x.value)]),
  ) as Record<'year' | 'month' | 'day' | 'hour' | 'minute', number>;
  return Math.round(
    (Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute) - Math.floor(ms / 60_000) * 60_000) / 60_000,
  );
}

/**
 * A wall-clock time typed in a datetime-local field ("2026-12-03T14:00"), read on the store's
 * clock, as an ISO instant with its offset ("2026-12-03T14:00:00+01:00") — what the contract takes.
 */
export function zonedInstant(local: string, timeZone: string | undefined): string {
  const [d, hm] = local.split('T') as [string, string];
  const [h, m] = hm.split(':').map(Number) as [number, number];
  const wall = utc(d) + (h * 60 + m) * 60_000;
  let off = offsetMinutes(wall, timeZone);
  off = offsetMinutes(wall - off * 60_000, timeZone);
  const sign = off < 0 ? '-' : '+';
  const a = Math.abs(off);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d}T${pad(h)}:${pad(m)}:00${sign}${pad(Math.floor(a / 60))}:${pad(a % 60)}`;
}
