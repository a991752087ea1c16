import type Database from 'better-sqlite3';
import { all, nextCounter, one, run } from '../../db/sql.ts';
import type { OpParsed } from '../../shared/api/contract.ts';
import type {
  AvailabilityCalendar,
  RentalPriceQuote,
  Reservation,
  ReservationLine,
  ReservationSummary,
  ReservationUnit,
} from '../../shared/api/types.ts';
import {
  CommandError,
  type FieldIssue,
  issue,
  notFound,
  type ScanRefusal,
  validationError,
} from '../../shared/errors.ts';
import type { Entry } from '../../shared/ledger/entries.ts';
import type { ReservationSlip } from '../../shared/ledger/print-jobs.ts';
import { priceCart } from '../../shared/pricing.ts';
import { availabilityByDay, type Booking, bookingsAt, peakBooked } from '../../shared/rental/availability.ts';
import { storeDays } from '../../shared/rental/days.ts';
import { isRateError, lateFee, quoteRental, type RateTable } from '../../shared/rental/rates.ts';
import { transition } from '../../shared/state/machine.ts';
import {
  HOLDING_STATUSES,
  RESERVATION_MACHINE,
  type ReservationEvent,
  type ReservationStatus,
} from '../../shared/state/reservation.ts';
import { plainTax } from '../../shared/tax.ts';
import type { CommandContext, Env, ReadEnv } from './context.ts';

/** what a read needs: a command's environment or a query's */
type AnyEnv = Env | ReadEnv;

import { customerExists } from './customers.ts';
import { moveCash, requireOpenDrawer } from './drawer-session.ts';
import { loadOrder, orderNumber } from './orders.ts';
import { moveUnit, unitByAsset, unitById } from './units.ts';

/**
 * Reservations (rental orders) at the counter. A reservation is an order of kind 'reservation'
 * (same number series, same "Add a payment" flow through order.recordPayment, same balance)
 * with a rental period, lines priced from the rate tables (shared/rental/rates.ts), a deposit
 * and a life (shared/state/reservation.ts). Confirmed and checked-out lines hold their units:
 * no instant may have more units of an item booked than the item has, counting the store's
 * buffer after every rental; a booking that would overbook is refused naming the
 * reservations it collides with. Check-out and return go unit by unit, by scanning asset IDs.
 */

const DEFAULT_BUFFER_MINUTES = 60;
const BUFFER_KEY = 'rental.bufferMinutes';

export function bufferMinutes(sqlite: Database.Database): number {
  const r = one<{ value: string }>(sqlite, 'SELECT value FROM settings WHERE key = ?', BUFFER_KEY);
  return r ? Number(JSON.parse(r.value)) : DEFAULT_BUFFER_MINUTES;
}

interface ProductRates {
  id: string;
  name: string;
  tax_category: string;
  deposit: number | null;
  active: number;
  rental_4h: number | null;
  rental_day: number | null;
  rental_weekend: number | null;
  rental_week: number | null;
  rental_month: number | null;
}

function productRates(sqlite: Database.Database, productId: string): ProductRates | undefined {
  return one<ProductRates>(
    sqlite,
    `SELECT id, name, tax_category, deposit, active, rental_4h, rental_day, rental_weekend, rental_week, rental_month
     FROM products WHERE id = ?`,
    productId,
  );
}

const rateTable = (p: ProductRates): RateTable => ({
  fourHours: p.rental_4h,
  day: p.rental_day,
  weekend: p.rental_weekend,
  week: p.rental_week,
  month: p.rental_month,
});

/** units that can be rented: every unit of the item that is not retired */
function capacity(sqlite: Database.Database, productId: string): number {
  return one<{ n: number }>(
    sqlite,
    "SELECT count(*) AS n FROM units WHERE product_id = ? AND status <> 'retired'",
    productId,
  )!.n;
}

interface LineRow {
  id: string;
  order_id: string;
  position: number;
  product_id: string;
  unit_id: string | null;
  name: string;
  quantity: number;
  unit_price: number;
  amount: number;
  tax_category: string;
  deposit: number;
  blocks: string;
  start_at: string;
  end_at: string;
  holds: number;
}

interface OrderRow {
  id: string;
  number: string;
  kind: string;
  status: ReservationStatus;
  customer_id: string;
  customer_name: string | null;
  pickup_at: string;
  return_at: string;
  subtotal: number;
  tax_total: number;
  late_fees: number;
  total: number;
  deposit: number;
  deposit_held: number;
  currency: Reservation['currency'];
  notes: string | null;
  conflict_note: string | null;
  conflict_at: string | null;
  created_at: string;
}

function orderRow(sqlite: Database.Database, reservationId: string): OrderRow {
  const o = one<OrderRow>(
    sqlite,
    `SELECT o.*, c.name AS customer_name FROM orders o LEFT JOIN customers c ON c.id = o.customer_id
     WHERE o.id = ? AND o.kind = 'reservation'`,
    reservationId,
  );
  if (!o) {
    throw notFound('reservationId', reservationId, 'reservation');
  }
  return o;
}

const lineRows = (sqlite: Database.Database, orderId: string) =>
  all<LineRow>(sqlite, 'SELECT * FROM reservation_lines WHERE order_id = ? ORDER BY position', orderId);

interface UnitRow {
  id: string;
  line_id: string;
  unit_id: string;
  asset_id: string;
  serial: string | null;
  out_at: string;
  returned_at: string | null;
  condition: string | null;
  to_maintenance: number;
  late_fee: number;
}

const unitRows = (sqlite: Database.Database, orderId: string) =>
  all<UnitRow>(
    sqlite,
    `SELECT r.*, u.asset_id, u.serial FROM reservation_units r JOIN units u ON u.id = r.unit_id
     WHERE r.order_id = ? ORDER BY r.rowid`,
    orderId,
  );

/** Totals of a reservation from its lines and late fees, with the sales' tax engine. */
function totals(env: AnyEnv, lines: readonly LineRow[], units: readonly UnitRow[]) {
  const byLine = new Map(lines.map((l) => [l.id, l]));
  const priced = [
    ...lines.map((l) => ({
      unitPrice: l.unit_price,
      quantity: l.quantity * 1000,
      taxCategory: l.tax_category,
    })),
    // a late fee is rent for the extra time: taxed like the item
    ...units
      .filter((u) => u.late_fee > 0)
      .map((u) => ({
        unitPrice: u.late_fee,
        quantity: 1000,
        taxCategory: byLine.get(u.line_id)!.tax_category,
      })),
  ];
  const cart = priceCart(env.jurisdiction, priced);
  const lateFees = units.reduce((a, u) => a + u.late_fee, 0);
  return {
    subtotal: cart.subtotal - lateFees,
    lateFees,
    taxes: cart.taxes.map(plainTax),
    taxTotal: cart.taxTotal,
    total: cart.total,
    deposit: lines.reduce((a, l) => a + l.deposit, 0),
  };
}

export function loadReservation(env: AnyEnv, reservationId: string): Reservation {
  const o = orderRow(env.sqlite, reservationId);
  const lines = lineRows(env.sqlite, o.id);
  const units = unitRows(env.sqlite, o.id);
  const t = totals(env, lines, units);
  const order = loadOrder(env.sqlite, o.id);
  const assets = new Map<string, string>();
  for (const l of lines) {
    if (l.unit_id && !assets.has(l.unit_id))
      assets.set(l.unit_id, unitById(env.sqlite, l.unit_id)?.assetId ?? '');
  }
  return {
    id: o.id,
    number: o.number,
    status: o.status,
    customerId: o.customer_id,
    customerName: o.customer_name ?? '',
    pickupAt: o.pickup_at,
    returnAt: o.return_at,
    lines: lines.map(
      (l): ReservationLine => ({
        id: l.id,
        productId: l.product_id,
        name: l.name,
        unitId: l.unit_id,
        assetId: l.unit_id ? (assets.get(l.unit_id) ?? null) : null,
        quantity: l.quantity,
        unitPrice: l.unit_price,
        amount: l.amount,
        taxCategory: l.tax_category,
        deposit: l.deposit,
        blocks: JSON.parse(l.blocks) as ReservationLine['blocks'],
        units: units
          .filter((u) => u.line_id === l.id)
          .map(
            (u): ReservationUnit => ({
              unitId: u.unit_id,
              assetId: u.asset_id,
              serial: u.serial,
              outAt: u.out_at,
              returnedAt: u.returned_at,
              condition: u.condition,
              lateFee: u.late_fee,
            }),
          ),
      }),
    ),
    subtotal: t.subtotal,
    lateFees: t.lateFees,
    taxes: t.taxes,
    taxTotal: t.taxTotal,
    total: o.total,
    paid: order.paid,
    balance: order.balance,
    deposit: o.deposit,
    depositHeld: o.deposit_held,
    currency: o.currency,
    notes: o.notes,
    conflict: o.conflict_note ? { note: o.conflict_note, at: o.conflict_at ?? o.created_at } : null,
    payments: order.payments,
    createdAt: o.created_at,
  };
}

/** Move a reservation through its state machine or fail with INVALID_STATE naming both. */
function next(status: ReservationStatus, event: ReservationEvent): ReservationStatus {
  const t = transition(RESERVATION_MACHINE, status, event);
  if (!t.ok) {
    throw new CommandError('INVALID_STATE', `cannot ${event} a reservation that is ${status}`, {
      details: { status, event },
    });
  }
  return t.to;
}

/** Parse and check the rental period: the return after the pickup. */
function period(input: { pickupAt: string; returnAt: string }): { from: Date; to: Date } {
  const from = new Date(input.pickupAt);
  const to = new Date(input.returnAt);
  if (!(to.getTime() > from.getTime())) {
    throw validationError([issue('returnAt', 'returnBeforePickup', 'the return must come after the pickup')]);
  }
  return { from, to };
}

type LineInput = OpParsed<'reservation.addLines'>['lines'][number];

/** Price the new lines from the rate tables; bad lines are VALIDATION naming each. */
function priceLines(
  ctx: CommandContext,
  orderId: string,
  firstPosition: number,
  lines: readonly LineInput[],
  from: Date,
  to: Date,
  holds: boolean,
): LineRow[] {
  const issues: FieldIssue[] = [];
  const out: LineRow[] = [];
  lines.forEach((l, i) => {
    let productId: string;
    let unitId: string | null = null;
    let quantity: number;
    if ('unitId' in l) {
      const u = unitById(ctx.sqlite, l.unitId);
      if (!u) throw notFound(`lines.${i}.unitId`, l.unitId, 'unit');
      if (u.status === 'retired') {
        issues.push(issue(`lines.${i}.unitId`, 'retired', 'this unit is retired'));
        return;
      }
      productId = u.productId;
      unitId = u.id;
      quantity = 1;
    } else {
      productId = l.productId;
      quantity = l.quantity;
    }
    const field = unitId ? `lines.${i}.unitId` : `lines.${i}.productId`;
    const p = productRates(ctx.sqlite, productId);
    if (!p?.active) throw notFound(field, productId, 'product');
    const q = quoteRental(rateTable(p), from, to, ctx.store.timeZone);
    if (isRateError(q)) {
      issues.push(
        q.error === 'NO_RATE'
          ? issue(field, 'noRate', 'no rental rate for this period')
          : issue(field, 'rentalTooLong', 'the rental is too long'),
      );
      return;
    }
    out.push({
      id: ctx.newId(),
      order_id: orderId,
      position: firstPosition + out.length,
      product_id: productId,
      unit_id: unitId,
      name: p.name,
      quantity,
      unit_price: q.price,
      amount: q.price * quantity,
      tax_category: p.tax_category,
      deposit: (p.deposit ?? 0) * quantity,
      blocks: JSON.stringify(q.blocks),
      start_at: from.toISOString(),
      end_at: to.toISOString(),
      holds: holds ? 1 : 0,
    });
  });
  if (issues.length) throw validationError(issues);
  return out;
}

function insertLines(ctx: CommandContext, lines: readonly LineRow[]): void {
  for (const l of lines) {
    run(
      ctx.sqlite,
      `INSERT INTO reservation_lines (id, order_id, position, product_id, unit_id, name, quantity, unit_price, amount,
        tax_category, deposit, blocks, start_at, end_at, holds) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      l.id,
      l.order_id,
      l.position,
      l.product_id,
      l.unit_id,
      l.name,
      l.quantity,
      l.unit_price,
      l.amount,
      l.tax_category,
      l.deposit,
      l.blocks,
      l.start_at,
      l.end_at,
      l.holds,
    );
  }
}

const journalLine = (l: LineRow): Entry<'reservation.created'>['lines'][number] => ({
  lineId: l.id,
  productId: l.product_id,
  unitId: l.unit_id,
  quantity: l.quantity,
  unitPrice: l.unit_price,
  amount: l.amount,
  taxCategory: l.tax_category,
  deposit: l.deposit,
});

/**
 * The holding bookings of an item that meet [from, to) with the buffer, other reservations only:
 * one range of the (product, holds, start) index; the reservation numbers are not read here
 * (a calendar needs none; a refusal asks `numbersOf` for the few it names).
 */
export function holdingBookings(
  sqlite: Database.Database,
  productId: string,
  from: number,
  to: number,
  bufferMs: number,
  exceptOrderId: string | null = null,
): (Booking & { unitId: string | null })[] {
  const rows = all<{
    order_id: string;
    start_at: string;
    end_at: string;
    quantity: number;
    unit_id: string | null;
  }>(
    sqlite,
    `SELECT order_id, start_at, end_at, quantity, unit_id FROM reservation_lines
     WHERE product_id = ? AND holds = 1 AND start_at < ? AND end_at > ?`,
    productId,
    new Date(to).toISOString(),
    new Date(from - bufferMs).toISOString(),
  );
  const out: (Booking & { unitId: string | null })[] = [];
  for (const r of rows) {
    if (r.order_id === exceptOrderId) continue;
    out.push({
      reservationId: r.order_id,
      number: '',
      start: Date.parse(r.start_at),
      end: Date.parse(r.end_at),
      quantity: r.quantity,
      unitId: r.unit_id,
    });
  }
  return out;
}

/** The numbers of the reservations a refusal names. */
function withNumbers<T extends { reservationId: string; number: string }>(
  sqlite: Database.Database,
  bs: T[],
): T[] {
  return bs.map((b) => ({
    ...b,
    number:
      one<{ number: string }>(sqlite, 'SELECT number FROM orders WHERE id = ?', b.reservationId)?.number ??
      '',
  }));
}

/**
 * Refuse lines that would overbook: for each item, the most units booked at one instant of the
 * period (these lines + every other holding booking, each with the buffer after it) must not
 * exceed the units it has; a specific unit must not be held by another booking then.
 */
function assertAvailable(ctx: CommandContext, orderId: string, lines: readonly LineRow[]): void {
  const bufferMs = bufferMinutes(ctx.sqlite) * 60_000;
  const byProduct = new Map<string, LineRow[]>();
  for (const l of lines) byProduct.set(l.product_id, [...(byProduct.get(l.product_id) ?? []), l]);
  for (const [productId, mine] of byProduct) {
    const from = Math.min(...mine.map((l) => Date.parse(l.start_at)));
    const to = Math.max(...mine.map((l) => Date.parse(l.end_at))) + bufferMs;
    const others = holdingBookings(ctx.sqlite, productId, from, to, bufferMs, orderId);
    const own = mine.map((l) => ({
      reservationId: orderId,
      number: '',
      start: Date.parse(l.start_at),
      end: Date.parse(l.end_at),
      quantity: l.quantity,
      unitId: l.unit_id,
    }));
    const cap = capacity(ctx.sqlite, productId);
    const peak = peakBooked([...others, ...own], from, to, bufferMs);
    const taken = mine.find((l) => l.unit_id && others.some((o) => o.unitId === l.unit_id));
    if (peak.booked > cap || taken) {
      const at = taken ? Date.parse(taken.start_at) : peak.at;
      const conflicts = withNumbers(
        ctx.sqlite,
        taken ? others.filter((o) => o.unitId === taken.unit_id) : bookingsAt(others, at, bufferMs),
      )
        .map((b) => ({
          reservationId: b.reservationId,
          number: b.number,
          pickupAt: new Date(b.start).toISOString(),
          returnAt: new Date(b.end).toISOString(),
          quantity: b.quantity,
        }))
        .filter((c, i, a) => a.findIndex((x) => x.reservationId === c.reservationId) === i);
      const name = mine[0]!.name;
      throw new CommandError(
        'CONFLICT',
        `${name}: ${taken ? 'this unit is booked' : `${peak.booked} booked for ${cap} units`} on ${new Date(at).toISOString()} (${conflicts.map((c) => c.number).join(', ')})`,
        {
          details: {
            reason: taken ? 'unitBooked' : 'overbooked',
            productId,
            name,
            capacity: cap,
            booked: peak.booked,
            at: new Date(at).toISOString(),
            conflicts,
          },
        },
      );
    }
  }
}

/** Write the totals the lines and late fees make; the order's total is what is owed. */
function refreshTotals(ctx: CommandContext, orderId: string) {
  const t = totals(ctx.env, lineRows(ctx.sqlite, orderId), unitRows(ctx.sqlite, orderId));
  run(
    ctx.sqlite,
    'UPDATE orders SET subtotal = ?, tax_total = ?, late_fees = ?, total = ?, updated_at = ? WHERE id = ?',
    t.subtotal,
    t.taxTotal,
    t.lateFees,
    t.total,
    ctx.atIso,
    orderId,
  );
  return t;
}

function setStatus(ctx: CommandContext, orderId: string, to: ReservationStatus): void {
  run(ctx.sqlite, 'UPDATE orders SET status = ?, updated_at = ? WHERE id = ?', to, ctx.atIso, orderId);
  // the lines hold their units exactly while the reservation is confirmed or checked out
  run(
    ctx.sqlite,
    'UPDATE reservation_lines SET holds = ? WHERE order_id = ?',
    HOLDING_STATUSES.includes(to) ? 1 : 0,
    orderId,
  );
}

/**
 * The reservation's slip for the receipt printer (rental contract at check-out, return receipt),
 * read from its rows as of the job's time (`asOf`): the units out by then and, on a return
 * receipt, their condition as returned by then. Lines (and so the deposit) cannot change once a
 * unit has left (shared/state/reservation.ts), so a reprint shows the same paper.
 */
export function reservationSlip(
  sqlite: Database.Database,
  kind: 'pickup' | 'return',
  reservationId: string,
  asOf: string,
): ReservationSlip {
  const o = orderRow(sqlite, reservationId);
  const names = new Map(lineRows(sqlite, o.id).map((l) => [l.id, l.name]));
  const out = unitRows(sqlite, o.id).filter((u) => u.out_at <= asOf);
  const back = out.filter((u) => u.returned_at !== null && u.returned_at <= asOf);
  const returnedAt = back.reduce<string | null>(
    (a, u) => (a === null || u.returned_at! > a ? u.returned_at : a),
    null,
  );
  return {
    reservationId: o.id,
    number: o.number,
    customerName: o.customer_name ?? '',
    from: o.pickup_at,
    to: o.return_at,
    ...(kind === 'return' ? { returnedAt } : {}),
    units: out.map((u) => ({
      name: names.get(u.line_id) ?? '',
      assetId: u.asset_id,
      serial: u.serial,
      ...(kind === 'return' && back.includes(u) ? { condition: u.condition } : {}),
    })),
    deposit: o.deposit,
    notes: o.notes,
  };
}

/** A scan refused: the field is the asset ID, the reason is for the clerk (translated by code). */
function scanError(reason: ScanRefusal, message: string, extra: Record<string, unknown> = {}): CommandError {
  return new CommandError(reason === 'unknownUnit' ? 'VALIDATION' : 'INVALID_STATE', message, {
    fields: [issue('assetId', reason, message, extra)],
    details: { reason, ...extra },
  });
}

export const reservationHandlers = {
  'reservation.create'(ctx: CommandContext, input: OpParsed<'reservation.create'>): Reservation {
    if (!customerExists(ctx.sqlite, input.customerId)) {
      throw notFound('customerId', input.customerId, 'customer');
    }
    const { from, to } = period(input);
    const id = ctx.newId();
    const number = orderNumber(ctx.store.tillName, nextCounter(ctx.sqlite, 'order'));
    const holds = HOLDING_STATUSES.includes(input.status);
    const lines = priceLines(ctx, id, 1, input.lines, from, to, holds);
    if (holds) assertAvailable(ctx, id, lines);
    const t = totals(ctx.env, lines, []);
    const deposit = input.deposit ?? t.deposit;
    run(
      ctx.sqlite,
      `INSERT INTO orders (id, number, customer_id, description, total, currency, created_at, kind, status, pickup_at,
        return_at, subtotal, tax_total, deposit, notes, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, 'reservation', ?, ?, ?, ?, ?, ?, ?, ?)`,
      id,
      number,
      input.customerId,
      lines.map((l) => (l.quantity > 1 ? `${l.name} ×${l.quantity}` : l.name)).join(', '),
      t.total,
      ctx.env.jurisdiction.currency,
      ctx.atIso,
      input.status,
      from.toISOString(),
      to.toISOString(),
      t.subtotal,
      t.taxTotal,
      deposit,
      input.notes || null,
      ctx.atIso,
    );
    insertLines(ctx, lines);
    ctx.record('reservation.created', {
      reservationId: id,
      number,
      customerId: input.customerId,
      status: input.status,
      pickupAt: from.toISOString(),
      returnAt: to.toISOString(),
      lines: lines.map(journalLine),
      deposit,
      subtotal: t.subtotal,
      taxTotal: t.taxTotal,
      total: t.total,
      currency: ctx.env.jurisdiction.currency,
    });
    return loadReservation(ctx.env, id);
  },

  'reservation.addLines'(ctx: CommandContext, input: OpParsed<'reservation.addLines'>): Reservation {
    const o = orderRow(ctx.sqlite, input.reservationId);
    next(o.status, 'addLines');
    const existing = lineRows(ctx.sqlite, o.id);
    const lines = priceLines(
      ctx,
      o.id,
      existing.length + 1,
      input.lines,
      new Date(o.pickup_at),
      new Date(o.return_at),
      HOLDING_STATUSES.includes(o.status),
    );
    if (HOLDING_STATUSES.includes(o.status)) assertAvailable(ctx, o.id, [...existing, ...lines]);
    insertLines(ctx, lines);
    const t = refreshTotals(ctx, o.id);
    // the deposit asked grows by the new items' deposits
    const deposit = o.deposit + lines.reduce((a, l) => a + l.deposit, 0);
    run(ctx.sqlite, 'UPDATE orders SET deposit = ? WHERE id = ?', deposit, o.id);
    ctx.record('reservation.linesAdded', {
      reservationId: o.id,
      lines: lines.map(journalLine),
      deposit,
      subtotal: t.subtotal,
      taxTotal: t.taxTotal,
      total: t.total,
    });
    return loadReservation(ctx.env, o.id);
  },

  'reservation.confirm'(ctx: CommandContext, input: OpParsed<'reservation.confirm'>): Reservation {
    const o = orderRow(ctx.sqlite, input.reservationId);
    const to = next(o.status, 'confirm');
    assertAvailable(ctx, o.id, lineRows(ctx.sqlite, o.id));
    setStatus(ctx, o.id, to);
    ctx.record('reservation.statusChanged', { reservationId: o.id, from: o.status, to, reason: null });
    return loadReservation(ctx.env, o.id);
  },

  'reservation.cancel'(ctx: CommandContext, input: OpParsed<'reservation.cancel'>): Reservation {
    const o = orderRow(ctx.sqlite, input.reservationId);
    const to = next(o.status, 'cancel');
    const r = loadReservation(ctx.env, o.id);
    if (r.paid > 0 || r.depositHeld > 0) {
      throw new CommandError('INVALID_STATE', `reservation ${o.number} has money on it: give it back first`, {
        details: { reason: 'moneyHeld', paid: r.paid, depositHeld: r.depositHeld },
      });
    }
    setStatus(ctx, o.id, to);
    ctx.record('reservation.statusChanged', {
      reservationId: o.id,
      from: o.status,
      to,
      reason: input.reason || null,
    });
    return loadReservation(ctx.env, o.id);
  },

  'reservation.checkOut'(ctx: CommandContext, input: OpParsed<'reservation.checkOut'>): Reservation {
    const o = orderRow(ctx.sqlite, input.reservationId);
    if (o.status === 'quote') {
      throw new CommandError('INVALID_STATE', `reservation ${o.number} is a quote: confirm it first`, {
        details: { status: o.status, event: 'checkOut', reason: 'notConfirmed' },
      });
    }
    const to = next(o.status, 'checkOut');
    const unit = unitByAsset(ctx.sqlite, input.assetId);
    if (!unit) throw scanError('unknownUnit', `no unit has the asset ID ${input.assetId}`);
    const mine = unitRows(ctx.sqlite, o.id);
    const here = mine.find((u) => u.unit_id === unit.id);
    if (here?.returned_at) throw scanError('alreadyReturned', `${unit.assetId} was already returned`);
    if (here) throw scanError('alreadyOut', `${unit.assetId} is already out on this reservation`);
    if (unit.status === 'out') throw scanError('unitOut', `${unit.assetId} is already out`);
    if (unit.status === 'maintenance') throw scanError('inMaintenance', `${unit.assetId} is in maintenance`);
    if (unit.status === 'retired') throw scanError('retired', `${unit.assetId} is retired`);
    const lines = lineRows(ctx.sqlite, o.id);
    const assigned = (l: LineRow) => mine.filter((u) => u.line_id === l.id).length;
    // the line that asked for this very unit, else a line of its item with a unit still to go
    const line =
      lines.find((l) => l.unit_id === unit.id && assigned(l) === 0) ??
      lines.find((l) => l.unit_id === null && l.product_id === unit.productId && assigned(l) < l.quantity);
    if (!line) throw scanError('notOnReservation', `${unit.assetId} is not on reservation ${o.number}`);
    // a unit another reservation asked for by name, in this period, stays for it
    const bufferMs = bufferMinutes(ctx.sqlite) * 60_000;
    const claimed = holdingBookings(
      ctx.sqlite,
      unit.productId,
      Date.parse(o.pickup_at),
      Date.parse(o.return_at) + bufferMs,
      bufferMs,
      o.id,
    ).find((b) => b.unitId === unit.id);
    if (claimed) {
      claimed.number = withNumbers(ctx.sqlite, [claimed])[0]!.number;
      throw scanError('heldByAnother', `${unit.assetId} is booked on ${claimed.number}`, {
        conflicts: [claimed.number],
      });
    }
    run(
      ctx.sqlite,
      'INSERT INTO reservation_units (id, order_id, line_id, unit_id, out_at) VALUES (?, ?, ?, ?, ?)',
      ctx.newId(),
      o.id,
      line.id,
      unit.id,
      ctx.atIso,
    );
    moveUnit(ctx, unit.id, 'out', null, o.id);
    if (to !== o.status) setStatus(ctx, o.id, to);
    ctx.record('reservation.unitCheckedOut', {
      reservationId: o.id,
      lineId: line.id,
      unitId: unit.id,
      status: to,
    });
    const r = loadReservation(ctx.env, o.id);
    // every unit out: the rental contract, for the customer's signature
    if (r.lines.every((l) => l.units.length === l.quantity))
      ctx.print('reservation_pickup', { reservationId: o.id });
    return r;
  },

  'reservation.returnUnit'(ctx: CommandContext, input: OpParsed<'reservation.returnUnit'>): Reservation {
    const o = orderRow(ctx.sqlite, input.reservationId);
    const unit = unitByAsset(ctx.sqlite, input.assetId);
    if (!unit) throw scanError('unknownUnit', `no unit has the asset ID ${input.assetId}`);
    const here = unitRows(ctx.sqlite, o.id).find((u) => u.unit_id === unit.id);
    if (!here) throw scanError('notOnReservation', `${unit.assetId} is not on reservation ${o.number}`);
    if (here.returned_at) throw scanError('alreadyReturned', `${unit.assetId} was already returned`);
    if (o.status !== 'checked_out') next(o.status, 'return'); // INVALID_STATE naming the status
    const line = lineRows(ctx.sqlite, o.id).find((l) => l.id === here.line_id)!;
    const p = productRates(ctx.sqlite, line.product_id)!;
    const fee = lateFee(
      rateTable(p),
      new Date(o.pickup_at),
      new Date(o.return_at),
      ctx.at,
      ctx.store.timeZone,
    );
    const condition = input.condition || null;
    const toMaintenance = input.toMaintenance === true;
    run(
      ctx.sqlite,
      'UPDATE reservation_units SET returned_at = ?, condition = ?, to_maintenance = ?, late_fee = ? WHERE id = ?',
      ctx.atIso,
      condition,
      toMaintenance ? 1 : 0,
      fee,
      here.id,
    );
    moveUnit(ctx, unit.id, toMaintenance ? 'maintenance' : 'available', condition, o.id);
    const t = refreshTotals(ctx, o.id);
    const stillOut = unitRows(ctx.sqlite, o.id).some((u) => !u.returned_at);
    const status = stillOut ? o.status : next(o.status, 'return');
    if (status !== o.status) setStatus(ctx, o.id, status);
    ctx.record('reservation.unitReturned', {
      reservationId: o.id,
      lineId: line.id,
      unitId: unit.id,
      condition,
      toMaintenance,
      lateFee: fee,
      total: t.total,
      status,
    });
    const r = loadReservation(ctx.env, o.id);
    if (!stillOut) ctx.print('reservation_return', { reservationId: o.id });
    return r;
  },

  'reservation.takeDeposit'(ctx: CommandContext, input: OpParsed<'reservation.takeDeposit'>): Reservation {
    const o = orderRow(ctx.sqlite, input.reservationId);
    if (!HOLDING_STATUSES.includes(o.status)) {
      throw new CommandError('INVALID_STATE', `a ${o.status} reservation takes no deposit`, {
        details: { status: o.status, event: 'takeDeposit' },
      });
    }
    const due = o.deposit - o.deposit_held;
    const amount = input.amount ?? due;
    if (due <= 0) throw new CommandError('INVALID_STATE', `the deposit of ${o.number} is already taken`);
    if (amount > due)
      throw validationError([issue('amount', 'overDeposit', `more than the deposit due (${due})`, { due })]);
    const session = requireOpenDrawer(ctx.sqlite);
    // the movement's reason is the reservation's number: the drawer's list and the slip say whose deposit
    const movementId = moveCash(ctx, session.id, 'deposit_in', amount, o.number, o.id);
    run(
      ctx.sqlite,
      'UPDATE orders SET deposit_held = deposit_held + ?, updated_at = ? WHERE id = ?',
      amount,
      ctx.atIso,
      o.id,
    );
    ctx.record('reservation.depositTaken', { reservationId: o.id, amount, drawerSessionId: session.id });
    ctx.print('drawer_slip', { movementId }, true);
    return loadReservation(ctx.env, o.id);
  },

  'reservation.returnDeposit'(
    ctx: CommandContext,
    input: OpParsed<'reservation.returnDeposit'>,
  ): Reservation {
    const o = orderRow(ctx.sqlite, input.reservationId);
    if (o.deposit_held <= 0) throw new CommandError('INVALID_STATE', `no deposit is held on ${o.number}`);
    if (o.status !== 'returned' && o.status !== 'cancelled' && o.status !== 'confirmed') {
      throw new CommandError('INVALID_STATE', `the units of ${o.number} are not back yet`, {
        details: { status: o.status, event: 'returnDeposit', reason: 'unitsOut' },
      });
    }
    const session = requireOpenDrawer(ctx.sqlite);
    const movementId = moveCash(ctx, session.id, 'deposit_out', -o.deposit_held, o.number, o.id);
    run(ctx.sqlite, 'UPDATE orders SET deposit_held = 0, updated_at = ? WHERE id = ?', ctx.atIso, o.id);
    ctx.record('reservation.depositReturned', {
      reservationId: o.id,
      amount: o.deposit_held,
      drawerSessionId: session.id,
    });
    ctx.print('drawer_slip', { movementId }, true);
    return loadReservation(ctx.env, o.id);
  },

  'reservation.close'(ctx: CommandContext, input: OpParsed<'reservation.close'>): Reservation {
    const o = orderRow(ctx.sqlite, input.reservationId);
    const to = next(o.status, 'close');
    const r = loadReservation(ctx.env, o.id);
    if (r.balance > 0 || r.depositHeld > 0) {
      throw new CommandError(
        'INVALID_STATE',
        `reservation ${o.number}: ${r.balance > 0 ? `balance due ${r.balance}` : 'deposit still held'}`,
        {
          details: {
            reason: r.balance > 0 ? 'balanceDue' : 'depositHeld',
            balance: r.balance,
            depositHeld: r.depositHeld,
          },
        },
      );
    }
    setStatus(ctx, o.id, to);
    ctx.record('reservation.statusChanged', { reservationId: o.id, from: o.status, to, reason: null });
    return loadReservation(ctx.env, o.id);
  },

  'reservation.setConflict'(ctx: CommandContext, input: OpParsed<'reservation.setConflict'>): Reservation {
    const o = orderRow(ctx.sqlite, input.reservationId);
    run(
      ctx.sqlite,
      'UPDATE orders SET conflict_note = ?, conflict_at = ?, updated_at = ? WHERE id = ?',
      input.note,
      input.note ? ctx.atIso : null,
      ctx.atIso,
      o.id,
    );
    ctx.record('reservation.conflictSet', { reservationId: o.id, note: input.note });
    return loadReservation(ctx.env, o.id);
  },

  'reservation.setBuffer'(
    ctx: CommandContext,
    input: OpParsed<'reservation.setBuffer'>,
  ): { minutes: number } {
    run(
      ctx.sqlite,
      'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
      BUFFER_KEY,
      JSON.stringify(input.minutes),
    );
    ctx.record('rental.bufferSet', { minutes: input.minutes });
    return { minutes: input.minutes };
  },
};

/** One item's units free per day (the availability calendar). */
export function availability(
  env: AnyEnv,
  productId: string,
  from: string,
  days: number,
): AvailabilityCalendar {
  if (!productRates(env.sqlite, productId)) {
    throw notFound('productId', productId, 'product');
  }
  const buffer = bufferMinutes(env.sqlite);
  const bufferMs = buffer * 60_000;
  const cal = storeDays(from, days, env.store.timeZone);
  const start = cal[0]!.start;
  const end = cal.at(-1)!.end;
  const bookings = holdingBookings(env.sqlite, productId, start, end, bufferMs);
  const cap = capacity(env.sqlite, productId);
  return {
    productId,
    capacity: cap,
    bufferMinutes: buffer,
    days: availabilityByDay(cap, bookings, cal, bufferMs),
  };
}

export const reservationQueries = {
  'reservation.get'(env: ReadEnv, input: OpParsed<'reservation.get'>): Reservation {
    return loadReservation(env, input.reservationId);
  },
  'reservation.list'(env: ReadEnv, input: OpParsed<'reservation.list'>): ReservationSummary[] {
    const where: string[] = ["o.kind = 'reservation'"];
    const params: unknown[] = [];
    const q = input.q?.trim();
    if (q) {
      where.push('(o.number LIKE ? OR c.name LIKE ? OR o.description LIKE ?)');
      params.push(`%${q}%`, `%${q}%`, `%${q}%`);
    }
    if (input.status) {
      where.push('o.status = ?');
      params.push(input.status);
    }
    if (input.conflict) where.push('o.conflict_note IS NOT NULL');
    if (input.from) {
      where.push('o.return_at > ?');
      params.push(new Date(storeDays(input.from, 1, env.store.timeZone)[0]!.start).toISOString());
    }
    if (input.to) {
      where.push('o.pickup_at < ?');
      params.push(new Date(storeDays(input.to, 1, env.store.timeZone)[0]!.end).toISOString());
    }
    if (input.productId) {
      where.push('EXISTS (SELECT 1 FROM reservation_lines l WHERE l.order_id = o.id AND l.product_id = ?)');
      params.push(input.productId);
    }
    if (input.customerId) {
      where.push('o.customer_id = ?');
      params.push(input.customerId);
    }
    if (input.after) {
      // keyset paging on the list's own order (pickup, number): strictly after the cursor's
      const c = one<{ pickup_at: string; number: string }>(
        env.sqlite,
        "SELECT pickup_at, number FROM orders WHERE id = ? AND kind = 'reservation'",
        input.after,
      );
      if (!c) throw notFound('after', input.after, 'reservation');
      where.push('o.pickup_at >= ? AND (o.pickup_at > ? OR o.number > ?)');
      params.push(c.pickup_at, c.pickup_at, c.number);
    }
    params.push(input.limit);
    return all<{
      id: string;
      number: string;
      status: ReservationStatus;
      customer_id: string;
      customer_name: string | null;
      pickup_at: string;
      return_at: string;
      description: string;
      total: number;
      paid: number;
      conflict_note: string | null;
      conflict_at: string | null;
    }>(
      env.sqlite,
      `SELECT o.id, o.number, o.status, o.customer_id, c.name AS customer_name, o.pickup_at, o.return_at, o.description,
        o.total, (SELECT coalesce(sum(p.amount), 0) FROM order_payments p WHERE p.order_id = o.id) AS paid, o.conflict_note,
        o.conflict_at
       FROM orders o LEFT JOIN customers c ON c.id = o.customer_id
       WHERE ${where.join(' AND ')} ORDER BY o.pickup_at, o.number LIMIT ?`,
      ...params,
    ).map((r) => ({
      id: r.id,
      number: r.number,
      status: r.status,
      customerId: r.customer_id,
      customerName: r.customer_name ?? '',
      pickupAt: r.pickup_at,
      returnAt: r.return_at,
      items: r.description,
      total: r.total,
      balance: r.total - r.paid,
      conflict: r.conflict_note !== null,
      conflictNote: r.conflict_note,
      conflictAt: r.conflict_note !== null ? r.conflict_at : null,
    }));
  },
  'reservation.availability'(
    env: ReadEnv,
    input: OpParsed<'reservation.availability'>,
  ): AvailabilityCalendar {
    return availability(env, input.productId, input.from, input.days);
  },
  'reservation.price'(env: ReadEnv, input: OpParsed<'reservation.price'>): RentalPriceQuote {
    const { from, to } = period(input);
    const p = productRates(env.sqlite, input.productId);
    if (!p?.active) throw notFound('productId', input.productId, 'product');
    const q = quoteRental(rateTable(p), from, to, env.store.timeZone);
    if (isRateError(q))
      throw validationError([
        q.error === 'NO_RATE'
          ? issue('productId', 'noRate', 'no rental rate for this period')
          : issue('productId', 'rentalTooLong', 'the rental is too long'),
      ]);
    return { price: q.price, blocks: q.blocks, deposit: p.deposit ?? 0 };
  },
};
