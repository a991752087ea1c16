import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shareByWeight } from '../../electron/services/closings.ts';
import type { Sale } from '../../shared/api/types.ts';
import { type Fixture, makeFixture } from '../helpers/fixture.ts';
import { expectError, openDrawer, prods, qty, relogin, torontoWinter } from './support.ts';

let f: Fixture;
const s: Record<string, Sale> = {};

/**
 * Two business days, two clerks, several hours:
 *   24th 09:30 clerk   A  drill + 3 screws, cash       23.30
 *   24th 14:10 manager B  deposit (exempt), card       25.00
 *   25th 01:30 clerk   N  bits, cash — still the 24th's business day (closing hour 04:00)
 *   25th 10:05 clerk   C  drill, card 10.00 + cash     22.98 → 23.00
 *   25th 10:20 clerk   D  bits, cash, cancelled and refunded  → excluded
 *   25th 11:00 manager E  bits, cash, cancelled only   → still revenue
 */
beforeAll(() => {
  f = makeFixture({ start: torontoWinter('2026-11-24T09:00') });
  const p = prods(f);
  const at = (t: string) => {
    f.clock.now = torontoWinter(t);
  };
  const cash = (lines: { productId: string; quantity: number }[], token: string, tendered = 10_000) =>
    f.app.call('sale.checkout', { lines, tenders: [{ method: 'cash', tendered }] }, token).sale;
  openDrawer(f);
  at('2026-11-24T09:30');
  s.A = cash(
    [
      { productId: p.drill, quantity: qty(1) },
      { productId: p.screw, quantity: qty(3) },
    ],
    f.clerk,
  );
  at('2026-11-24T14:10');
  s.B = f.app.call(
    'sale.checkout',
    {
      lines: [{ productId: p.deposit, quantity: qty(1) }],
      tenders: [{ method: 'card', amount: 2500, reference: 'A' }],
    },
    f.manager,
  ).sale;
  at('2026-11-25T01:30');
  relogin(f);
  s.N = cash([{ productId: p.bits, quantity: qty(1) }], f.clerk);
  at('2026-11-25T10:05');
  s.C = f.app.call(
    'sale.checkout',
    {
      lines: [{ productId: p.drill, quantity: qty(1) }],
      tenders: [
        { method: 'card', amount: 1000, reference: 'B' },
        { method: 'cash', tendered: 1300 },
      ],
    },
    f.clerk,
  ).sale;
  at('2026-11-25T10:20');
  s.D = cash([{ productId: p.bits, quantity: qty(1) }], f.clerk);
  f.app.call('sale.cancel', { saleId: s.D.id, reason: 'wrong_item' }, f.clerk);
  f.app.call('sale.refundCash', { saleId: s.D.id, customerConfirmed: true, saleConfirmed: true }, f.clerk);
  at('2026-11-25T11:00');
  s.E = cash([{ productId: p.bits, quantity: qty(1) }], f.manager);
  f.app.call('sale.cancel', { saleId: s.E.id, reason: 'other' }, f.manager);
});
afterAll(() => f.cleanup());

const report = (
  groupBy: 'day' | 'tender' | 'taxRate' | 'clerk' | 'hour' | 'category',
  from = '2026-11-24',
  to = '2026-11-25',
) => f.app.call('report.sales', { from, to, groupBy }, f.manager);

describe('report.sales', () => {
  it('the scenario is what the comments say', () => {
    expect(Object.fromEntries(Object.entries(s).map(([k, v]) => [k, [v.businessDate, v.paid]]))).toEqual({
      A: ['2026-11-24', 2330],
      B: ['2026-11-24', 2500],
      N: ['2026-11-24', 575],
      C: ['2026-11-25', 2300],
      D: ['2026-11-25', 575],
      E: ['2026-11-25', 575],
    });
  });

  it('by day (business day, refunded sales excluded)', () => {
    expect(report('day')).toEqual([
      { key: '2026-11-24', count: 3, amount: 2330 + 2500 + 575, tax: s.A!.taxTotal + s.N!.taxTotal },
      { key: '2026-11-25', count: 2, amount: 2300 + 575, tax: s.C!.taxTotal + s.E!.taxTotal },
    ]);
    expect(report('day', '2026-11-25', '2026-11-25').map((r) => r.key)).toEqual(['2026-11-25']);
    expect(report('day', '2026-11-26', '2026-11-30')).toEqual([]);
  });

  it('by tender (cash counted at the rounded amount kept)', () => {
    expect(report('tender')).toEqual([
      { key: 'cash', count: 4, amount: 2330 + 575 + 1300 + 575, tax: 0 },
      { key: 'card', count: 2, amount: 2500 + 1000, tax: 0 },
    ]);
  });

  it('by tax rate (base and tax per code)', () => {
    const taxed = [s.A!, s.N!, s.C!, s.E!];
    const sum = (code: string, k: 'base' | 'tax') =>
      taxed.reduce((a, x) => a + x.taxes.find((t) => t.code === code)![k], 0);
    expect(report('taxRate')).toEqual([
      { key: 'QC-GST', count: 4, amount: sum('QC-GST', 'base'), tax: sum('QC-GST', 'tax') },
      { key: 'QC-QST', count: 4, amount: sum('QC-QST', 'base'), tax: sum('QC-QST', 'tax') },
    ]);
    expect(sum('QC-GST', 'base')).toBe(2029 + 499 + 1999 + 499);
    expect(sum('QC-GST', 'tax')).toBe(101 + 25 + 100 + 25);
  });

  it('by clerk', () => {
    expect(report('clerk')).toEqual([
      {
        key: 'Camille Tremblay',
        count: 3,
        amount: 2330 + 575 + 2300,
        tax: s.A!.taxTotal + s.N!.taxTotal + s.C!.taxTotal,
      },
      { key: 'Martin Gagnon', count: 2, amount: 2500 + 575, tax: s.E!.taxTotal },
    ]);
  });

  it('by local hour of the store', () => {
    expect(report('hour').map((r) => [r.key, r.count, r.amount])).toEqual([
      ['01', 1, 575],
      ['09', 1, 2330],
      ['10', 1, 2300],
      ['11', 1, 575],
      ['14', 1, 2500],
    ]);
  });

  it('by category: each sale kept shared among its lines, so every chart adds up to the same net', () => {
    // the screws move to a second category, the deposit to none
    const p = prods(f);
    const db = f.app.env.sqlite;
    db.prepare(
      "INSERT INTO categories (id, name) VALUES ('01KCATQUINCAILLERIE000000', 'Quincaillerie')",
    ).run();
    db.prepare("UPDATE products SET category_id = '01KCATQUINCAILLERIE000000' WHERE id = ?").run(p.screw);
    db.prepare('UPDATE products SET category_id = NULL WHERE id = ?').run(p.deposit);
    // A: 23.30 kept for 19.99 + 0.30 of lines → 22.96 + 0.34 (largest remainder: 22.9555…, 0.3445…)
    const taxA = shareByWeight(s.A!.taxTotal, [1999, 30]);
    expect(taxA).toEqual([299, 4]);
    expect(report('category')).toEqual([
      {
        key: 'Outillage',
        count: 4,
        amount: 2296 + 575 + 2300 + 575,
        tax: taxA[0]! + s.N!.taxTotal + s.C!.taxTotal + s.E!.taxTotal,
      },
      { key: '', count: 1, amount: 2500, tax: 0 },
      { key: 'Quincaillerie', count: 1, amount: 34, tax: taxA[1]! },
    ]);
    // the net is one figure whatever the grouping (the hour and tender charts once said 71.23 and 34.48)
    const total = (rows: { amount: number }[]) => rows.reduce((a, r) => a + r.amount, 0);
    const net = total(report('day'));
    expect(net).toBe(2330 + 2500 + 575 + 2300 + 575);
    for (const g of ['tender', 'clerk', 'hour', 'category'] as const)
      expect([g, total(report(g))]).toEqual([g, net]);
    const tax = (rows: { tax: number }[]) => rows.reduce((a, r) => a + r.tax, 0);
    expect(tax(report('category'))).toBe(tax(report('day')));
    // a line returned from A comes off its category, and the groupings still agree
    const screws = s.A!.lines.find((l) => l.productId === p.screw)!;
    f.app.call(
      'sale.returnLines',
      { saleId: s.A!.id, lines: [{ lineId: screws.id, quantity: qty(3) }], customerConfirmed: true },
      f.manager,
    );
    const after = total(report('day'));
    expect(after).toBeLessThan(net);
    for (const g of ['tender', 'clerk', 'hour', 'category'] as const)
      expect([g, total(report(g))]).toEqual([g, after]);
    expect(report('category').find((r) => r.key === 'Quincaillerie')?.amount ?? 0).toBe(0);
    expect(tax(report('category'))).toBe(tax(report('day')));
  });

  it('shareByWeight: whole cents that add up, in proportion', () => {
    expect(shareByWeight(2330, [1999, 30])).toEqual([2296, 34]);
    expect(shareByWeight(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(shareByWeight(0, [5, 5])).toEqual([0, 0]);
    expect(shareByWeight(500, [0, 0])).toEqual([500, 0]);
    expect(shareByWeight(-7, [1, 1])).toEqual([-3, -4]);
    for (const [t, w] of [
      [9999, [3, 7, 11, 13]],
      [1, [1000, 1, 1]],
      [123_457, [1, 2, 3, 4, 5, 6, 7]],
    ] as const) {
      const out = shareByWeight(t, w);
      expect(out.reduce((a, x) => a + x, 0)).toBe(t);
      const sum = w.reduce((a, y) => a + y, 0);
      for (const [i, x] of out.entries()) expect(Math.abs(x - (t * w[i]!) / sum)).toBeLessThan(1);
    }
  });

  it('is for managers; a malformed date is a VALIDATION error naming it', () => {
    expectError(
      () => f.app.call('report.sales', { from: '2026-11-24', to: '2026-11-25', groupBy: 'day' }, f.clerk),
      'FORBIDDEN',
    );
    expectError(
      () =>
        f.app.callUntyped(
          'report.sales',
          { from: '24/11/2026', to: '2026-11-25', groupBy: 'day' },
          f.manager,
        ),
      'VALIDATION',
      'from',
    );
    expectError(
      () =>
        f.app.callUntyped(
          'report.sales',
          { from: '2026-11-24', to: '2026-11-25', groupBy: 'week' },
          f.manager,
        ),
      'VALIDATION',
      'groupBy',
    );
  });
});
