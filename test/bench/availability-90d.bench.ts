import { ulidFactory } from '../../electron/services/ids.ts';
import { makeFixture } from '../helpers/fixture.ts';
import { addRentalItem } from '../helpers/rental.ts';
import { type Bench, intBetween, log, percentile, prng, r3, time } from './lib.ts';

/**
 * One item's availability calendar over 90 days (units free per day, store time zone, with the
 * buffer between rentals) through app.call('reservation.availability') — zod, session, the
 * index range over the item's holding lines, one sweep — on a ledger holding 10,000
 * reservations over a year on ten items (2,000 on the measured one, 1 to 5 days each).
 * Baseline, same run, same ledger: the bare SQL overlap query that fetches those lines through
 * the same index (no sweep, no calendar, no app). Checked once against a per-day brute force.
 */
const RESERVATIONS = Number(process.env.BENCH_RESERVATIONS ?? 10_000);
const ITER = Number(process.env.BENCH_ITER ?? 300);
const FROM = '2027-03-01';
const DAYS = 90;

const bench: Bench = {
  name: 'availability-90d',
  description: `reservation.availability for one item over ${DAYS} days, ${RESERVATIONS} reservations in the ledger, vs the bare SQL overlap query`,
  run() {
    const f = makeFixture();
    try {
      const items = Array.from({ length: 10 }, (_, i) =>
        addRentalItem(f, {
          name: `Article ${i}`,
          sku: `LOC-${i}`,
          units: Array.from({ length: 40 }, (_, u) => `A${i}-${String(u).padStart(3, '0')}`),
        }),
      );
      const target = items[0]!;
      const s = f.app.env.sqlite;
      const rand = prng(90);
      const ulid = ulidFactory();
      const t0 = Date.parse('2026-12-01T14:00:00.000Z');
      log(`writing ${RESERVATIONS} reservations`);
      const order = s.prepare(
        `INSERT INTO orders (id, number, customer_id, description, total, currency, created_at, kind, status, pickup_at, return_at)
         VALUES (?, ?, ?, ?, ?, 'CAD', ?, 'reservation', 'confirmed', ?, ?)`,
      );
      const line = s.prepare(
        `INSERT INTO reservation_lines (id, order_id, position, product_id, name, quantity, unit_price, amount, tax_category,
          deposit, blocks, start_at, end_at, holds) VALUES (?, ?, 1, ?, ?, ?, 4000, ?, 'standard', 0, '[]', ?, ?, 1)`,
      );
      s.transaction(() => {
        for (let i = 0; i < RESERVATIONS; i++) {
          // a fifth on the measured item, the rest on the nine others
          const item = i % 5 === 0 ? target : items[1 + (i % 9)]!;
          const start = t0 + intBetween(rand, 0, 365 * 24) * 3_600_000;
          const end = start + intBetween(rand, 1, 5) * 24 * 3_600_000;
          const id = ulid();
          const q = intBetween(rand, 1, 2);
          const [a, b] = [new Date(start).toISOString(), new Date(end).toISOString()];
          order.run(id, `B-${i + 1}`, f.customerId, item.id, 4000 * q, a, a, b);
          line.run(ulid(), id, item.id, `Article`, q, 4000 * q, a, b);
        }
      })();
      s.pragma('optimize');

      const input = { productId: target.id, from: FROM, days: DAYS };
      const ours = () => f.app.call('reservation.availability', input, f.clerk);
      const cal = ours();
      // the calendar agrees with a brute force over the same rows, per day
      const buffer = cal.bufferMinutes * 60_000;
      const rows = s
        .prepare(
          'SELECT start_at, end_at, quantity FROM reservation_lines WHERE product_id = ? AND holds = 1',
        )
        .all(target.id) as { start_at: string; end_at: string; quantity: number }[];
      const iv = rows.map((r) => ({
        s: Date.parse(r.start_at),
        e: Date.parse(r.end_at) + buffer,
        q: r.quantity,
      }));
      const fromMs = Date.parse(`${FROM}T05:00:00.000Z`); // midnight in Toronto (EST)
      for (const [d, day] of cal.days.entries()) {
        const ds =
          d === 0 ? fromMs : Date.parse(cal.days[d - 1]!.date) >= 0 ? dayStart(cal.days[d]!.date) : 0;
        const de = dayStart(nextDate(day.date));
        const points = [ds, ...iv.filter((x) => x.s > ds && x.s < de).map((x) => x.s)];
        const max = Math.max(
          ...points.map((p) => iv.filter((x) => x.s <= p && p < x.e).reduce((a, x) => a + x.q, 0)),
        );
        if (max !== day.booked) throw new Error(`${day.date}: ${day.booked} booked, brute force says ${max}`);
      }
      const lo = new Date(fromMs - buffer).toISOString();
      const hi = new Date(dayStart(nextDate(cal.days.at(-1)!.date))).toISOString();
      const bare = s.prepare(
        'SELECT start_at, end_at, quantity FROM reservation_lines WHERE product_id = ? AND holds = 1 AND start_at < ? AND end_at > ?',
      );
      const baseline = () => bare.all(target.id, hi, lo);
      const fetched = baseline().length;

      for (let i = 0; i < 50; i++) {
        ours();
        baseline();
      }
      const a: number[] = [];
      const b: number[] = [];
      for (let i = 0; i < ITER; i++) {
        a.push(time(ours).ms);
        b.push(time(baseline).ms);
      }
      const p50 = percentile(a, 50);
      const base50 = percentile(b, 50);
      return {
        value: r3(p50),
        unit: 'ms',
        p50: r3(p50),
        p99: r3(percentile(a, 99)),
        baseline: r3(base50),
        ratio: r3(p50 / base50),
        n: ITER,
        reservations: RESERVATIONS,
        lines_in_window: fetched,
        capacity: cal.capacity,
        min_free: Math.min(...cal.days.map((d) => d.free)),
        target: '<= 5 ms',
        pass: p50 <= 5,
      };
    } finally {
      f.cleanup();
    }
  },
};

/** midnight of a YYYY-MM-DD in Toronto (the fixture store), as ms */
function dayStart(date: string): number {
  const utcNoon = Date.parse(`${date}T12:00:00.000Z`);
  const offsetH = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'America/Toronto',
    hour: 'numeric',
    hour12: false,
  })
    .formatToParts(new Date(utcNoon))
    .find((p) => p.type === 'hour')!.value;
  // noon UTC is 07:00 (EST) or 08:00 (EDT) in Toronto: midnight is 12 − that − … hours before
  const local = Number(offsetH);
  return utcNoon - local * 3_600_000;
}
function nextDate(date: string): string {
  const d = new Date(`${date}T12:00:00.000Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

export default bench;
