import type { PeriodClosing, StoreInfo } from '../../shared/api/types.ts';
import { businessDate } from '../../shared/business-date.ts';

/** Periodic closings (NF525 "clôtures"): which period to offer, and how to show one. */
import type { ClosingKind } from '../../shared/statuses.ts';

export { CLOSING_KINDS, type ClosingKind } from '../../shared/statuses.ts';

/** Today's business date in the store's time zone (a sale at 01:30 belongs to the day before). */
export function storeToday(store: StoreInfo, now: Date = new Date()): string {
  return businessDate(now, store.timeZone, store.closingHour);
}

/** The period just before: the previous day, month or year (the same rule as the main process). */
export function previousPeriod(kind: ClosingKind, period: string): string {
  if (kind === 'year') return String(Number(period) - 1).padStart(4, '0');
  if (kind === 'month') {
    const [y, m] = period.split('-').map(Number) as [number, number];
    return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
  }
  const [y, m, d] = period.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d - 1)).toISOString().slice(0, 10);
}

/** The most recent period of `kind` that is over on business date `today`. */
export function lastOverPeriod(kind: ClosingKind, today: string): string {
  if (kind === 'day') return previousPeriod('day', today);
  if (kind === 'month') return previousPeriod('month', today.slice(0, 7));
  return previousPeriod('year', today.slice(0, 4));
}

/**
 * The period to offer: the most recent one that is over and not closed yet. When the last
 * periods are closed, the gap just before them (if any, back to the oldest closing);
 * when everything from the oldest closing to the last period over is closed, nothing
 * (`upTo` says up to which period all is closed).
 */
export function suggestPeriod(
  kind: ClosingKind,
  today: string,
  closings: readonly PeriodClosing[],
): { period: string; upTo: string | null } {
  const last = lastOverPeriod(kind, today);
  const own = closings.filter((c) => c.kind === kind).map((c) => c.period);
  // a day of a closed month or year, a month of a closed year: covered, the ledger refuses them
  const outer = new Set(closings.filter((c) => c.kind !== kind).map((c) => `${c.kind}:${c.period}`));
  const covered = (p: string) =>
    (kind === 'day' && outer.has(`month:${p.slice(0, 7)}`)) ||
    (kind !== 'year' && outer.has(`year:${p.slice(0, 4)}`));
  const closed = new Set(own);
  const firsts = closings
    .filter((c) => (kind === 'day' && c.kind !== 'day') || (kind === 'month' && c.kind === 'year'))
    .map((c) =>
      kind === 'day' ? `${c.period.length === 4 ? `${c.period}-01` : c.period}-01` : `${c.period}-01`,
    );
  if (closed.size === 0 && firsts.length === 0) return { period: last, upTo: null };
  const oldest = [...own, ...firsts].sort()[0]!;
  let p = last;
  while (closed.has(p) || covered(p)) {
    p = previousPeriod(kind, p);
    if (p < oldest) return { period: '', upTo: last };
  }
  return { period: p, upTo: null };
}

/** Newest first: by closing time, then by period (several closings in the same second). */
export function newestFirst(list: readonly PeriodClosing[]): PeriodClosing[] {
  return [...list].sort(
    (a, b) =>
      (a.closedAt < b.closedAt ? 1 : a.closedAt > b.closedAt ? -1 : 0) ||
      (a.period < b.period ? 1 : a.period > b.period ? -1 : 0),
  );
}

/** A period for people: "26 nov. 2026", "novembre 2026", "2026" (ISO input otherwise). */
export function formatPeriod(kind: ClosingKind, period: string, locale: string, long = false): string {
  const parts = period.split('-').map(Number);
  if (kind === 'year' || parts.some((n) => !Number.isFinite(n))) return period;
  if (kind === 'month' && parts.length === 2) {
    const at = new Date(Date.UTC(parts[0]!, parts[1]! - 1, 1));
    return new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(at);
  }
  if (kind === 'day' && parts.length === 3) {
    const at = new Date(Date.UTC(parts[0]!, parts[1]! - 1, parts[2]!));
    return new Intl.DateTimeFormat(locale, {
      dateStyle: long ? 'full' : 'medium',
      timeZone: 'UTC',
    }).format(at);
  }
  return period;
}

/** A tax rate in parts per million as a percentage: 99 750 → "9,975 %". */
export function formatRate(ratePpm: number, locale: string): string {
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 4 }).format(ratePpm / 1e6);
}
