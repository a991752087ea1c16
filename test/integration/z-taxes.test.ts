import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { renderDocument } from '../../electron/hardware/layouts.ts';
import { getProfile } from '../../electron/hardware/profiles.ts';
import { renderBytes } from '../../electron/hardware/virtual.ts';
import { printDocument } from '../../electron/services/print-documents.ts';
import type { DrawerReport, PeriodClosing, Sale, SalesReportRow, TaxTotal } from '../../shared/api/types.ts';
import { CommandError } from '../../shared/errors.ts';
import { priceCart } from '../../shared/pricing.ts';
import { type Fixture, makeFixture } from '../helpers/fixture.ts';
import { HOUR, MIN, prods, qty, relogin } from './support.ts';

/**
 * The Z's taxes are what the store files: the taxes of the sales taken in the session less the
 * contra entries of the refunds made in it, per rate. For the same period they equal what the
 * day closings say and what report.sales says (which leaves refunded sales out altogether).
 */

let f: Fixture | undefined;
afterEach(() => {
  f?.cleanup();
  f = undefined;
});

const FLOAT = { '2000': 5 };
const refundCash = (fx: Fixture, saleId: string) =>
  fx.app.call('sale.refundCash', { saleId, customerConfirmed: true, saleConfirmed: true }, fx.manager);
const cancel = (fx: Fixture, saleId: string) =>
  fx.app.call('sale.cancel', { saleId, reason: 'defective' }, fx.clerk);

const returnLines = (fx: Fixture, saleId: string, lines: { lineId: string; quantity: number }[]) =>
  fx.app.call('sale.returnLines', { saleId, lines, customerConfirmed: true }, fx.manager);

/** what a cart costs, from the shared pricing (the tests check the ledger's taxes independently) */
function totalOf(fx: Fixture, lines: { productId: string; quantity: number }[]): number {
  const j = fx.app.env.jurisdiction;
  return priceCart(
    j,
    lines.map((l) => {
      const prod = fx.products.find((x) => x.id === l.productId)!;
      return { unitPrice: prod.price, quantity: l.quantity, discount: null, taxCategory: prod.taxCategory };
    }),
  ).total;
}

/** one sale paid by card (never rounded, so the figures below are the taxes alone) */
function cardSale(fx: Fixture, productIds: string[]): Sale {
  const lines = productIds.map((productId) => ({ productId, quantity: qty(1) }));
  return fx.app.call(
    'sale.checkout',
    { lines, tenders: [{ method: 'card', amount: totalOf(fx, lines), reference: 'A' }] },
    fx.clerk,
  ).sale;
}

describe('Z report taxes, worked examples', () => {
  it('Québec GST 5 % + QST 9.975 %: the refunded sale is a contra entry per rate; net = day closing = report.sales', () => {
    const fx = makeFixture({ start: new Date('2026-11-26T15:00:00.000Z') }); // 10:00 in Toronto
    f = fx;
    const p = prods(fx);
    fx.app.call('drawer.open', { float: FLOAT }, fx.clerk);
    // A: drill 19.99 + bits 4.99 = 24.98; GST 24.98 × 5 % = 1.249 → 1.25; QST 24.98 × 9.975 % = 2.4918 → 2.49
    const a = cardSale(fx, [p.drill, p.bits]);
    // B: drill 19.99; GST 0.9995 → 1.00; QST 1.994 → 1.99
    const b = cardSale(fx, [p.drill]);
    expect(a.taxes.map((t) => t.tax)).toEqual([125, 249]);
    expect(b.taxes.map((t) => t.tax)).toEqual([100, 199]);
    cancel(fx, b.id);
    refundCash(fx, b.id);
    fx.clock.advance(HOUR);
    const z = fx.app.call('drawer.close', { count: {} }, fx.clerk);
    expect(z.salesTaxes).toEqual([
      { code: 'QC-GST', ratePpm: 50_000, base: 2498 + 1999, tax: 125 + 100 },
      { code: 'QC-QST', ratePpm: 99_750, base: 2498 + 1999, tax: 249 + 199 },
    ]);
    expect(z.refundTaxes).toEqual([
      { code: 'QC-GST', ratePpm: 50_000, base: 1999, tax: 100 },
      { code: 'QC-QST', ratePpm: 99_750, base: 1999, tax: 199 },
    ]);
    // what the store files for the day: sale A's taxes alone
    expect(z.taxes).toEqual([
      { code: 'QC-GST', ratePpm: 50_000, base: 2498, tax: 125 },
      { code: 'QC-QST', ratePpm: 99_750, base: 2498, tax: 249 },
    ]);
    const report = fx.app.call(
      'report.sales',
      { from: '2026-11-26', to: '2026-11-26', groupBy: 'taxRate' },
      fx.manager,
    );
    expect(report.map((r) => ({ code: r.key, base: r.amount, tax: r.tax }))).toEqual(
      z.taxes.map((t) => ({ code: t.code, base: t.base, tax: t.tax })),
    );
    fx.clock.advance(24 * HOUR);
    relogin(fx);
    const day = fx.app.call('period.close', { kind: 'day', period: '2026-11-26' }, fx.manager);
    expect(day.taxes).toEqual(z.taxes);
    // the printed Z: sales' taxes, the refunds' as negative contra lines, then the net
    const job = fx.app.env.sqlite
      .prepare("SELECT kind, payload, created_at FROM print_jobs WHERE kind = 'z_report'")
      .get() as { kind: 'z_report'; payload: string; created_at: string };
    const profile = getProfile('epson-tm-t20iii')!;
    const text = renderBytes(
      renderDocument(printDocument(fx.app.env.sqlite, job), {
        store: fx.app.env.store,
        profile,
        offlineSince: null,
        kickDrawer: false,
      }),
      profile,
    )
      .lines.join('\n')
      .replace(/[\u00a0\u202f]/g, ' ');
    const taxes = text.slice(text.indexOf('Taxes'), text.indexOf('Paiements'));
    expect(taxes).toMatch(/Ventes\n.*TPS.*\(44,97 \$\)\s+2,25 \$\n.*TVQ.*\(44,97 \$\)\s+4,48 \$/);
    expect(taxes).toMatch(/Remboursements\n.*TPS.*\(-19,99 \$\)\s+-1,00 \$\n.*TVQ.*\(-19,99 \$\)\s+-1,99 \$/);
    expect(taxes).toMatch(/Net\n.*TPS.*\(24,98 \$\)\s+1,25 \$\n.*TVQ.*\(24,98 \$\)\s+2,49 \$/);
  });

  it('France TVA 20 % (prices include it): a refund in the next session shows as a negative net there', () => {
    const fx = makeFixture({
      store: {
        jurisdiction: 'FR',
        currency: 'EUR',
        cashRoundingStep: 1,
        timeZone: 'Europe/Paris',
        locale: 'fr-FR',
      },
      start: new Date('2026-11-26T09:00:00.000Z'), // 10:00 in Paris
    });
    f = fx;
    const p = prods(fx);
    fx.app.call('drawer.open', { float: FLOAT }, fx.clerk);
    // A: 24.98 TTC; TVA = 24.98 × 20/120 = 4.1633 → 4.16, HT 20.82
    const a = cardSale(fx, [p.drill, p.bits]);
    // B: 19.99 TTC; TVA 3.3317 → 3.33, HT 16.66
    const b = cardSale(fx, [p.drill]);
    expect(a.taxes).toEqual([{ code: 'FR-TVA-20', ratePpm: 200_000, base: 2082, tax: 416 }]);
    expect(b.taxes).toEqual([{ code: 'FR-TVA-20', ratePpm: 200_000, base: 1666, tax: 333 }]);
    const z1 = fx.app.call('drawer.close', { count: {} }, fx.clerk);
    expect(z1.taxes).toEqual([{ code: 'FR-TVA-20', ratePpm: 200_000, base: 2082 + 1666, tax: 416 + 333 }]);
    expect(z1.refundTaxes).toEqual([]);
    // the next day B comes back: its TVA is a contra entry of that day's Z, nothing else was sold
    fx.clock.advance(24 * HOUR);
    relogin(fx);
    fx.app.call('drawer.open', { float: FLOAT }, fx.clerk);
    cancel(fx, b.id);
    refundCash(fx, b.id);
    const z2 = fx.app.call('drawer.close', { count: {} }, fx.clerk);
    expect(z2.salesTaxes).toEqual([]);
    expect(z2.refundTaxes).toEqual([{ code: 'FR-TVA-20', ratePpm: 200_000, base: 1666, tax: 333 }]);
    expect(z2.taxes).toEqual([{ code: 'FR-TVA-20', ratePpm: 200_000, base: -1666, tax: -333 }]);
    fx.clock.advance(24 * HOUR);
    relogin(fx);
    const d1 = fx.app.call('period.close', { kind: 'day', period: '2026-11-26' }, fx.manager);
    const d2 = fx.app.call('period.close', { kind: 'day', period: '2026-11-27' }, fx.manager);
    expect(d1.taxes).toEqual(z1.taxes);
    expect(d2.taxes).toEqual(z2.taxes);
    // over both days the two Zs net to sale A's TVA, as report.sales says
    const report = fx.app.call(
      'report.sales',
      { from: '2026-11-26', to: '2026-11-27', groupBy: 'taxRate' },
      fx.manager,
    );
    expect(report).toEqual([{ key: 'FR-TVA-20', count: 1, amount: 2082, tax: 416 }]);
  });
});

// --- the property -----------------------------------------------------------------------------------

const lineArb = fc.record({ product: fc.nat({ max: 3 }), units: fc.integer({ min: 1, max: 3 }) });
const cmdArb = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('sell' as const),
      lines: fc.array(lineArb, { minLength: 1, maxLength: 3 }),
      cash: fc.boolean(),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat() }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('return' as const),
      pick: fc.nat(),
      line: fc.nat(),
      units: fc.integer({ min: 1, max: 3 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('refund' as const),
      pick: fc.nat(),
      channel: fc.constantFrom('cash', 'card'),
    }),
  },
);
type Cmd = typeof cmdArb extends fc.Arbitrary<infer T> ? T : never;
/** refunds the runs made, to check the property was exercised */
let refundsMade = 0;
let returnsMade = 0;

/** Σ per code of (base, tax) */
function perCode(
  rows: readonly { code: string; base: number; tax: number }[],
): Record<string, [number, number]> {
  const out: Record<string, [number, number]> = {};
  for (const r of rows) {
    const acc = out[r.code] ?? [0, 0];
    acc[0] += r.base;
    acc[1] += r.tax;
    out[r.code] = acc;
  }
  // a code whose sales and refunds cancel out says nothing: drop the zero rows
  for (const [k, v] of Object.entries(out)) if (v[0] === 0 && v[1] === 0) delete out[k];
  return out;
}
const fromZ = (zs: DrawerReport[]) => perCode(zs.flatMap((z) => z.taxes));
const fromClosings = (cs: PeriodClosing[]) => perCode(cs.flatMap((c) => c.taxes));
const fromReport = (rows: SalesReportRow[]) =>
  perCode(rows.map((r) => ({ code: r.key, base: r.amount, tax: r.tax })));
const sumTaxes = (ts: readonly TaxTotal[] | undefined) => perCode(ts ?? []);

/** A few business days on a fresh Québec till: one drawer session a day, sales, cancels and refunds of any earlier sale. */
function runDays(days: Cmd[][]): void {
  const fx = makeFixture({ start: new Date('2026-11-02T14:00:00.000Z') }); // Monday 09:00 in Toronto
  try {
    const p = prods(fx);
    const ids = [p.drill, p.bits, p.screw, p.deposit];
    const sales: Sale[] = [];
    const zs: DrawerReport[] = [];
    const dates: string[] = [];
    days.forEach((cmds, d) => {
      fx.clock.now = new Date(Date.parse('2026-11-02T14:00:00.000Z') + d * 24 * HOUR);
      relogin(fx);
      fx.app.call('drawer.open', { float: FLOAT }, fx.clerk);
      for (const c of cmds) {
        fx.clock.advance(MIN);
        if (c.kind === 'sell') {
          const lines = c.lines.map((l) => ({ productId: ids[l.product]!, quantity: qty(l.units) }));
          const r = fx.app.call(
            'sale.checkout',
            {
              lines,
              tenders: c.cash
                ? [{ method: 'cash', tendered: 100_000 }]
                : [{ method: 'card', amount: totalOf(fx, lines), reference: 'A' }],
            },
            fx.clerk,
          );
          sales.push(r.sale);
        } else if (sales.length) {
          const i = c.pick % sales.length;
          const s = sales[i]!;
          const returned = s.lines.some((l) => (l.returnedQuantity ?? 0) > 0);
          if (c.kind === 'cancel' && s.status === 'completed' && !returned) sales[i] = cancel(fx, s.id);
          if (c.kind === 'return' && s.status === 'completed') {
            // some units of one line that has units left
            const open = s.lines.filter((l) => l.quantity > (l.returnedQuantity ?? 0));
            const line = open[c.line % Math.max(1, open.length)];
            if (line) {
              const left = (line.quantity - (line.returnedQuantity ?? 0)) / 1000;
              returnsMade++;
              sales[i] = returnLines(fx, s.id, [{ lineId: line.id, quantity: qty(Math.min(c.units, left)) }]);
            }
          }
          if (c.kind === 'refund' && s.status === 'cancelled') {
            refundsMade++;
            sales[i] =
              c.channel === 'cash'
                ? refundCash(fx, s.id)
                : fx.app.call('sale.refundToCard', { saleId: s.id }, fx.manager);
          }
        }
      }
      const z = fx.app.call('drawer.close', { count: {} }, fx.clerk);
      zs.push(z);
      dates.push(z.closedAt ? businessDate(fx, z) : '');
      // each Z: net = its sales' taxes − its refunds' taxes
      const net = sumTaxes(z.salesTaxes);
      for (const [k, [b, t]] of Object.entries(sumTaxes(z.refundTaxes))) {
        const acc = net[k] ?? [0, 0];
        net[k] = [acc[0] - b, acc[1] - t];
        if (net[k]![0] === 0 && net[k]![1] === 0) delete net[k];
      }
      expect(sumTaxes(z.taxes)).toEqual(net);
    });
    // the day after the last one, close every day and compare
    fx.clock.now = new Date(Date.parse('2026-11-02T14:00:00.000Z') + days.length * 24 * HOUR);
    relogin(fx);
    const closings = dates.map((day) =>
      fx.app.call('period.close', { kind: 'day', period: day }, fx.manager),
    );
    closings.forEach((c, i) => {
      // one session a day: the day's Z and the day's closing file the same taxes
      expect(fromClosings([c])).toEqual(fromZ([zs[i]!]));
    });
    const report = fx.app.call(
      'report.sales',
      { from: dates[0]!, to: dates[dates.length - 1]!, groupBy: 'taxRate' },
      fx.manager,
    );
    // over the whole period every refunded sale was also sold in it: the three agree
    expect(fromZ(zs)).toEqual(fromReport(report));
    expect(fromClosings(closings)).toEqual(fromReport(report));
  } finally {
    fx.cleanup();
  }
}

function businessDate(fx: Fixture, z: DrawerReport): string {
  const closing = fx.app.env.sqlite
    .prepare('SELECT business_date AS d FROM sales WHERE drawer_session_id = ? LIMIT 1')
    .get(z.sessionId) as { d: string } | undefined;
  if (closing) return closing.d;
  // no sale that day: the session's opening day in the store's zone
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Toronto' }).format(new Date(z.openedAt));
}

describe('returns of lines, worked examples', () => {
  it('Québec: 2 of 3 bits back, then the last one: each return taxed per rate, cumulatively, so the three sum to the sale; Z = closing = report.sales', () => {
    const fx = makeFixture({ start: new Date('2026-11-26T15:00:00.000Z') });
    f = fx;
    const p = prods(fx);
    fx.app.call('drawer.open', { float: FLOAT }, fx.clerk);
    // drill 19.99 + 3 bits 14.97 = 34.96; GST 1.748 → 1.75; QST 3.4873 → 3.49; total 40.20, paid by card
    const lines = [
      { productId: p.drill, quantity: qty(1) },
      { productId: p.bits, quantity: qty(3) },
    ];
    const sale = fx.app.call(
      'sale.checkout',
      { lines, tenders: [{ method: 'card', amount: totalOf(fx, lines), reference: 'A' }] },
      fx.clerk,
    ).sale;
    expect(sale.taxes.map((t) => t.tax)).toEqual([175, 349]);
    const bits = sale.lines.find((l) => l.productId === p.bits)!;
    fx.clock.advance(MIN);
    // two bits: 9.98; GST 0.499 → 0.50; QST 0.99551 → 1.00; 11.48 → 11.50 in cash
    const r1 = returnLines(fx, sale.id, [{ lineId: bits.id, quantity: qty(2) }]);
    expect(r1.status).toBe('completed');
    expect(r1.returnedTaxes).toEqual([
      { code: 'QC-GST', ratePpm: 50_000, base: 998, tax: 50 },
      { code: 'QC-QST', ratePpm: 99_750, base: 998, tax: 100 },
    ]);
    expect(r1.refundedAmount).toBe(1150);
    expect(r1.lines.find((l) => l.id === bits.id)).toMatchObject({
      returnedQuantity: qty(2),
      returnedAmount: 998,
    });
    // the last bit: 4.99; so far 14.97 taxed as one: GST 0.7485 → 0.75, QST 1.4933 → 1.49; this
    // return is that less the first: GST 0.25, QST 0.49 (alone, 4.99 would give 0.25 and 0.50)
    const r2 = returnLines(fx, sale.id, [{ lineId: bits.id, quantity: qty(1) }]);
    expect(r2.returnedTaxes).toEqual([
      { code: 'QC-GST', ratePpm: 50_000, base: 1497, tax: 75 },
      { code: 'QC-QST', ratePpm: 99_750, base: 1497, tax: 149 },
    ]);
    // 4.99 + 0.25 + 0.49 = 5.73 → 5.75 in cash
    expect(r2.refundedAmount).toBe(1150 + 575);
    // nothing left of that line; the drill is still there
    const again = () => returnLines(fx, sale.id, [{ lineId: bits.id, quantity: qty(1) }]);
    expect(again).toThrow(CommandError);
    // a sale with returned lines is not cancelled whole (its lines would be refunded twice)
    expect(() => cancel(fx, sale.id)).toThrow(/returned/);
    const drill = sale.lines.find((l) => l.productId === p.drill)!;
    const r3 = returnLines(fx, sale.id, [{ lineId: drill.id, quantity: qty(1) }]);
    // every line back: the returns' taxes are exactly the sale's
    expect(r3.returnedTaxes).toEqual(sale.taxes);
    fx.clock.advance(HOUR);
    const z = fx.app.call('drawer.close', { count: {} }, fx.clerk);
    expect(z.refundTaxes).toEqual(sale.taxes);
    expect(z.taxes.every((t) => t.base === 0 && t.tax === 0)).toBe(true);
    expect(z.refundsCount).toBe(3);
    // cash handed back, each return rounded by the cash rule: 11.50 + 5.75 + 23.00 (the sale took 40.20 by card)
    expect(z.cashRefunds).toBe(4025);
    expect(r3.refundedAmount).toBe(4025);
    const report = fx.app.call(
      'report.sales',
      { from: '2026-11-26', to: '2026-11-26', groupBy: 'taxRate' },
      fx.manager,
    );
    expect(fromReport(report)).toEqual({});
    expect(
      fx.app.call('report.sales', { from: '2026-11-26', to: '2026-11-26', groupBy: 'day' }, fx.manager),
    ).toEqual([{ key: '2026-11-26', count: 1, amount: sale.paid - r3.refundedAmount, tax: 0 }]);
    fx.clock.advance(24 * HOUR);
    relogin(fx);
    const day = fx.app.call('period.close', { kind: 'day', period: '2026-11-26' }, fx.manager);
    expect(fromClosings([day])).toEqual({});
    expect(day.refundsTotal).toBe(r3.refundedAmount);
  });
});

describe('Z report taxes, property over random days', () => {
  it('Σ Z net taxes = Σ day closings = report.sales over the period; each Z = its day closing', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(cmdArb, { minLength: 0, maxLength: 12 }), { minLength: 1, maxLength: 4 }),
        (days) => {
          try {
            runDays(days);
          } catch (e) {
            if (e instanceof CommandError) throw new Error(`${e.code}: ${e.message}`);
            throw e;
          }
        },
      ),
      { numRuns: Number(process.env.COMPTOIR_FC_RUNS ?? 20), seed: 20261202 },
    );
    expect(refundsMade).toBeGreaterThan(5);
    expect(returnsMade).toBeGreaterThan(5);
  }, 120_000);
});
