import { afterEach, describe, expect, it } from 'vitest';
import { computePeriod } from '../../electron/services/closings.ts';
import type { PeriodClosing } from '../../shared/api/types.ts';
import { CLERK_PIN, type Fixture, MANAGER_PIN, makeFixture } from '../helpers/fixture.ts';

// Cumulative closings (NF525): a month whose days are all closed is the sum of its day
// closings, a year whose months are all closed the sum of its month closings. It must equal
// the figures computed from the rows, refunds (contra entries) included.
let f: Fixture;
afterEach(() => f.cleanup());

const figures = (c: PeriodClosing) => {
  const { id: _id, closedAt: _at, closedBy: _by, seal: _seal, ...rest } = c;
  return rest;
};

function at(iso: string) {
  f.clock.now = new Date(iso);
  f.clerk = f.app.call('auth.login', { userId: f.clerkId, pin: CLERK_PIN }).token;
  f.manager = f.app.call('auth.login', { userId: f.managerId, pin: MANAGER_PIN }).token;
}

describe('cumulative period closings', () => {
  it('month from its days and year from its months equal the figures computed from the rows', () => {
    f = makeFixture({ start: new Date('2026-01-05T17:00:00Z') });
    const [drill, bits, screw, deposit] = f.products;
    f.app.call('drawer.open', { float: { '2000': 5 } }, f.clerk);
    const order = f.app.call('order.create', { description: 'Location annuelle', total: 1_000_000 }, f.clerk);
    const sold: string[] = [];
    for (let m = 1; m <= 12; m++) {
      for (const d of [2, 10, 20]) {
        at(`2026-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}T17:00:00Z`);
        const r = f.app.call(
          'sale.checkout',
          {
            lines: [
              { productId: drill!.id, quantity: 1000 * ((m % 3) + 1) },
              { productId: (d === 10 ? deposit : bits)!.id, quantity: 1000 },
              { productId: screw!.id, quantity: 7000 },
            ],
            tenders:
              d === 20
                ? [
                    { method: 'card', amount: 1000, reference: `A${m}` },
                    { method: 'cash', tendered: 20_000 },
                  ]
                : [{ method: 'cash', tendered: 20_000 }],
          },
          f.clerk,
        );
        sold.push(r.sale.id);
        if (d === 10) {
          // money received on the order: by card in odd months, in cash in even ones
          f.app.call(
            'order.recordPayment',
            m % 2
              ? { orderId: order.id, amount: 2503, method: 'card', reference: `P${m}` }
              : { orderId: order.id, amount: 1005, method: 'cash' },
            f.clerk,
          );
        }
      }
      if (m === 2 || m === 7) {
        // a sale of the month before is cancelled and refunded in cash on this month's 20th
        const s = sold[sold.length - 4]!;
        f.app.call('sale.cancel', { saleId: s, reason: 'customer_request', message: '' }, f.clerk);
        f.app.call('sale.refundCash', { saleId: s, customerConfirmed: true, saleConfirmed: true }, f.manager);
      }
    }
    at('2027-01-06T17:00:00Z');
    for (let d = 1; d <= 28; d++) {
      f.app.call('period.close', { kind: 'day', period: `2026-02-${String(d).padStart(2, '0')}` }, f.manager);
    }
    const months = Array.from({ length: 12 }, (_, i) =>
      f.app.call(
        'period.close',
        { kind: 'month', period: `2026-${String(i + 1).padStart(2, '0')}` },
        f.manager,
      ),
    );
    const feb = months[1]!;
    expect(figures(feb)).toEqual(computePeriod(f.app.env, 'month', '2026-02', { fromRows: true }));
    const year = f.app.call('period.close', { kind: 'year', period: '2026' }, f.manager);
    const fromRows = computePeriod(f.app.env, 'year', '2026', { fromRows: true });
    expect(figures(year)).toEqual(fromRows);
    expect(year.salesCount).toBe(36);
    expect(year.refundsTotal).toBeGreaterThan(0);
    expect(year.taxes.some((t) => t.code === 'QC-GST')).toBe(true);
    expect(year.tenders.map((t) => t.method)).toEqual(['card', 'cash']);
    // money received on orders is summed too, outside the grand totals
    expect(year.orderPayments).toEqual([
      { method: 'card', count: 6, amount: 6 * 2503 },
      { method: 'cash', count: 6, amount: 6 * 1005 },
    ]);

    // white-box: with all months closed the year is read from their closings, not from the rows
    const db = f.app.env.sqlite;
    db.exec('DROP TRIGGER period_closings_no_update');
    const jan = JSON.parse(
      (
        db
          .prepare("SELECT report FROM period_closings WHERE kind = 'month' AND period = '2026-01'")
          .get() as {
          report: string;
        }
      ).report,
    ) as PeriodClosing;
    db.prepare("UPDATE period_closings SET report = ? WHERE kind = 'month' AND period = '2026-01'").run(
      JSON.stringify({ ...jan, salesCount: jan.salesCount + 1000 }),
    );
    expect(computePeriod(f.app.env, 'year', '2026').salesCount).toBe(1036);
    expect(computePeriod(f.app.env, 'year', '2026', { fromRows: true }).salesCount).toBe(36);
  });
});
