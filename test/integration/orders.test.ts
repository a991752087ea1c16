import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Fixture, makeFixture } from '../helpers/fixture.ts';
import { stateHash } from '../helpers/state-hash.ts';
import { count, expectError, openDrawer, rows } from './support.ts';

let f: Fixture;
beforeEach(() => {
  f = makeFixture();
});
afterEach(() => f.cleanup());

const create = (total: number, customerId?: string) =>
  f.app.call(
    'order.create',
    { description: 'Location bétonnière 3 jours', total, ...(customerId ? { customerId } : {}) },
    f.clerk,
  );

describe('order.create', () => {
  it('creates a numbered open order with the full balance due', () => {
    const o = create(15_003, f.customerId);
    expect(o).toMatchObject({
      number: 'CAISSE-1',
      customerId: f.customerId,
      customerName: 'Julie Roy',
      total: 15_003,
      paid: 0,
      balance: 15_003,
      status: 'open',
      payments: [],
      currency: 'CAD',
    });
    expect(create(100).number).toBe('CAISSE-2');
    expect(f.app.call('order.get', { orderId: o.id }, f.clerk)).toEqual(o);
    expect(f.app.call('order.list', { q: 'Julie' }, f.clerk).map((x) => x.id)).toEqual([o.id]);
  });

  it('refuses an unknown customer and a zero total', () => {
    expectError(() => create(100, '01ARZ3NDEKTSV4RRFFQ69G5FAV'), 'NOT_FOUND', 'customerId');
    expectError(() => create(0), 'VALIDATION', 'total');
    expect(count(f, 'SELECT count(*) AS n FROM orders')).toBe(0);
  });
});

describe('order.recordPayment', () => {
  it('partial payments by card and cheque keep their references; the balance goes down', () => {
    const o = create(15_003);
    let r = f.app.call(
      'order.recordPayment',
      { orderId: o.id, amount: 5000, method: 'card', reference: 'AUTH-123', explanation: 'deposit by phone' },
      f.clerk,
    );
    expect(r).toMatchObject({ paid: 5000, balance: 10_003, status: 'open' });
    r = f.app.call(
      'order.recordPayment',
      { orderId: o.id, amount: 3000, method: 'cheque', reference: 'CHQ 0042' },
      f.clerk,
    );
    expect(r.balance).toBe(7003);
    expect(r.payments.map((x) => [x.amount, x.method, x.reference, x.explanation, x.clerkName])).toEqual([
      [5000, 'card', 'AUTH-123', 'deposit by phone', 'Camille Tremblay'],
      [3000, 'cheque', 'CHQ 0042', null, 'Camille Tremblay'],
    ]);
    // non-cash payments need no drawer and move no cash
    expect(count(f, 'SELECT count(*) AS n FROM drawer_movements')).toBe(0);
    expect(rows(f, "SELECT kind, kick_drawer FROM print_jobs WHERE kind = 'payment_slip'")).toEqual([
      { kind: 'payment_slip', kick_drawer: 0 },
      { kind: 'payment_slip', kick_drawer: 0 },
    ]);
  });

  it('refuses an overpayment (VALIDATION on amount) and a payment on a paid order (INVALID_STATE)', () => {
    const o = create(10_000);
    expectError(
      () =>
        f.app.call(
          'order.recordPayment',
          { orderId: o.id, amount: 10_001, method: 'card', reference: 'A' },
          f.clerk,
        ),
      'VALIDATION',
      'amount',
    );
    f.app.call(
      'order.recordPayment',
      { orderId: o.id, amount: 10_000, method: 'transfer', reference: 'VIR-9' },
      f.clerk,
    );
    const paid = f.app.call('order.get', { orderId: o.id }, f.clerk);
    expect(paid).toMatchObject({ paid: 10_000, balance: 0, status: 'paid' });
    expectError(
      () =>
        f.app.call(
          'order.recordPayment',
          { orderId: o.id, amount: 1, method: 'card', reference: 'A' },
          f.clerk,
        ),
      'INVALID_STATE',
    );
    expect(count(f, 'SELECT count(*) AS n FROM order_payments')).toBe(1);
  });

  it('a card, cheque, transfer or gift-card payment needs its reference; the account and cash do not', () => {
    const o = create(10_000);
    const before = stateHash(f.app.env.sqlite);
    for (const method of ['card', 'cheque', 'transfer', 'gift_card'] as const) {
      expectError(
        () => f.app.call('order.recordPayment', { orderId: o.id, amount: 100, method }, f.clerk),
        'VALIDATION',
        'reference',
      );
    }
    expect(stateHash(f.app.env.sqlite)).toBe(before);
    const r = f.app.call('order.recordPayment', { orderId: o.id, amount: 100, method: 'account' }, f.clerk);
    expect(r.payments.map((p) => [p.method, p.reference])).toEqual([['account', null]]);
  });

  it('cash needs an open drawer', () => {
    const o = create(1000);
    expectError(
      () => f.app.call('order.recordPayment', { orderId: o.id, amount: 1000, method: 'cash' }, f.clerk),
      'DRAWER_CLOSED',
    );
  });

  it('a partial cash payment that is not a multiple of 5 ¢ is refused', () => {
    openDrawer(f);
    const o = create(15_003);
    expectError(
      () => f.app.call('order.recordPayment', { orderId: o.id, amount: 5002, method: 'cash' }, f.clerk),
      'VALIDATION',
      'amount',
    );
    expect(count(f, 'SELECT count(*) AS n FROM order_payments')).toBe(0);
  });

  it('cash settling the balance is rounded (150.03 → 150.05 collected); change from what was tendered', () => {
    openDrawer(f);
    const o = create(15_003);
    f.app.call(
      'order.recordPayment',
      { orderId: o.id, amount: 5000, method: 'cash', tendered: 5000 },
      f.clerk,
    );
    // balance 100.03 → cash due 100.05; customer hands 120.00
    expectError(
      () =>
        f.app.call(
          'order.recordPayment',
          { orderId: o.id, amount: 10_003, method: 'cash', tendered: 10_000 },
          f.clerk,
        ),
      'VALIDATION',
      'tendered',
    );
    const r = f.app.call(
      'order.recordPayment',
      { orderId: o.id, amount: 10_003, method: 'cash', tendered: 12_000 },
      f.clerk,
    );
    expect(r).toMatchObject({ paid: 15_003, balance: 0, status: 'paid' });
    expect(
      rows(f, 'SELECT amount, tendered, change, cash_rounding FROM order_payments ORDER BY rowid'),
    ).toEqual([
      { amount: 5000, tendered: 5000, change: 0, cash_rounding: 0 },
      { amount: 10_003, tendered: 12_000, change: 1995, cash_rounding: 2 },
    ]);
    expect(
      rows(f, "SELECT amount FROM drawer_movements WHERE kind = 'order_payment' ORDER BY rowid"),
    ).toEqual([{ amount: 5000 }, { amount: 10_005 }]);
    const x = f.app.call('report.x', {}, f.manager);
    expect(x.orderPaymentsCash).toBe(15_005);
    expect(x.expectedCash).toBe(x.float + 15_005);
  });

  it('rounding down when settling: 100.02 → 100.00 collected', () => {
    openDrawer(f);
    const o = create(10_002);
    const r = f.app.call('order.recordPayment', { orderId: o.id, amount: 10_002, method: 'cash' }, f.clerk);
    expect(r.status).toBe('paid');
    expect(rows(f, 'SELECT tendered, change, cash_rounding FROM order_payments')).toEqual([
      { tendered: 10_000, change: 0, cash_rounding: -2 },
    ]);
    expect(rows(f, "SELECT amount FROM drawer_movements WHERE kind = 'order_payment'")).toEqual([
      { amount: 10_000 },
    ]);
  });

  it('tendered is only for cash', () => {
    const o = create(1000);
    expectError(
      () =>
        f.app.call(
          'order.recordPayment',
          { orderId: o.id, amount: 1000, method: 'card', reference: 'A', tendered: 2000 },
          f.clerk,
        ),
      'VALIDATION',
      'tendered',
    );
  });

  it('an unknown order → NOT_FOUND', () => {
    expectError(
      () =>
        f.app.call(
          'order.recordPayment',
          { orderId: '01ARZ3NDEKTSV4RRFFQ69G5FAV', amount: 100, method: 'card', reference: 'A' },
          f.clerk,
        ),
      'NOT_FOUND',
    );
  });
});
