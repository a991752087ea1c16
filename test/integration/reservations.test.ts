import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkProjections } from '../../db/projection-check.ts';
import type { Reservation } from '../../shared/api/types.ts';
import { parseEntry } from '../../shared/ledger/entries.ts';
import { type Fixture, makeFixture } from '../helpers/fixture.ts';
import { addRentalItem, est, type RentalItem } from '../helpers/rental.ts';
import { stateHash } from '../helpers/state-hash.ts';
import { count, expectError, openDrawer, relogin, rows } from './support.ts';

let f: Fixture;
/** concrete mixer: 4 h 25.00, day 40.00, weekend 60.00, week 160.00; deposit 100.00; two units */
let mixer: RentalItem;
/** scaffold: day 30.00 only; deposit 50.00; one unit */
let scaffold: RentalItem;
beforeEach(() => {
  f = makeFixture(); // Thursday 26 Nov 2026, 10:00 in Toronto
  mixer = addRentalItem(f, {
    name: 'Bétonnière',
    sku: 'LOC-BET',
    units: ['BET-01', 'BET-02'],
    deposit: 10_000,
  });
  scaffold = addRentalItem(f, {
    name: 'Échafaudage',
    sku: 'LOC-ECH',
    units: ['ECH-01'],
    rates: { day: 3000 },
    deposit: 5000,
  });
});
// whatever each test did (deposits in and out of the drawer, order payments, closings), the
// business tables still say what the journal says: ledger verify has no false positive here
afterEach(() => {
  try {
    expect(checkProjections(f.app.env.sqlite).first).toBeNull();
  } finally {
    f.cleanup();
  }
});

const TUE = est('2026-12-01T09:00');
const WED = est('2026-12-02T09:00');

function reserve(
  lines: ({ productId: string; quantity: number } | { unitId: string })[],
  opts: { pickupAt?: string; returnAt?: string; status?: 'quote' | 'confirmed' } = {},
): Reservation {
  return f.app.call(
    'reservation.create',
    {
      customerId: f.customerId,
      pickupAt: opts.pickupAt ?? TUE,
      returnAt: opts.returnAt ?? WED,
      status: opts.status ?? 'confirmed',
      lines,
    },
    f.clerk,
  );
}
const job = (kind: string) =>
  rows<{ id: string; payload: string }>(f, 'SELECT id, payload FROM print_jobs WHERE kind = ?', kind)[0]!;
/** a title printed big (double width) as the preview shows it */
const big = (t: string) => t.split('').join(' ');
const preview = (jobId: string) => f.app.call('receipt.preview', { jobId }, f.clerk);
/** The X report's deposit lines, and whether its cash lines add up to the cash expected. */
function drawerLines() {
  const x = f.app.call('report.x', {}, f.manager);
  const sum =
    x.float +
    x.cashSales -
    x.cashRefunds +
    x.orderPaymentsCash +
    (x.depositsIn ?? 0) -
    (x.depositsOut ?? 0) +
    x.payIns -
    x.payOuts;
  return { depositsIn: x.depositsIn, depositsOut: x.depositsOut, balanced: sum === x.expectedCash };
}
const lastEntry = () =>
  rows<{ type: string; payload: string }>(
    f,
    'SELECT type, payload FROM journal ORDER BY seq DESC LIMIT 1',
  )[0]!;

describe('reservation.create', () => {
  it('prices lines from the rate table with the sales tax engine; the deposit from the items', () => {
    const r = reserve([{ productId: mixer.id, quantity: 2 }], { status: 'quote' });
    expect(r).toMatchObject({
      number: 'CAISSE-1',
      status: 'quote',
      customerName: 'Julie Roy',
      pickupAt: '2026-12-01T14:00:00.000Z',
      returnAt: '2026-12-02T14:00:00.000Z',
      subtotal: 8000, // 2 × a day at 40.00
      taxTotal: 400 + 798, // GST 5 % + QST 9.975 % of 80.00
      total: 9198,
      paid: 0,
      balance: 9198,
      deposit: 20_000,
      depositHeld: 0,
      conflict: null,
    });
    expect(r.lines[0]).toMatchObject({ name: 'Bétonnière', quantity: 2, unitPrice: 4000, amount: 8000 });
    expect(r.lines[0]!.blocks).toEqual([{ period: 'day', count: 1 }]);
    const e = lastEntry();
    expect(e.type).toBe('reservation.created');
    expect(parseEntry(e.type, e.payload).ok).toBe(true);
    expect(e.payload).not.toContain('Julie');
    expect(f.app.call('customer.get', { customerId: f.customerId }, f.clerk).openDocuments).toEqual([
      { kind: 'quote', id: r.id, number: 'CAISSE-1', status: 'quote' },
    ]);
  });

  it('bad input: a typed error naming the field, nothing changed', () => {
    const before = stateHash(f.app.env.sqlite);
    // [input patch, field, error code, field issue code]
    const ghost = '01ARZ3NDEKTSV4RRFFQ69G5FAV';
    const bad: [Record<string, unknown>, string, 'VALIDATION' | 'NOT_FOUND', string][] = [
      [{ pickupAt: WED, returnAt: TUE }, 'returnAt', 'VALIDATION', 'returnBeforePickup'],
      [{ pickupAt: TUE, returnAt: TUE }, 'returnAt', 'VALIDATION', 'returnBeforePickup'],
      [{ lines: [{ unitId: ghost }] }, 'lines.0.unitId', 'NOT_FOUND', 'notFound'],
      [{ lines: [{ productId: mixer.id, quantity: -1 }] }, 'lines.0.quantity', 'VALIDATION', 'too_small'],
      [{ lines: [{ productId: mixer.id, quantity: 0 }] }, 'lines.0.quantity', 'VALIDATION', 'too_small'],
      [{ lines: [{ productId: ghost, quantity: 1 }] }, 'lines.0.productId', 'NOT_FOUND', 'notFound'],
      [{ lines: [] }, 'lines', 'VALIDATION', 'too_small'],
      [{ customerId: ghost }, 'customerId', 'NOT_FOUND', 'notFound'],
      [{ pickupAt: '2026-12-01 09:00' }, 'pickupAt', 'VALIDATION', 'invalid_format'],
      [{ deposit: -1 }, 'deposit', 'VALIDATION', 'too_small'],
    ];
    for (const [patch, field, code, issueCode] of bad) {
      const err = expectError(
        () =>
          f.app.call(
            'reservation.create',
            {
              customerId: f.customerId,
              pickupAt: TUE,
              returnAt: WED,
              lines: [{ productId: mixer.id, quantity: 1 }],
              ...patch,
            } as never,
            f.clerk,
          ),
        code,
        field,
      );
      expect(err.fields?.find((i) => i.path === field)?.code, field).toBe(issueCode);
      if (code === 'NOT_FOUND') expect(err.details).toEqual({ field, id: ghost });
    }
    expect(stateHash(f.app.env.sqlite)).toBe(before);
  });
});

describe('availability', () => {
  it('refuses an overbooking, naming the reservations and dates it collides with; nothing changed', () => {
    const a = reserve([{ productId: mixer.id, quantity: 1 }]);
    const b = reserve([{ productId: mixer.id, quantity: 1 }], { pickupAt: est('2026-12-01T12:00') });
    const before = stateHash(f.app.env.sqlite);
    const err = expectError(
      () =>
        reserve([{ productId: mixer.id, quantity: 1 }], {
          pickupAt: est('2026-12-01T15:00'),
          returnAt: est('2026-12-01T18:00'),
        }),
      'CONFLICT',
    );
    expect(err.details).toMatchObject({
      reason: 'overbooked',
      productId: mixer.id,
      capacity: 2,
      booked: 3,
      conflicts: [
        { reservationId: a.id, number: a.number, pickupAt: a.pickupAt, returnAt: a.returnAt, quantity: 1 },
        { reservationId: b.id, number: b.number, pickupAt: b.pickupAt, returnAt: b.returnAt, quantity: 1 },
      ],
    });
    expect(err.message).toContain(a.number);
    expect(stateHash(f.app.env.sqlite)).toBe(before);
  });

  it('keeps the buffer free after every rental (60 minutes by default, set by a manager)', () => {
    reserve([{ unitId: scaffold.units[0]!.id }]); // returns Wed 09:00
    const at = (t: string) => ({ pickupAt: est(t), returnAt: est('2026-12-03T09:00') });
    expectError(() => reserve([{ productId: scaffold.id, quantity: 1 }], at('2026-12-02T09:30')), 'CONFLICT');
    expectError(() => f.app.call('reservation.setBuffer', { minutes: 15 }, f.clerk), 'FORBIDDEN');
    f.app.call('reservation.setBuffer', { minutes: 15 }, f.manager);
    expect(reserve([{ productId: scaffold.id, quantity: 1 }], at('2026-12-02T09:30')).status).toBe(
      'confirmed',
    );
  });

  it('a quote holds nothing; confirming it checks again; cancelling frees the units', () => {
    const q = reserve([{ productId: mixer.id, quantity: 2 }], { status: 'quote' });
    const c = reserve([{ productId: mixer.id, quantity: 2 }]);
    expectError(() => f.app.call('reservation.confirm', { reservationId: q.id }, f.clerk), 'CONFLICT');
    expect(f.app.call('reservation.get', { reservationId: q.id }, f.clerk).status).toBe('quote');
    const cal = (day: string) =>
      f.app.call('reservation.availability', { productId: mixer.id, from: day, days: 3 }, f.clerk).days;
    expect(cal('2026-11-30').map((d) => d.free)).toEqual([2, 0, 0]);
    f.app.call('reservation.cancel', { reservationId: c.id, reason: 'chantier reporté' }, f.clerk);
    expect(cal('2026-11-30').map((d) => d.free)).toEqual([2, 2, 2]);
    expect(f.app.call('reservation.confirm', { reservationId: q.id }, f.clerk).status).toBe('confirmed');
  });

  it('a specific unit cannot be booked twice at once', () => {
    const a = reserve([{ unitId: mixer.units[0]!.id }]);
    const err = expectError(
      () => reserve([{ unitId: mixer.units[0]!.id }], { pickupAt: est('2026-12-01T12:00') }),
      'CONFLICT',
    );
    expect(err.details).toMatchObject({ reason: 'unitBooked', conflicts: [{ number: a.number }] });
    // the other unit is free
    expect(reserve([{ unitId: mixer.units[1]!.id }]).status).toBe('confirmed');
  });

  it('the conflict flag from head office shows on the reservation and in the manager list', () => {
    const r = reserve([{ productId: mixer.id, quantity: 1 }]);
    expectError(
      () => f.app.call('reservation.setConflict', { reservationId: r.id, note: 'x' }, f.clerk),
      'FORBIDDEN',
    );
    const flagged = f.app.call(
      'reservation.setConflict',
      { reservationId: r.id, note: 'Caisse 2 a réservé BET-01 hors ligne (CAISSE2-14)' },
      f.manager,
    );
    expect(flagged.conflict).toMatchObject({ note: 'Caisse 2 a réservé BET-01 hors ligne (CAISSE2-14)' });
    expect(
      f.app.call('reservation.list', { conflict: true }, f.manager).map((x) => [x.number, x.conflict]),
    ).toEqual([[r.number, true]]);
  });
});

describe('a rental from booking to closing', () => {
  it('add lines, deposit, check-out by scan, late return, payment, deposit back, closed', () => {
    openDrawer(f);
    let r = reserve([{ productId: mixer.id, quantity: 1 }]);
    r = f.app.call(
      'reservation.addLines',
      { reservationId: r.id, lines: [{ productId: scaffold.id, quantity: 1 }] },
      f.clerk,
    );
    expect(r.lines.map((l) => [l.name, l.amount])).toEqual([
      ['Bétonnière', 4000],
      ['Échafaudage', 3000],
    ]);
    expect(r).toMatchObject({ subtotal: 7000, total: 7000 + 350 + 698, deposit: 15_000 });
    // the deposit in cash, through the drawer
    r = f.app.call('reservation.takeDeposit', { reservationId: r.id }, f.clerk);
    expect(r.depositHeld).toBe(15_000);
    expect(rows(f, "SELECT amount FROM drawer_movements WHERE kind = 'deposit_in'")).toEqual([
      { amount: 15_000 },
    ]);
    // the X report shows the deposit, and its lines add up to the cash expected
    expect(drawerLines()).toMatchObject({ depositsIn: 15_000, depositsOut: 0, balanced: true });

    // check-out by scan on Tuesday morning, with explicit refusals
    f.clock.now = new Date('2026-12-01T13:55:00.000Z');
    relogin(f);
    const scan = (assetId: string) =>
      f.app.call('reservation.checkOut', { reservationId: r.id, assetId }, f.clerk);
    const refusal = (assetId: string) => {
      const e = expectError(
        () => scan(assetId),
        assetId === 'NOPE' ? 'VALIDATION' : 'INVALID_STATE',
        'assetId',
      );
      // the field issue's code is the reason: the UI words it by code
      expect(e.fields?.[0]?.code).toBe(e.details?.reason);
      return e.details?.reason;
    };
    f.app.env.sqlite.prepare("UPDATE units SET status = 'maintenance' WHERE asset_id = 'BET-02'").run();
    expect(refusal('NOPE')).toBe('unknownUnit');
    expect(refusal('BET-02')).toBe('inMaintenance');
    r = scan('BET-01');
    expect(r.status).toBe('checked_out');
    expect(refusal('BET-01')).toBe('alreadyOut');
    const other = reserve([{ productId: mixer.id, quantity: 1 }], {
      pickupAt: est('2026-12-05T09:00'),
      returnAt: est('2026-12-06T09:00'),
    });
    expect(
      expectError(
        () => f.app.call('reservation.checkOut', { reservationId: other.id, assetId: 'BET-01' }, f.clerk),
        'INVALID_STATE',
      ).details?.reason,
    ).toBe('unitOut');
    expect(count(f, "SELECT count(*) AS n FROM print_jobs WHERE kind = 'reservation_pickup'")).toBe(0);
    r = scan('ECH-01');
    expect(r.lines.map((l) => l.units.map((u) => u.assetId))).toEqual([['BET-01'], ['ECH-01']]);
    // every unit out: the rental contract is printed, a reference laid out from the reservation
    expect(count(f, "SELECT count(*) AS n FROM print_jobs WHERE kind = 'reservation_pickup'")).toBe(1);
    const contract = job('reservation_pickup');
    expect(JSON.parse(contract.payload)).toEqual({ reservationId: r.id });
    const contractPage = preview(contract.id);
    const contractText = contractPage.lines.join('\n');
    for (const s of [
      r.number,
      big('BON DE SORTIE'),
      'Bétonnière',
      'BET-01',
      'Échafaudage',
      'ECH-01',
      '150,00',
    ])
      expect(contractText).toContain(s);

    // returns: on time for the scaffold, three hours late for the mixer (a 4-hour block: 25.00)
    const giveBack = (assetId: string, extra: Record<string, unknown> = {}) =>
      f.app.call('reservation.returnUnit', { reservationId: r.id, assetId, ...extra }, f.clerk);
    f.clock.now = new Date('2026-12-02T14:00:00.000Z');
    relogin(f);
    r = giveBack('ECH-01', { condition: 'RAS' });
    expect(r.lateFees).toBe(0);
    expect(expectError(() => giveBack('ECH-01'), 'INVALID_STATE', 'assetId').details?.reason).toBe(
      'alreadyReturned',
    );
    expect(expectError(() => giveBack('BET-02'), 'INVALID_STATE', 'assetId').details?.reason).toBe(
      'notOnReservation',
    );
    f.clock.now = new Date('2026-12-02T17:00:00.000Z');
    r = giveBack('BET-01', { condition: 'tambour cabossé', toMaintenance: true });
    expect(r.status).toBe('returned');
    expect(r.lateFees).toBe(2500);
    // taxes on the rent and the late fee: 95.00 → GST 4.75 + QST 9.48
    expect(r).toMatchObject({
      subtotal: 7000,
      lateFees: 2500,
      taxTotal: 475 + 948,
      total: 10_923,
      balance: 10_923,
    });
    expect(rows(f, "SELECT status, condition FROM units WHERE asset_id = 'BET-01'")).toEqual([
      { status: 'maintenance', condition: null },
    ]);
    expect(count(f, "SELECT count(*) AS n FROM print_jobs WHERE kind = 'reservation_return'")).toBe(1);
    // the return receipt: each unit's condition as returned; the contract reprints unchanged
    const receipt = job('reservation_return');
    expect(JSON.parse(receipt.payload)).toEqual({ reservationId: r.id });
    const receiptText = preview(receipt.id).lines.join('\n');
    for (const s of [big('BON DE RETOUR'), 'BET-01', 'tambour cabossé', 'ECH-01', 'RAS'])
      expect(receiptText).toContain(s);
    expect(contractText).not.toContain('tambour cabossé');
    expect(preview(contract.id)).toEqual(contractPage);

    // closing needs the balance paid and the deposit back; the customer can't be deleted before
    expectError(() => f.app.call('reservation.close', { reservationId: r.id }, f.clerk), 'INVALID_STATE');
    const del = expectError(
      () => f.app.call('customer.delete', { customerIds: [f.customerId] }, f.clerk),
      'CONFLICT',
    );
    expect(JSON.stringify(del.details)).toContain(r.number);
    f.app.call(
      'order.recordPayment',
      { orderId: r.id, amount: 10_000, method: 'card', reference: 'AUTH-9', explanation: 'acompte' },
      f.clerk,
    );
    r = f.app.call('reservation.get', { reservationId: r.id }, f.clerk);
    expect(r.balance).toBe(923);
    f.app.call(
      'order.recordPayment',
      { orderId: r.id, amount: 923, method: 'cash', tendered: 1000 },
      f.clerk,
    );
    r = f.app.call('reservation.returnDeposit', { reservationId: r.id }, f.clerk);
    expect(r.depositHeld).toBe(0);
    expect(rows(f, "SELECT amount FROM drawer_movements WHERE kind = 'deposit_out'")).toEqual([
      { amount: -15_000 },
    ]);
    expect(drawerLines()).toMatchObject({ depositsIn: 15_000, depositsOut: 15_000, balanced: true });
    const xText = preview(f.app.call('drawer.printX', {}, f.manager) && job('x_report').id).lines.join('\n');
    expect(xText).toMatch(/Cautions encaissées\s+150,00/);
    expect(xText).toMatch(/Cautions restituées\s+-150,00/);
    // each deposit movement printed its slip (drawer opened), naming the reservation
    const slips = rows<{ id: string; payload: string; kick_drawer: number }>(
      f,
      "SELECT id, payload, kick_drawer FROM print_jobs WHERE kind = 'drawer_slip' ORDER BY created_at, id",
    );
    expect(slips.map((j) => j.kick_drawer)).toEqual([1, 1]);
    const [taken, back] = slips.map((j) => preview(j.id).lines.join('\n'));
    expect(taken).toContain(big('CAUTION ENCAISSÉE'));
    expect(taken).toContain(`Réservation ${r.number}`);
    expect(taken).toContain('150,00');
    expect(back).toContain(big('CAUTION RESTITUÉE'));
    expect(back).toContain(`Réservation ${r.number}`);
    r = f.app.call('reservation.close', { reservationId: r.id }, f.clerk);
    expect(r.status).toBe('closed');
    expect(
      f.app.call('customer.get', { customerId: f.customerId }, f.clerk).openDocuments.map((d) => d.number),
    ).toEqual([other.number]);
    // every entry of the rental parses with its schema
    for (const e of rows<{ type: string; payload: string }>(
      f,
      "SELECT type, payload FROM journal WHERE type LIKE 'reservation.%'",
    )) {
      expect(parseEntry(e.type, e.payload), e.type).toMatchObject({ ok: true });
    }
    // state machine: nothing more on a closed reservation
    expectError(() => f.app.call('reservation.cancel', { reservationId: r.id }, f.clerk), 'INVALID_STATE');
    expectError(
      () =>
        f.app.call(
          'reservation.addLines',
          { reservationId: r.id, lines: [{ productId: mixer.id, quantity: 1 }] },
          f.clerk,
        ),
      'INVALID_STATE',
    );
  });

  it('a quote cannot be checked out; a reservation with money on it cannot be cancelled', () => {
    openDrawer(f);
    const q = reserve([{ productId: mixer.id, quantity: 1 }], { status: 'quote' });
    expect(
      expectError(
        () => f.app.call('reservation.checkOut', { reservationId: q.id, assetId: 'BET-01' }, f.clerk),
        'INVALID_STATE',
      ).details?.reason,
    ).toBe('notConfirmed');
    const c = reserve([{ productId: mixer.id, quantity: 1 }]);
    f.app.call('reservation.takeDeposit', { reservationId: c.id, amount: 5000 }, f.clerk);
    expect(
      expectError(() => f.app.call('reservation.cancel', { reservationId: c.id }, f.clerk), 'INVALID_STATE')
        .details?.reason,
    ).toBe('moneyHeld');
    f.app.call('reservation.returnDeposit', { reservationId: c.id }, f.clerk);
    expect(f.app.call('reservation.cancel', { reservationId: c.id }, f.clerk).status).toBe('cancelled');
  });
});
