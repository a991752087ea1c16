import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CommandError } from '../../shared/errors.ts';
import {
  RESERVATION_EVENTS,
  RESERVATION_MACHINE,
  RESERVATION_STATUSES,
  type ReservationStatus,
} from '../../shared/state/reservation.ts';
import { type Fixture, makeFixture } from '../helpers/fixture.ts';
import { addRentalItem, type RentalItem } from '../helpers/rental.ts';
import { stateHash } from '../helpers/state-hash.ts';
import { openDrawer, rows } from './support.ts';

/**
 * Properties of reservations over random sequences of commands on one fresh ledger per run:
 *   - no overbooking: after every command, accepted or refused, no instant has more units of an
 *     item held (confirmed or checked out, each with the buffer after it) than the item has —
 *     computed here from the rows by brute force over every start instant;
 *   - a refused command changes nothing (the state hash);
 *   - cancelling frees the units: the reservation holds nothing afterwards, and the same
 *     booking is then accepted again;
 *   - the status only moves along the transitions the state machine lists.
 */
const RUNS = Number(process.env.COMPTOIR_FC_RUNS ?? 15);
const SEED =
  process.env.COMPTOIR_FC_SEED === 'random' ? undefined : Number(process.env.COMPTOIR_FC_SEED ?? 20261202);

let f: Fixture;
let items: RentalItem[];
beforeEach(() => {
  f = makeFixture();
  items = [
    addRentalItem(f, { name: 'Bétonnière', sku: 'BET', units: ['BET-1', 'BET-2', 'BET-3'] }),
    addRentalItem(f, { name: 'Échafaudage', sku: 'ECH', units: ['ECH-1'] }),
  ];
});
afterEach(() => f.cleanup());

const T0 = Date.parse('2026-12-01T14:00:00.000Z');
const HOUR = 3_600_000;

type Cmd =
  | {
      op: 'create';
      item: number;
      quantity: number;
      unit: number | null;
      start: number;
      hours: number;
      confirmed: boolean;
    }
  | { op: 'confirm' | 'cancel' | 'checkOut' | 'returnAll' | 'close'; which: number }
  | { op: 'addLines'; which: number; item: number; quantity: number }
  | { op: 'buffer'; minutes: number };

const cmdArb: fc.Arbitrary<Cmd> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      op: fc.constant('create' as const),
      item: fc.nat({ max: 1 }),
      quantity: fc.integer({ min: 1, max: 3 }),
      unit: fc.option(fc.nat({ max: 2 }), { nil: null }),
      start: fc.integer({ min: 0, max: 14 * 24 }),
      hours: fc.integer({ min: 1, max: 5 * 24 }),
      confirmed: fc.boolean(),
    }),
  },
  {
    weight: 6,
    arbitrary: fc.record({
      op: fc.constantFrom(
        'confirm' as const,
        'cancel' as const,
        'checkOut' as const,
        'returnAll' as const,
        'close' as const,
      ),
      which: fc.nat({ max: 3 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('addLines' as const),
      which: fc.nat({ max: 3 }),
      item: fc.nat({ max: 1 }),
      quantity: fc.integer({ min: 1, max: 2 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ op: fc.constant('buffer' as const), minutes: fc.constantFrom(0, 30, 60, 240) }),
  },
);

/** The most units held at one instant, per item, from the rows (every start instant tried). */
function overbooked(): string[] {
  const buffer = (() => {
    const r = rows<{ value: string }>(f, "SELECT value FROM settings WHERE key = 'rental.bufferMinutes'")[0];
    return (r ? Number(JSON.parse(r.value)) : 60) * 60_000;
  })();
  const held = rows<{ product_id: string; unit_id: string | null; s: string; e: string; quantity: number }>(
    f,
    `SELECT l.product_id, l.unit_id, l.start_at AS s, l.end_at AS e, l.quantity FROM reservation_lines l
     JOIN orders o ON o.id = l.order_id WHERE o.status IN ('confirmed', 'checked_out')`,
  );
  const bad: string[] = [];
  for (const item of items) {
    const mine = held.filter((h) => h.product_id === item.id);
    for (const at of mine.map((h) => Date.parse(h.s))) {
      const live = mine.filter((h) => Date.parse(h.s) <= at && at < Date.parse(h.e) + buffer);
      const n = live.reduce((a, h) => a + h.quantity, 0);
      if (n > item.units.length) bad.push(`${item.id} ${n} at ${new Date(at).toISOString()}`);
      const named = live.map((h) => h.unit_id).filter(Boolean);
      if (new Set(named).size !== named.length)
        bad.push(`${item.id} one unit twice at ${new Date(at).toISOString()}`);
    }
  }
  return bad;
}

const statusOf = (id: string) =>
  rows<{ status: ReservationStatus }>(f, 'SELECT status FROM orders WHERE id = ?', id)[0]!.status;

describe('reservations: properties over random command sequences', () => {
  it('never overbooks; refused commands change nothing; cancelling frees; only listed transitions', () => {
    let runs = 0;
    let refusedBookings = 0;
    const reached = new Set<string>();
    fc.assert(
      fc.property(fc.array(cmdArb, { minLength: 5, maxLength: 30 }), (cmds) => {
        // each run on a fresh ledger
        f.cleanup();
        f = makeFixture();
        items = [
          addRentalItem(f, { name: 'Bétonnière', sku: 'BET', units: ['BET-1', 'BET-2', 'BET-3'] }),
          addRentalItem(f, { name: 'Échafaudage', sku: 'ECH', units: ['ECH-1'] }),
        ];
        openDrawer(f);
        runs++;
        const ids: string[] = [];
        // mostly the newest reservations, so that one goes through its whole life
        const pick = (n: number) => (ids.length ? ids[ids.length - 1 - (n % ids.length)]! : null);
        for (const c of cmds) {
          const before = stateHash(f.app.env.sqlite);
          const target = 'which' in c ? pick(c.which) : null;
          const from = target ? statusOf(target) : null;
          let event: string | null = null;
          try {
            switch (c.op) {
              case 'create': {
                const item = items[c.item]!;
                const unit = c.unit !== null ? item.units[c.unit % item.units.length]! : null;
                const r = f.app.call(
                  'reservation.create',
                  {
                    customerId: f.customerId,
                    pickupAt: new Date(T0 + c.start * HOUR).toISOString(),
                    returnAt: new Date(T0 + (c.start + c.hours) * HOUR).toISOString(),
                    status: c.confirmed ? 'confirmed' : 'quote',
                    lines: [unit ? { unitId: unit.id } : { productId: item.id, quantity: c.quantity }],
                  },
                  f.clerk,
                );
                ids.push(r.id);
                break;
              }
              case 'buffer':
                f.app.call('reservation.setBuffer', { minutes: c.minutes }, f.manager);
                break;
              case 'addLines':
                if (!target) continue;
                event = 'addLines';
                f.app.call(
                  'reservation.addLines',
                  { reservationId: target, lines: [{ productId: items[c.item]!.id, quantity: c.quantity }] },
                  f.clerk,
                );
                break;
              case 'confirm':
              case 'cancel':
              case 'close':
                if (!target) continue;
                event = c.op;
                f.app.call(`reservation.${c.op}`, { reservationId: target }, f.clerk);
                if (c.op === 'cancel') {
                  // cancelling frees: nothing of it holds units any more
                  expect(
                    rows(
                      f,
                      'SELECT count(*) AS n FROM reservation_lines WHERE order_id = ? AND holds = 1',
                      target,
                    ),
                  ).toEqual([{ n: 0 }]);
                }
                break;
              case 'checkOut': {
                if (!target) continue;
                event = 'checkOut';
                // scan the first unit of its first line's item that is available
                const line = rows<{ product_id: string; unit_id: string | null }>(
                  f,
                  'SELECT product_id, unit_id FROM reservation_lines WHERE order_id = ? ORDER BY position LIMIT 1',
                  target,
                )[0]!;
                const asset = rows<{ asset_id: string }>(
                  f,
                  "SELECT asset_id FROM units WHERE product_id = ? AND (? IS NULL OR id = ?) AND status = 'available' LIMIT 1",
                  line.product_id,
                  line.unit_id,
                  line.unit_id,
                )[0];
                if (!asset) continue;
                f.app.call(
                  'reservation.checkOut',
                  { reservationId: target, assetId: asset.asset_id },
                  f.clerk,
                );
                break;
              }
              case 'returnAll': {
                if (!target) continue;
                event = 'return';
                const out = rows<{ asset_id: string }>(
                  f,
                  'SELECT u.asset_id FROM reservation_units r JOIN units u ON u.id = r.unit_id WHERE r.order_id = ? AND r.returned_at IS NULL',
                  target,
                );
                if (!out.length) continue;
                for (const u of out)
                  f.app.call(
                    'reservation.returnUnit',
                    { reservationId: target, assetId: u.asset_id },
                    f.clerk,
                  );
                // pay what is due, so that closing can be tried next
                const r = f.app.call('reservation.get', { reservationId: target }, f.clerk);
                if (r.balance > 0) {
                  f.app.call(
                    'order.recordPayment',
                    { orderId: target, amount: r.balance, method: 'card', reference: 'A' },
                    f.clerk,
                  );
                }
                break;
              }
            }
            if (target && event) {
              const to = statusOf(target);
              reached.add(to);
              if (to !== from) {
                // the status moved: along a transition the machine lists, for this event
                expect(
                  RESERVATION_MACHINE[from!][event as keyof (typeof RESERVATION_MACHINE)['quote']],
                  `${from} --${event}-->`,
                ).toBe(to);
              }
            }
          } catch (e) {
            if (!(e instanceof CommandError)) throw e;
            if (e.code === 'CONFLICT') refusedBookings++;
            expect(['CONFLICT', 'INVALID_STATE', 'VALIDATION'], e.message).toContain(e.code);
            if (c.op === 'returnAll') continue; // several commands: earlier scans may have landed
            expect(stateHash(f.app.env.sqlite), `${c.op} refused (${e.message}) but changed the ledger`).toBe(
              before,
            );
          }
          expect(overbooked()).toEqual([]);
        }
      }),
      { numRuns: RUNS, seed: SEED },
    );
    expect(runs).toBe(RUNS);
    // the sequences did try to overbook (the property is not vacuous)
    expect(refusedBookings).toBeGreaterThan(0);
    // … and went through the life of a rental (closing is the integration test's last step)
    expect([...reached]).toEqual(
      expect.arrayContaining(['cancelled', 'checked_out', 'confirmed', 'returned']),
    );
  });

  it('the state machine lists exactly the transitions of the issue', () => {
    const listed = RESERVATION_STATUSES.flatMap((s) =>
      RESERVATION_EVENTS.filter((e) => RESERVATION_MACHINE[s][e] !== undefined).map(
        (e) => `${s} -${e}-> ${RESERVATION_MACHINE[s][e]}`,
      ),
    );
    expect(listed).toEqual([
      'quote -addLines-> quote',
      'quote -confirm-> confirmed',
      'quote -cancel-> cancelled',
      'confirmed -addLines-> confirmed',
      'confirmed -checkOut-> checked_out',
      'confirmed -cancel-> cancelled',
      'checked_out -checkOut-> checked_out',
      'checked_out -return-> returned',
      'returned -close-> closed',
    ]);
  });
});
