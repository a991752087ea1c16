import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN_PIN, type Fixture, makeFixture } from '../helpers/fixture.ts';
import { stateHash } from '../helpers/state-hash.ts';
import { approval, count, expectError, openDrawer, prods, qty, rows } from './support.ts';

let f: Fixture;
let p: ReturnType<typeof prods>;
beforeEach(() => {
  f = makeFixture();
  p = prods(f);
  openDrawer(f);
});
afterEach(() => f.cleanup());

/** 23.32 → 23.30 in cash */
function cashSale(customerId?: string) {
  return f.app.call(
    'sale.checkout',
    {
      lines: [
        { productId: p.drill, quantity: qty(1) },
        { productId: p.screw, quantity: qty(3) },
      ],
      tenders: [{ method: 'cash', tendered: 5000 }],
      ...(customerId ? { customerId } : {}),
    },
    f.clerk,
  ).sale;
}

function cardSale(lines = [{ productId: p.deposit, quantity: qty(1) }], amount = 2500) {
  return f.app.call(
    'sale.checkout',
    { lines, tenders: [{ method: 'card', amount, reference: 'AUTH-1' }] },
    f.clerk,
  ).sale;
}

const cancel = (saleId: string, message = '') =>
  f.app.call('sale.cancel', { saleId, reason: 'customer_request', message }, f.clerk);

const refundCash = (saleId: string, token = f.clerk) =>
  f.app.call('sale.refundCash', { saleId, customerConfirmed: true, saleConfirmed: true }, token);

describe('sale.cancel', () => {
  it('records reason and message and queues the message for the customer by e-mail', () => {
    const s = cashSale(f.customerId);
    const c = cancel(s.id, 'Sorry, the drill was out of stock.');
    expect(c).toMatchObject({
      status: 'cancelled',
      cancelReason: 'customer_request',
      cancelMessage: 'Sorry, the drill was out of stock.',
    });
    const mail = rows<{ topic: string; seq: number | null; payload: string }>(
      f,
      "SELECT topic, seq, payload FROM outbox WHERE topic = 'customer.email'",
    );
    expect(mail).toHaveLength(1);
    expect(JSON.parse(mail[0]!.payload)).toEqual({
      kind: 'sale_cancelled',
      saleId: s.id,
      customerId: f.customerId,
      message: 'Sorry, the drill was out of stock.',
    });
    expect(
      rows(f, "SELECT kind FROM print_jobs WHERE ref_id = ? AND kind = 'cancel_slip'", s.id),
    ).toHaveLength(1);
  });

  it('queues no e-mail without a customer, and an unknown reason is refused', () => {
    const s = cashSale();
    expectError(
      () => f.app.callUntyped('sale.cancel', { saleId: s.id, reason: 'bored', message: '' }, f.clerk),
      'VALIDATION',
      'reason',
    );
    cancel(s.id, 'a message nobody can receive');
    expect(count(f, "SELECT count(*) AS n FROM outbox WHERE topic = 'customer.email'")).toBe(0);
  });

  it('cannot cancel twice, nor an open ticket', () => {
    const s = cashSale();
    cancel(s.id);
    expectError(() => cancel(s.id), 'INVALID_STATE');
    const t = f.app.call('sale.open', {}, f.clerk);
    expectError(() => cancel(t.id), 'INVALID_STATE');
  });
});

describe('sale.refundCash', () => {
  it('refunds only a cancelled sale (INVALID_STATE otherwise)', () => {
    const s = cashSale();
    expectError(() => refundCash(s.id), 'INVALID_STATE');
    expect(count(f, 'SELECT count(*) AS n FROM refunds')).toBe(0);
  });

  it('pays out of the drawer (movement −amount), status refunded, refund receipt with drawer kick', () => {
    const s = cashSale();
    cancel(s.id);
    const before = f.app.call('report.x', {}, f.manager).expectedCash;
    const r = refundCash(s.id);
    expect(r).toMatchObject({ status: 'refunded', refundedAmount: 2330 });
    expect(r.refundedAt).not.toBeNull();
    expect(rows(f, "SELECT amount, ref_id FROM drawer_movements WHERE kind = 'refund'")).toEqual([
      { amount: -2330, ref_id: s.id },
    ]);
    expect(f.app.call('report.x', {}, f.manager).expectedCash).toBe(before - 2330);
    expect(rows(f, 'SELECT channel, status, amount FROM refunds WHERE sale_id = ?', s.id)).toEqual([
      { channel: 'cash', status: 'completed', amount: 2330 },
    ]);
    expect(
      rows(f, "SELECT kick_drawer FROM print_jobs WHERE ref_id = ? AND kind = 'refund_receipt'", s.id),
    ).toEqual([{ kick_drawer: 1 }]);
  });

  it('a card-paid sale refunded in cash follows the nearest-5 ¢ rule of cash sales (22.98 → 23.00, 11.54 → 11.55)', () => {
    // drill 19.99 + GST 1.00 + QST 1.99 = 22.98 by card; 22.98 is 3 ¢ over 22.95, so up to 23.00
    const a = cardSale([{ productId: p.drill, quantity: qty(1) }], 2298);
    // bits 2 × 4.99 + 0.6 screw (0.06) = 10.04 + GST 0.50 + QST 1.00 = 11.54 by card; 4 ¢ → up to 11.55
    const b = cardSale(
      [
        { productId: p.bits, quantity: qty(2) },
        { productId: p.screw, quantity: 600 },
      ],
      1154,
    );
    // a mixed sale whose rest is 2 ¢ over a multiple of 5 goes down: 23.32 = 20.00 card + 3.32 → 23.30
    const c = f.app.call(
      'sale.checkout',
      {
        lines: [
          { productId: p.drill, quantity: qty(1) },
          { productId: p.screw, quantity: qty(3) },
        ],
        tenders: [
          { method: 'card', amount: 2000, reference: 'A' },
          { method: 'cheque', amount: 332, reference: 'C' },
        ],
      },
      f.clerk,
    ).sale;
    expect([a.paid, b.paid, c.paid]).toEqual([2298, 1154, 2332]);
    const drawer = f.app.call('report.x', {}, f.manager).expectedCash;
    for (const s of [a, b, c]) cancel(s.id);
    const refunded = [a, b, c].map(
      (s) =>
        f.app.call(
          'sale.refundCash',
          { saleId: s.id, customerConfirmed: true, saleConfirmed: true, approval: approval(f) },
          f.clerk,
        ).refundedAmount,
    );
    expect(refunded).toEqual([2300, 1155, 2330]);
    expect(f.app.call('report.x', {}, f.manager).expectedCash).toBe(drawer - 2300 - 1155 - 2330);
  });

  it('a sale not paid in cash refunded in cash needs a manager, whatever the amount; nothing changes without one', () => {
    const s = cardSale([{ productId: p.drill, quantity: qty(1) }], 2298); // under the 100.00 threshold
    cancel(s.id);
    const before = stateHash(f.app.env.sqlite);
    const err = expectError(() => refundCash(s.id), 'APPROVAL_REQUIRED');
    expect(err.details).toEqual({ why: 'cash refund of a sale not paid in cash' });
    expect(stateHash(f.app.env.sqlite)).toBe(before);
    // a wrong PIN is refused too
    expectError(
      () =>
        f.app.call(
          'sale.refundCash',
          {
            saleId: s.id,
            customerConfirmed: true,
            saleConfirmed: true,
            approval: { managerId: f.managerId, pin: '0000', reason: 'x' },
          },
          f.clerk,
        ),
      'FORBIDDEN',
      'approval.pin',
    );
    expect(count(f, 'SELECT count(*) AS n FROM refunds')).toBe(0);
    const r = f.app.call(
      'sale.refundCash',
      { saleId: s.id, customerConfirmed: true, saleConfirmed: true, approval: approval(f, 'carte expirée') },
      f.clerk,
    );
    expect(r).toMatchObject({ status: 'refunded', refundedAmount: 2300 });
    expect(rows(f, 'SELECT command, manager_id, requested_by, reason FROM approvals')).toEqual([
      {
        command: 'sale.refundCash',
        manager_id: f.managerId,
        requested_by: f.clerkId,
        reason: 'carte expirée',
      },
    ]);
    // a manager refunds on their own authority; a cash sale refunded in cash needs nobody
    const t = cardSale();
    cancel(t.id);
    expect(refundCash(t.id, f.manager).refundedAmount).toBe(2500);
    const u = cashSale();
    cancel(u.id);
    expect(refundCash(u.id).refundedAmount).toBe(2330);
    expect(count(f, 'SELECT count(*) AS n FROM approvals')).toBe(2);
  });

  it('requires customerConfirmed and saleConfirmed to be literally true', () => {
    const s = cashSale();
    cancel(s.id);
    expectError(
      () =>
        f.app.callUntyped(
          'sale.refundCash',
          { saleId: s.id, customerConfirmed: false, saleConfirmed: true },
          f.clerk,
        ),
      'VALIDATION',
      'customerConfirmed',
    );
    expectError(
      () => f.app.callUntyped('sale.refundCash', { saleId: s.id, customerConfirmed: true }, f.clerk),
      'VALIDATION',
      'saleConfirmed',
    );
    expectError(
      () =>
        f.app.callUntyped(
          'sale.refundCash',
          { saleId: s.id, customerConfirmed: 'true', saleConfirmed: true },
          f.clerk,
        ),
      'VALIDATION',
      'customerConfirmed',
    );
    expect(count(f, 'SELECT count(*) AS n FROM refunds')).toBe(0);
  });

  it('needs the drawer open', () => {
    const s = cashSale();
    cancel(s.id);
    f.app.call('drawer.close', { count: {} }, f.clerk);
    expectError(() => refundCash(s.id), 'DRAWER_CLOSED');
  });

  it('above the store threshold (100.00) needs an approval, recorded with who and why', () => {
    // 5 drills = 99.95 + taxes = 114.92 → 114.90 in cash
    const s = f.app.call(
      'sale.checkout',
      { lines: [{ productId: p.drill, quantity: qty(5) }], tenders: [{ method: 'cash', tendered: 12000 }] },
      f.clerk,
    ).sale;
    expect(s.paid).toBeGreaterThan(10_000);
    cancel(s.id);
    expectError(() => refundCash(s.id), 'APPROVAL_REQUIRED');
    expect(count(f, 'SELECT count(*) AS n FROM refunds')).toBe(0);
    const r = f.app.call(
      'sale.refundCash',
      {
        saleId: s.id,
        customerConfirmed: true,
        saleConfirmed: true,
        approval: approval(f, 'receipt checked'),
      },
      f.clerk,
    );
    expect(r.status).toBe('refunded');
    expect(rows(f, 'SELECT command, manager_id, requested_by, reason, ref_id FROM approvals')).toEqual([
      {
        command: 'sale.refundCash',
        manager_id: f.managerId,
        requested_by: f.clerkId,
        reason: 'receipt checked',
        ref_id: s.id,
      },
    ]);
  });

  it('below the threshold a clerk refunds alone (no approval row)', () => {
    const s = cashSale();
    cancel(s.id);
    refundCash(s.id);
    expect(count(f, 'SELECT count(*) AS n FROM approvals')).toBe(0);
  });

  it('never refunds twice (cash then cash, cash then card)', () => {
    const s = cashSale();
    cancel(s.id);
    refundCash(s.id);
    expectError(() => refundCash(s.id), 'INVALID_STATE');
    expectError(() => f.app.call('sale.refundToCard', { saleId: s.id }, f.clerk), 'INVALID_STATE');
    expectError(() => cancel(s.id), 'INVALID_STATE');
    expect(rows(f, 'SELECT count(*) AS n, sum(amount) AS t FROM refunds WHERE sale_id = ?', s.id)).toEqual([
      { n: 1, t: 2330 },
    ]);
    expect(count(f, "SELECT count(*) AS n FROM drawer_movements WHERE kind = 'refund'")).toBe(1);
  });
});

describe('card refund', () => {
  it('refund_pending → completeRefund (admin) → refunded; the request is queued for head office', () => {
    const s = cardSale();
    cancel(s.id);
    const pending = f.app.call('sale.refundToCard', { saleId: s.id }, f.clerk);
    expect(pending).toMatchObject({ status: 'refund_pending', refundedAmount: 2500, refundedAt: null });
    const req = rows<{ payload: string }>(f, "SELECT payload FROM outbox WHERE topic = 'refund.request'");
    expect(JSON.parse(req[0]!.payload)).toMatchObject({ saleId: s.id, amount: 2500, currency: 'CAD' });
    // nothing leaves the drawer
    expect(count(f, "SELECT count(*) AS n FROM drawer_movements WHERE kind = 'refund'")).toBe(0);
    // no second refund while pending
    expectError(() => refundCash(s.id), 'INVALID_STATE');
    expectError(() => f.app.call('sale.refundToCard', { saleId: s.id }, f.clerk), 'INVALID_STATE');
    // only an admin completes it
    expectError(
      () => f.app.call('sale.completeRefund', { saleId: s.id, reference: 'HQ-1' }, f.manager),
      'FORBIDDEN',
    );
    const admin = f.app.call('auth.login', { userId: f.adminId, pin: ADMIN_PIN }).token;
    const done = f.app.call('sale.completeRefund', { saleId: s.id, reference: 'HQ-1' }, admin);
    expect(done.status).toBe('refunded');
    expect(done.refundedAt).not.toBeNull();
    expect(rows(f, 'SELECT status, reference FROM refunds WHERE sale_id = ?', s.id)).toEqual([
      { status: 'completed', reference: 'HQ-1' },
    ]);
    expectError(
      () => f.app.call('sale.completeRefund', { saleId: s.id, reference: 'HQ-2' }, admin),
      'INVALID_STATE',
    );
  });

  it('above the threshold needs an approval too', () => {
    const s = cardSale([{ productId: p.deposit, quantity: qty(5) }], 12_500);
    cancel(s.id);
    expectError(() => f.app.call('sale.refundToCard', { saleId: s.id }, f.clerk), 'APPROVAL_REQUIRED');
    const r = f.app.call('sale.refundToCard', { saleId: s.id }, f.manager);
    expect(r.status).toBe('refund_pending');
    expect(rows(f, 'SELECT manager_id, requested_by FROM approvals')).toEqual([
      { manager_id: f.managerId, requested_by: f.managerId },
    ]);
  });
});

describe('refunded revenue', () => {
  it('is excluded from report.sales (cash-refunded and refund-pending alike); a cancelled-only sale still counts', () => {
    const kept = cashSale(); // 23.30
    const cashRefunded = cashSale();
    const cardRefunded = cardSale(); // 25.00
    const cancelledOnly = cardSale();
    cancel(cashRefunded.id);
    refundCash(cashRefunded.id);
    cancel(cardRefunded.id);
    f.app.call('sale.refundToCard', { saleId: cardRefunded.id }, f.clerk);
    cancel(cancelledOnly.id);
    const day = f.app.call(
      'report.sales',
      { from: '2026-11-26', to: '2026-11-26', groupBy: 'day' },
      f.manager,
    );
    expect(day).toEqual([
      { key: '2026-11-26', count: 2, amount: kept.paid + cancelledOnly.paid, tax: kept.taxTotal },
    ]);
    const tender = f.app.call(
      'report.sales',
      { from: '2026-11-26', to: '2026-11-26', groupBy: 'tender' },
      f.manager,
    );
    expect(tender).toEqual(
      expect.arrayContaining([
        { key: 'cash', count: 1, amount: 2330, tax: 0 },
        { key: 'card', count: 1, amount: 2500, tax: 0 },
      ]),
    );
    expect(tender).toHaveLength(2);
  });

  it('is excluded from the balance: the X report nets refunds and the drawer holds what is left', () => {
    const a = cashSale();
    const b = cashSale();
    cancel(b.id);
    refundCash(b.id);
    const x = f.app.call('report.x', {}, f.manager);
    expect(x.salesTotal).toBe(a.paid + b.paid);
    expect(x.refundsTotal).toBe(b.paid);
    expect(x.net).toBe(a.paid);
    expect(x.cashSales).toBe(a.paid + b.paid);
    expect(x.cashRefunds).toBe(b.paid);
    expect(x.expectedCash).toBe(x.float + a.paid);
  });
});
