import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Fixture, makeFixture } from '../helpers/fixture.ts';
import { approval, count, expectError, prods, qty, rows } from './support.ts';

let f: Fixture;
let p: ReturnType<typeof prods>;
beforeEach(() => {
  f = makeFixture();
  p = prods(f);
});
afterEach(() => f.cleanup());

const FLOAT = { '2000': 5, '500': 4, '100': 10, '25': 40 }; // 100 + 20 + 10 + 10 = 140.00

describe('drawer.open', () => {
  it('opens with a float counted by denomination; a float movement and a drawer kick are written', () => {
    const d = f.app.call('drawer.open', { float: FLOAT }, f.clerk);
    expect(d).toMatchObject({ number: 1, float: 14_000, currency: 'CAD', openedBy: 'Camille Tremblay' });
    expect(f.app.call('drawer.current', {}, f.clerk)).toEqual(d);
    expect(rows(f, 'SELECT kind, amount FROM drawer_movements')).toEqual([{ kind: 'float', amount: 14_000 }]);
    expect(rows(f, "SELECT kick_drawer FROM print_jobs WHERE kind = 'drawer_kick'")).toEqual([
      { kick_drawer: 1 },
    ]);
  });

  it('a bad denomination → VALIDATION naming float.<denom>, nothing written', () => {
    const journal = count(f, 'SELECT count(*) AS n FROM journal');
    // 1 ¢ is no longer a CAD coin; 300 was never one
    const e = expectError(
      () => f.app.call('drawer.open', { float: { '2000': 1, '1': 10, '300': 1 } }, f.clerk),
      'VALIDATION',
      'float.1',
    );
    expect(e.fields?.map((x) => x.path)).toContain('float.300');
    expect(count(f, 'SELECT count(*) AS n FROM drawer_sessions')).toBe(0);
    expect(count(f, 'SELECT count(*) AS n FROM journal')).toBe(journal);
    expect(f.app.call('drawer.current', {}, f.clerk)).toBeNull();
  });

  it('a second open → CONFLICT', () => {
    f.app.call('drawer.open', { float: FLOAT }, f.clerk);
    expectError(() => f.app.call('drawer.open', { float: FLOAT }, f.manager), 'CONFLICT');
    expect(count(f, 'SELECT count(*) AS n FROM drawer_sessions')).toBe(1);
  });
});

describe('movements', () => {
  beforeEach(() => {
    f.app.call('drawer.open', { float: FLOAT }, f.clerk);
  });

  it('pay in needs no approval and adds to the drawer', () => {
    const m = f.app.call('drawer.payIn', { amount: 2000, reason: 'change from the bank' }, f.clerk);
    expect(m).toMatchObject({
      kind: 'pay_in',
      amount: 2000,
      reason: 'change from the bank',
      userName: 'Camille Tremblay',
    });
    expect(count(f, 'SELECT count(*) AS n FROM approvals')).toBe(0);
  });

  it('pay out needs an approval (APPROVAL_REQUIRED, then recorded) and takes cash out', () => {
    expectError(
      () => f.app.call('drawer.payOut', { amount: 1500, reason: 'window cleaner' }, f.clerk),
      'APPROVAL_REQUIRED',
    );
    expect(count(f, "SELECT count(*) AS n FROM drawer_movements WHERE kind = 'pay_out'")).toBe(0);
    const m = f.app.call(
      'drawer.payOut',
      { amount: 1500, reason: 'window cleaner', approval: approval(f, 'invoice seen') },
      f.clerk,
    );
    expect(m).toMatchObject({ kind: 'pay_out', amount: -1500 });
    expect(rows(f, 'SELECT command, manager_id, requested_by, reason FROM approvals')).toEqual([
      { command: 'drawer.payOut', manager_id: f.managerId, requested_by: f.clerkId, reason: 'invoice seen' },
    ]);
  });

  it('no-sale needs an approval and is audited (journal + approval + zero movement + kick)', () => {
    expectError(() => f.app.call('drawer.noSale', { reason: 'give change' }, f.clerk), 'APPROVAL_REQUIRED');
    const m = f.app.call(
      'drawer.noSale',
      { reason: 'give change', approval: approval(f, 'change for till 2') },
      f.clerk,
    );
    expect(m).toMatchObject({ kind: 'no_sale', amount: 0, reason: 'give change' });
    const j = rows<{ type: string; payload: string; actor: string }>(
      f,
      "SELECT type, payload, actor FROM journal WHERE type = 'drawer.noSale'",
    );
    expect(j).toHaveLength(1);
    expect(j[0]!.actor).toBe(f.clerkId);
    expect(JSON.parse(j[0]!.payload)).toMatchObject({
      reason: 'give change',
      approval: { managerId: f.managerId, reason: 'change for till 2' },
    });
    expect(f.app.call('report.x', {}, f.manager).noSales).toBe(1);
  });

  it('movements need an open drawer (DRAWER_CLOSED)', () => {
    f.app.call('drawer.close', { count: FLOAT }, f.clerk);
    expectError(() => f.app.call('drawer.payIn', { amount: 100, reason: 'x' }, f.clerk), 'DRAWER_CLOSED');
    expectError(() => f.app.call('drawer.payOut', { amount: 100, reason: 'x' }, f.manager), 'DRAWER_CLOSED');
    expectError(() => f.app.call('drawer.noSale', { reason: 'x' }, f.manager), 'DRAWER_CLOSED');
    expectError(() => f.app.call('drawer.close', { count: {} }, f.clerk), 'DRAWER_CLOSED');
    expectError(() => f.app.call('report.x', {}, f.manager), 'DRAWER_CLOSED');
  });
});

describe('X and Z reports', () => {
  /** float 140.00; cash sale 23.30; card sale 25.00 (exempt); pay in 20.00; pay out 15.00; cash refund of a 4.99+tax sale */
  function day() {
    f.app.call('drawer.open', { float: FLOAT }, f.clerk);
    const cash = f.app.call(
      'sale.checkout',
      {
        lines: [
          { productId: p.drill, quantity: qty(1) },
          { productId: p.screw, quantity: qty(3) },
        ],
        tenders: [{ method: 'cash', tendered: 5000 }],
      },
      f.clerk,
    ).sale;
    const card = f.app.call(
      'sale.checkout',
      {
        lines: [{ productId: p.deposit, quantity: qty(1) }],
        tenders: [{ method: 'card', amount: 2500, reference: 'A1' }],
      },
      f.clerk,
    ).sale;
    const refunded = f.app.call(
      'sale.checkout',
      { lines: [{ productId: p.bits, quantity: qty(1) }], tenders: [{ method: 'cash', tendered: 1000 }] },
      f.clerk,
    ).sale; // 4.99 + 0.25 + 0.50 = 5.74 → 5.75
    f.app.call('sale.cancel', { saleId: refunded.id, reason: 'defective' }, f.clerk);
    f.app.call(
      'sale.refundCash',
      { saleId: refunded.id, customerConfirmed: true, saleConfirmed: true },
      f.clerk,
    );
    f.app.call('drawer.payIn', { amount: 2000, reason: 'bank' }, f.clerk);
    f.app.call('drawer.payOut', { amount: 1500, reason: 'cleaner' }, f.manager);
    return { cash, card, refunded };
  }

  it('X report: expected = float + cash in − cash out; totals by tender and tax', () => {
    const { cash, card, refunded } = day();
    expect(refunded.paid).toBe(575);
    const x = f.app.call('report.x', {}, f.manager);
    expect(x).toMatchObject({
      kind: 'X',
      number: null,
      float: 14_000,
      salesCount: 3,
      salesTotal: cash.paid + card.paid + refunded.paid,
      refundsCount: 1,
      refundsTotal: 575,
      cashSales: 2330 + 575,
      cashRefunds: 575,
      payIns: 2000,
      payOuts: 1500,
      expectedCash: 14_000 + 2330 + 575 - 575 + 2000 - 1500,
      countedCash: null,
      overShort: null,
    });
    expect(x.tenders).toEqual([
      { method: 'card', count: 1, amount: 2500 },
      { method: 'cash', count: 2, amount: 2330 + 575 },
    ]);
    // the refunded 4.99 sale's taxes are a contra entry: the net is the kept cash sale's
    expect(x.salesTaxes).toEqual([
      { code: 'QC-GST', ratePpm: 50_000, base: 2029 + 499, tax: 101 + 25 },
      { code: 'QC-QST', ratePpm: 99_750, base: 2029 + 499, tax: 202 + 50 },
    ]);
    expect(x.refundTaxes).toEqual([
      { code: 'QC-GST', ratePpm: 50_000, base: 499, tax: 25 },
      { code: 'QC-QST', ratePpm: 99_750, base: 499, tax: 50 },
    ]);
    expect(x.taxes).toEqual([
      { code: 'QC-GST', ratePpm: 50_000, base: 2029, tax: 101 },
      { code: 'QC-QST', ratePpm: 99_750, base: 2029, tax: 202 },
    ]);
    // printing X is a journaled command for managers; clerks may not read X
    const printed = f.app.call('drawer.printX', {}, f.manager);
    expect(printed.expectedCash).toBe(x.expectedCash);
    expectError(() => f.app.call('report.x', {}, f.clerk), 'FORBIDDEN');
  });

  it('blind close: any count is accepted, over/short recorded; Z numbered gaplessly and immutable', () => {
    day();
    const expected = 14_000 + 2330 + 2000 - 1500; // 168.30
    // short by 1.30: counted 167.00
    const z1 = f.app.call(
      'drawer.close',
      { count: { '10000': 1, '2000': 3, '500': 1, '100': 2 }, note: 'short?' },
      f.clerk,
    );
    expect(z1).toMatchObject({
      kind: 'Z',
      number: 1,
      expectedCash: expected,
      countedCash: 16_700,
      overShort: 16_700 - expected,
      closedBy: 'Camille Tremblay',
    });
    expect(
      rows(f, 'SELECT status, expected, counted, over_short, z_number, note FROM drawer_sessions'),
    ).toEqual([
      { status: 'closed', expected, counted: 16_700, over_short: -130, z_number: 1, note: 'short?' },
    ]);
    expect(f.app.call('drawer.current', {}, f.clerk)).toBeNull();
    // a second session, closed with an empty drawer and then one with too much
    f.app.call('drawer.open', { float: { '2000': 1 } }, f.clerk);
    const z2 = f.app.call('drawer.close', { count: {} }, f.clerk);
    expect(z2).toMatchObject({
      number: 2,
      expectedCash: 2000,
      countedCash: 0,
      overShort: -2000,
      salesCount: 0,
    });
    f.app.call('drawer.open', { float: { '2000': 1 } }, f.clerk);
    const z3 = f.app.call('drawer.close', { count: { '2000': 2 } }, f.clerk);
    expect(z3).toMatchObject({ number: 3, overShort: 2000 });
    // bad denomination in a count
    f.app.call('drawer.open', { float: { '2000': 1 } }, f.clerk);
    expectError(() => f.app.call('drawer.close', { count: { '3': 1 } }, f.clerk), 'VALIDATION', 'count.3');
    // Z list and Z by number
    expect(f.app.call('report.zList', {}, f.manager).map((z) => z.number)).toEqual([3, 2, 1]);
    expect(f.app.call('report.z', { number: 1 }, f.clerk)).toEqual(z1);
    expectError(() => f.app.call('report.z', { number: 9 }, f.clerk), 'NOT_FOUND');
    // immutable
    expect(() =>
      f.app.env.sqlite.prepare("UPDATE z_reports SET report = '{}' WHERE number = 1").run(),
    ).toThrow(/immutable/);
    expect(() => f.app.env.sqlite.prepare('DELETE FROM z_reports WHERE number = 1').run()).toThrow(
      /immutable/,
    );
    expect(f.app.call('report.z', { number: 1 }, f.clerk)).toEqual(z1);
  });

  it('Z carries totals by tender and tax, and a sale in a new session is counted there only', () => {
    day();
    const z = f.app.call('drawer.close', { count: FLOAT }, f.clerk);
    expect(z.tenders.map((t) => t.method)).toEqual(['card', 'cash']);
    expect(z.taxes.map((t) => t.code)).toEqual(['QC-GST', 'QC-QST']);
    f.app.call('drawer.open', { float: FLOAT }, f.clerk);
    f.app.call(
      'sale.checkout',
      { lines: [{ productId: p.deposit, quantity: qty(1) }], tenders: [{ method: 'cash', tendered: 2500 }] },
      f.clerk,
    );
    const z2 = f.app.call('drawer.close', { count: FLOAT }, f.clerk);
    expect(z2).toMatchObject({ number: 2, salesCount: 1, salesTotal: 2500, taxes: [], expectedCash: 16_500 });
    expect(z2.tenders).toEqual([{ method: 'cash', count: 1, amount: 2500 }]);
    expect(z2.overShort).toBe(-2500);
  });
});
