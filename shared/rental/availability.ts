/**
 * Availability of one rentable item, pure: how many of its units are booked at every instant.
 * A booking occupies its units from the pickup until the return plus the store's buffer (time to
 * clean and check a unit before the next rental). No instant may have more units booked than
 * the item has.
 *
 * One sweep over the bookings' start/end events, sorted once: O(n log n) for n bookings, then
 * every day of a calendar in one pass.
 */

export interface Booking {
  reservationId: string;
  number: string;
  /** ms since the epoch */
  start: number;
  end: number;
  quantity: number;
}

export interface Peak {
  /** the most units booked at one instant of the window */
  booked: number;
  /** the first instant it is reached */
  at: number;
}

interface Ev {
  at: number;
  delta: number;
}

function events(bookings: readonly Booking[], bufferMs: number): Ev[] {
  const ev: Ev[] = [];
  for (const b of bookings) {
    ev.push({ at: b.start, delta: b.quantity }, { at: b.end + bufferMs, delta: -b.quantity });
  }
  // at the same instant a unit comes back before the next one leaves (end before start)
  ev.sort((a, b) => a.at - b.at || a.delta - b.delta);
  return ev;
}

/** The most units booked at one instant of [from, to). */
export function peakBooked(bookings: readonly Booking[], from: number, to: number, bufferMs: number): Peak {
  const ev = events(bookings, bufferMs);
  let i = 0;
  let cur = 0;
  // what started (and ended) up to `from` is the count at `from`
  while (i < ev.length && ev[i]!.at <= from) cur += ev[i++]!.delta;
  let best: Peak = { booked: cur, at: from };
  while (i < ev.length && ev[i]!.at < to) {
    const e = ev[i++]!;
    cur += e.delta;
    if (cur > best.booked) best = { booked: cur, at: e.at };
  }
  return best;
}

/** The bookings that hold units at instant `at`. */
export function bookingsAt(bookings: readonly Booking[], at: number, bufferMs: number): Booking[] {
  return bookings.filter((b) => b.start <= at && at < b.end + bufferMs);
}

export interface DayAvailability {
  /** YYYY-MM-DD in the store's time zone */
  date: string;
  /** the most units booked at one instant of the day */
  booked: number;
  /** units left to rent for the whole day */
  free: number;
}

/**
 * Units free per day: for each day [start, end) (consecutive, in order), the capacity less the
 * most units booked at one instant of it.
 */
export function availabilityByDay(
  capacity: number,
  bookings: readonly Booking[],
  days: readonly { date: string; start: number; end: number }[],
  bufferMs: number,
): DayAvailability[] {
  const ev = events(bookings, bufferMs);
  const out: DayAvailability[] = [];
  let i = 0;
  let cur = 0;
  for (const d of days) {
    // everything that happened before the day sets the count it starts with
    while (i < ev.length && ev[i]!.at <= d.start) cur += ev[i++]!.delta;
    let max = cur;
    while (i < ev.length && ev[i]!.at < d.end) {
      cur += ev[i++]!.delta;
      if (cur > max) max = cur;
    }
    out.push({ date: d.date, booked: max, free: Math.max(0, capacity - max) });
  }
  return out;
}
