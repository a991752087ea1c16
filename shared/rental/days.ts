import { tzOffset } from '@date-fns/tz';

/**
 * The store's calendar days as instants: for each date from `from` (YYYY-MM-DD), its local
 * midnight to the next one, on the store's clock (23 or 25 hours on DST days). Dates by
 * calendar arithmetic; the zone's UTC offset (an Intl call, ~10 µs) is looked up at the ends
 * of 28-day chunks only, and bisected inside a chunk whose ends differ (a zone changes its
 * offset at most once in 28 days): ~20 look-ups for a 90-day calendar instead of ~200, and
 * those are cached.
 */
/**
 * tzOffset per zone and UTC quarter hour (offsets change on quarter hours): a zone's rules do
 * not change while the app runs, and calendars ask for the same midnights again and again.
 */
const offsetCache = new Map<string, number>();
function cachedOffset(timeZone: string, ms: number): number {
  const key = `${timeZone}|${Math.floor(ms / 900_000)}`;
  let v = offsetCache.get(key);
  if (v === undefined) {
    if (offsetCache.size > 50_000) offsetCache.clear();
    v = tzOffset(timeZone, new Date(ms));
    offsetCache.set(key, v);
  }
  return v;
}

export function storeDays(
  from: string,
  days: number,
  timeZone: string,
): { date: string; start: number; end: number }[] {
  const [y, m, d] = from.split('-').map(Number) as [number, number, number];
  const wall = (i: number) => Date.UTC(y, m - 1, d + i);
  /** the zone's offset (ms) at local midnight of day i */
  const offsetAt = (i: number): number => {
    const w = wall(i);
    // the offset at the wall-clock time read as UTC, then once more at the instant it gives
    const guess = w - cachedOffset(timeZone, w) * 60_000;
    return cachedOffset(timeZone, guess) * 60_000;
  };
  const offsets = new Array<number>(days + 1);
  const CHUNK = 28;
  const fill = (lo: number, hi: number, offLo: number, offHi: number) => {
    if (offLo === offHi) {
      for (let i = lo; i <= hi; i++) offsets[i] = offLo;
      return;
    }
    if (hi - lo <= 1) {
      offsets[lo] = offLo;
      offsets[hi] = offHi;
      return;
    }
    const mid = (lo + hi) >> 1;
    const offMid = offsetAt(mid);
    fill(lo, mid, offLo, offMid);
    fill(mid, hi, offMid, offHi);
  };
  let lo = 0;
  let offLo = offsetAt(0);
  while (lo < days) {
    const hi = Math.min(days, lo + CHUNK);
    const offHi = offsetAt(hi);
    fill(lo, hi, offLo, offHi);
    lo = hi;
    offLo = offHi;
  }
  const out: { date: string; start: number; end: number }[] = [];
  for (let i = 0; i < days; i++) {
    out.push({
      date: new Date(wall(i)).toISOString().slice(0, 10),
      start: wall(i) - offsets[i]!,
      end: wall(i + 1) - offsets[i + 1]!,
    });
  }
  return out;
}
