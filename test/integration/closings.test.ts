import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderDocument } from '../../electron/hardware/layouts.ts';
import { getProfile } from '../../electron/hardware/profiles.ts';
import { renderBytes } from '../../electron/hardware/virtual.ts';
import { printDocument } from '../../electron/services/print-documents.ts';
import { CLERK_PIN, type Fixture, MANAGER_PIN, makeFixture } from '../helpers/fixture.ts';
import { stateHash } from '../helpers/state-hash.ts';
import { expectError, openDrawer, prods, qty, relogin, rows } from './support.ts';

let f: Fixture;
let p: ReturnType<typeof prods>;
beforeEach(() => {
  f = makeFixture({ start: local('2026-11-24T09:00') });
  p = prods(f);
  loggedInAt = f.clock.now.getTime();
});
afterEach(() => f.cleanup());

/** The store is in America/Toronto: EST (UTC−5) from 1 Nov 2026 to March 2027. */
function local(t: string): Date {
  return new Date(`${t}:00-05:00`);
}
/** Move the clock; sessions last 12 h, so log in again after a long jump. */
let loggedInAt = 0;
function at(t: string) {
  f.clock.now = local(t);
  const now = f.clock.now.getTime();
  if (now - loggedInAt > 11 * 3_600_000) {
    f.clerk = f.app.call('auth.login', { userId: f.clerkId, pin: CLERK_PIN }).token;
    f.manager = f.app.call('auth.login', { userId: f.managerId, pin: MANAGER_PIN }).token;
    loggedInAt = now;
  }
}

const sell = {
  /** 23.32 → 23.30 cash; GST 1.01, QST 2.02 on 20.29 */
  a: () =>
    f.app.call(
      'sale.checkout',
      {
        lines: [
          { productId: p.drill, quantity: qty(1) },
          { productId: p.screw, quantity: qty(3) },
        ],
        tenders: [{ method: 'cash', tendered: 2500 }],
      },
      f.clerk,
    ).sale,
  /** 25.00 card, tax exempt */
  deposit: () =>
    f.app.call(
      'sale.checkout',
      {
        lines: [{ productId: p.deposit, quantity: qty(1) }],
        tenders: [{ method: 'card', amount: 2500, reference: 'A' }],
      },
      f.clerk,
    ).sale,
  /** 5.74 → 5.75 cash; GST 0.25, QST 0.50 on 4.99 */
  bits: () =>
    f.app.call(
      'sale.checkout',
      { lines: [{ productId: p.bits, quantity: qty(1) }], tenders: [{ method: 'cash', tendered: 1000 }] },
      f.clerk,
    ).sale,
};

function cancelAndRefundCash(saleId: string) {
  f.app.call('sale.cancel', { saleId, reason: 'defective' }, f.clerk);
  return f.app.call('sale.refundCash', { saleId, customerConfirmed: true, saleConfirmed: true }, f.clerk);
}

const close = (kind: 'day' | 'month' | 'year', period: string) =>
  f.app.call('period.close', { kind, period } as never, f.manager);

describe('period.close', () => {
  it('day, month and year closings with period and perpetual grand totals; refunds are contra entries on their own day', () => {
    at('2026-11-24T09:00');
    openDrawer(f);
    const a = sell.a();
    const b = sell.deposit();
    at('2026-11-25T11:00');
    const c = sell.bits();
    cancelAndRefundCash(a.id); // contra entry on the 25th
    at('2026-11-26T14:00');
    const d = sell.deposit();
    cancelAndRefundCash(c.id); // contra entry on the 26th, a day with no taxable sale
    expect([a.businessDate, b.businessDate, c.businessDate, d.businessDate]).toEqual([
      '2026-11-24',
      '2026-11-24',
      '2026-11-25',
      '2026-11-26',
    ]);

    at('2026-11-26T21:00');
    const d24 = close('day', '2026-11-24');
    expect(d24).toMatchObject({
      kind: 'day',
      period: '2026-11-24',
      salesCount: 2,
      salesTotal: 2330 + 2500,
      refundsTotal: 0,
      periodGrandTotal: 4830,
      perpetualGrandTotal: 4830,
      closedBy: 'Martin Gagnon',
    });
    expect(d24.taxes).toEqual([
      { code: 'QC-GST', ratePpm: 50_000, base: 2029, tax: 101 },
      { code: 'QC-QST', ratePpm: 99_750, base: 2029, tax: 202 },
    ]);
    expect(d24.tenders).toEqual([
      { method: 'card', count: 1, amount: 2500 },
      { method: 'cash', count: 1, amount: 2330 },
    ]);
    f.clock.advance(60_000);
    const d25 = close('day', '2026-11-25');
    expect(d25).toMatchObject({
      salesCount: 1,
      salesTotal: 575,
      refundsTotal: 2330,
      periodGrandTotal: 575 - 2330,
      perpetualGrandTotal: 4830 + 575 - 2330,
    });
    expect(d25.taxes).toEqual([
      { code: 'QC-GST', ratePpm: 50_000, base: 499 - 2029, tax: 25 - 101 },
      { code: 'QC-QST', ratePpm: 99_750, base: 499 - 2029, tax: 50 - 202 },
    ]);
    f.clock.advance(60_000);
    const d26 = close('day', '2026-11-26');
    expect(d26).toMatchObject({
      salesCount: 1,
      salesTotal: 2500,
      refundsTotal: 575,
      periodGrandTotal: 2500 - 575,
      perpetualGrandTotal: 4830 + 575 - 2330 + 2500 - 575,
    });
    // the refunded taxes are taken off even on a day whose sales carried no tax
    expect(d26.taxes).toEqual([
      { code: 'QC-GST', ratePpm: 50_000, base: -499, tax: -25 },
      { code: 'QC-QST', ratePpm: 99_750, base: -499, tax: -50 },
    ]);

    // closing twice → CONFLICT; a closed day is never rewritten
    expectError(() => close('day', '2026-11-24'), 'CONFLICT');
    // a month or year that is not over → INVALID_STATE; so is a future day
    expectError(() => close('month', '2026-11'), 'INVALID_STATE');
    expectError(() => close('year', '2026'), 'INVALID_STATE');
    expectError(() => close('day', '2026-11-27'), 'INVALID_STATE');

    // December: one sale, then the month and the year
    at('2026-12-01T10:00');
    const e = sell.bits();
    const nov = close('month', '2026-11');
    expect(nov).toMatchObject({
      period: '2026-11',
      salesCount: 4,
      salesTotal: 2330 + 2500 + 575 + 2500,
      refundsTotal: 2330 + 575,
      periodGrandTotal: 5000,
      perpetualGrandTotal: 5000,
    });
    expectError(() => close('month', '2026-11'), 'CONFLICT');
    at('2027-01-01T10:00');
    const y = close('year', '2026');
    expect(y).toMatchObject({
      period: '2026',
      salesCount: 5,
      salesTotal: 2330 + 2500 + 575 + 2500 + e.paid,
      periodGrandTotal: 5000 + 575,
      perpetualGrandTotal: 5575,
    });
    // the stored closings are immutable and listed
    expect(f.app.call('period.list', {}, f.manager).map((c) => `${c.kind}:${c.period}`)).toEqual([
      'year:2026',
      'month:2026-11',
      'day:2026-11-26',
      'day:2026-11-25',
      'day:2026-11-24',
    ]);
    expect(() => f.app.env.sqlite.prepare('UPDATE period_closings SET period_grand_total = 0').run()).toThrow(
      /immutable/,
    );
    expect(rows(f, "SELECT count(*) AS n FROM journal WHERE type = 'period.closed'")).toEqual([{ n: 5 }]);
    expect(f.app.call('ledger.verify', {}, f.manager).ok).toBe(true);
  });

  it('a closed business day refuses sales and refunds; 01:30 local still belongs to it; 04:00 opens the next', () => {
    at('2026-11-26T10:00');
    openDrawer(f);
    const a = sell.a();
    f.app.call('sale.cancel', { saleId: a.id, reason: 'defective' }, f.clerk);
    const b = sell.deposit();
    f.app.call('sale.cancel', { saleId: b.id, reason: 'defective' }, f.clerk);
    at('2026-11-26T22:00');
    close('day', '2026-11-26');
    const closed = rows(f, 'SELECT count(*) AS n FROM sales');
    expectError(() => sell.bits(), 'INVALID_STATE');
    // a refund would change the closed day's figures: it waits for the next business day
    expectError(
      () =>
        f.app.call(
          'sale.refundCash',
          { saleId: a.id, customerConfirmed: true, saleConfirmed: true },
          f.clerk,
        ),
      'INVALID_STATE',
    );
    expectError(() => f.app.call('sale.refundToCard', { saleId: b.id }, f.clerk), 'INVALID_STATE');
    at('2026-11-27T01:30'); // after midnight, before the 04:00 closing hour
    expectError(() => sell.bits(), 'INVALID_STATE');
    expect(rows(f, 'SELECT count(*) AS n FROM sales')).toEqual(closed);
    at('2026-11-27T04:00');
    const next = sell.bits();
    expect(next.businessDate).toBe('2026-11-27');
    const r = f.app.call(
      'sale.refundCash',
      { saleId: a.id, customerConfirmed: true, saleConfirmed: true },
      f.clerk,
    );
    expect(r.status).toBe('refunded');
    expect(rows(f, 'SELECT business_date FROM refunds')).toEqual([{ business_date: '2026-11-27' }]);
  });

  it('business date follows the store time zone and closing hour, not UTC', () => {
    openDrawer(f);
    at('2026-11-27T01:30'); // 06:30 UTC on the 27th
    expect(sell.bits().businessDate).toBe('2026-11-26');
    at('2026-11-27T03:59');
    expect(sell.bits().businessDate).toBe('2026-11-26');
    at('2026-11-27T04:00');
    expect(sell.bits().businessDate).toBe('2026-11-27');
    at('2026-11-27T23:30'); // 04:30 UTC on the 28th
    expect(sell.bits().businessDate).toBe('2026-11-27');
    // the day can be closed at 01:30 the next morning (its business day is still running until 04:00)
    at('2026-11-28T01:30');
    const c = close('day', '2026-11-27');
    expect(c.salesCount).toBe(2);
  });

  it('the closing hour is wall-clock time across DST changes (Toronto: 14 March and 7 November 2027)', () => {
    openDrawer(f);
    const sellAt = (iso: string) => {
      f.clock.now = new Date(iso);
      relogin(f);
      return sell.bits().businessDate;
    };
    // spring forward (02:00 EST → 03:00 EDT): 03:30 EDT is still the 13th, 04:30 EDT is the 14th
    expect(sellAt('2027-03-14T03:30:00-04:00')).toBe('2027-03-13');
    expect(sellAt('2027-03-14T04:30:00-04:00')).toBe('2027-03-14');
    // fall back (02:00 EDT → 01:00 EST): 03:30 EST is still the 6th, 04:30 EST is the 7th
    expect(sellAt('2027-11-07T03:30:00-05:00')).toBe('2027-11-06');
    expect(sellAt('2027-11-07T04:30:00-05:00')).toBe('2027-11-07');
  });
});

describe('period.close with print', () => {
  it('queues the closing report on the receipt printer: title, period, both grand totals, QR of the closing id', () => {
    openDrawer(f);
    at('2026-11-24T10:00');
    sell.a();
    sell.deposit();
    const o = f.app.call('order.create', { description: 'Location', total: 9000 }, f.clerk);
    f.app.call(
      'order.recordPayment',
      { orderId: o.id, amount: 4000, method: 'card', reference: 'A-9' },
      f.clerk,
    );
    at('2026-11-25T09:00');
    const c = f.app.call('period.close', { kind: 'day', period: '2026-11-24', print: true }, f.manager);
    const jobs = rows<{ kind: 'period_closing'; ref_id: string; payload: string; created_at: string }>(
      f,
      "SELECT kind, ref_id, payload, created_at FROM print_jobs WHERE kind = 'period_closing'",
    );
    expect(jobs.map((j) => [j.kind, j.ref_id])).toEqual([['period_closing', c.id]]);
    const profile = getProfile('epson-tm-t20iii')!;
    const page = renderBytes(
      renderDocument(printDocument(f.app.env.sqlite, jobs[0]!), {
        store: f.app.env.store,
        profile,
        offlineSince: null,
        kickDrawer: false,
      }),
      profile,
    );
    const text = page.lines.join('\n').replace(/[\u00a0\u202f]/g, ' ');
    // the title is double width: the preview spaces its letters
    expect(text).toContain('C L Ô T U R E   J O U R N A L I È R E');
    expect(text).toContain('2026-11-24');
    expect(text).toMatch(/Remboursements\s+0,00 \$/);
    expect(text).toMatch(/Grand total période\s+48,30 \$/);
    expect(text).toMatch(/Grand total perpétuel\s+48,30 \$/);
    expect(text).toMatch(/Paiements sur commandes\nCarte \(1\)\s+40,00 \$/);
    expect(page.qr).toEqual([c.id]);
    expect(page.kicks).toEqual([]);
    // without print, nothing is queued
    at('2026-11-26T09:00');
    f.app.call('period.close', { kind: 'day', period: '2026-11-25' }, f.manager);
    expect(rows(f, "SELECT count(*) AS n FROM print_jobs WHERE kind = 'period_closing'")).toEqual([{ n: 1 }]);
  });
});

describe('period.close refuses periods that are not in the calendar', () => {
  it('2026-02-31 and 2026-13 have the right shape but name no day or month: VALIDATION on period, nothing written', () => {
    at('2026-11-25T09:00');
    const before = stateHash(f.app.env.sqlite);
    expectError(() => close('day', '2026-02-31'), 'VALIDATION', 'period');
    expectError(() => close('month', '2026-13'), 'VALIDATION', 'period');
    expect(stateHash(f.app.env.sqlite)).toBe(before);
    expect(close('day', '2026-02-28').salesCount).toBe(0);
  });
});

describe('period.close refuses a period inside a closed one', () => {
  it("29 Nov after November's monthly closing, a November day or month after 2026's closing: CONFLICT naming the closing, nothing written", () => {
    openDrawer(f);
    at('2026-11-24T10:00');
    sell.a();
    // December: November is over and closed as a month, its days were not closed one by one
    at('2026-12-01T09:00');
    const november = close('month', '2026-11');
    expect(november.salesCount).toBe(1);
    const before = stateHash(f.app.env.sqlite);
    const err = expectError(() => close('day', '2026-11-29'), 'CONFLICT');
    expect(err.details).toEqual({
      reason: 'insideClosedPeriod',
      closedKind: 'month',
      closedPeriod: '2026-11',
    });
    expectError(() => close('day', '2026-11-24'), 'CONFLICT');
    expect(stateHash(f.app.env.sqlite)).toBe(before);
    // a day of another month is not concerned
    expect(close('day', '2026-10-31').salesCount).toBe(0);
    // a closed year covers its months and days
    at('2027-01-02T09:00');
    close('year', '2026');
    const afterYear = stateHash(f.app.env.sqlite);
    expect(expectError(() => close('month', '2026-12'), 'CONFLICT').details).toMatchObject({
      closedKind: 'year',
      closedPeriod: '2026',
    });
    expect(expectError(() => close('day', '2026-12-15'), 'CONFLICT').details).toMatchObject({
      closedKind: 'year',
    });
    expect(stateHash(f.app.env.sqlite)).toBe(afterYear);
    expect(close('day', '2027-01-01').period).toBe('2027-01-01');
  });
});

describe('money received on orders in a closing', () => {
  it('is listed by method (cash as collected), stays out of both grand totals, and a closed day takes no more', () => {
    openDrawer(f);
    at('2026-11-24T10:00');
    sell.a();
    const o = f.app.call('order.create', { description: 'Location bétonnière', total: 15_003 }, f.clerk);
    f.app.call(
      'order.recordPayment',
      { orderId: o.id, amount: 5000, method: 'card', reference: 'A-1' },
      f.clerk,
    );
    // settles 100.03 → 100.05 collected in cash
    f.app.call(
      'order.recordPayment',
      { orderId: o.id, amount: 10_003, method: 'cash', tendered: 10_005 },
      f.clerk,
    );
    // closed at 01:00 on the 25th, still the 24th's business day (the clock never goes back to test it)
    at('2026-11-25T01:00');
    const c = close('day', '2026-11-24');
    expect(c.orderPayments).toEqual([
      { method: 'card', count: 1, amount: 5000 },
      { method: 'cash', count: 1, amount: 10_005 },
    ]);
    expect(c.periodGrandTotal).toBe(2330);
    // 01:30 on the 25th still belongs to the 24th, which is closed: the payment is refused
    const o2 = f.app.call('order.create', { description: 'Location échafaudage', total: 5000 }, f.clerk);
    at('2026-11-25T01:30');
    const before = stateHash(f.app.env.sqlite);
    expectError(
      () =>
        f.app.call(
          'order.recordPayment',
          { orderId: o2.id, amount: 5000, method: 'card', reference: 'A-2' },
          f.clerk,
        ),
      'INVALID_STATE',
    );
    expect(stateHash(f.app.env.sqlite)).toBe(before);
  });
});
