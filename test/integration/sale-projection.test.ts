import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseEntry } from '../../shared/ledger/entries.ts';
import { type Fixture, makeFixture } from '../helpers/fixture.ts';
import { openDrawer, prods, qty, rows } from './support.ts';

/**
 * One projection per shape (electron/services/sale-projection.ts): the Sale a checkout answers is
 * built from the rows it just wrote, the Sale sale.get answers from the rows it reads — the same
 * function, so the two are the same object, field for field (a new sale's view used to lack what
 * the reader adds: returnedTaxes, each line's returned quantity and amount).
 */
let f: Fixture;
beforeEach(() => {
  f = makeFixture();
  openDrawer(f);
});
afterEach(() => f.cleanup());

describe('sale projection', () => {
  it("a checkout's Sale is the Sale read back; its entry parses; one line's discount round-trips", () => {
    const p = prods(f);
    const r = f.app.call(
      'sale.checkout',
      {
        customerId: f.customerId,
        lines: [
          { productId: p.drill, quantity: qty(1), discount: { kind: 'percent', basisPoints: 1000 } },
          { productId: p.screw, quantity: qty(3) },
        ],
        tenders: [
          { method: 'card', amount: 1000, reference: 'A123456' },
          { method: 'cash', tendered: 5000 },
        ],
      },
      f.clerk,
    );
    const read = f.app.call('sale.get', { saleId: r.sale.id }, f.clerk);
    expect(r.sale).toStrictEqual(read);
    expect(r.sale.customerName).not.toBeNull();
    expect(r.sale.tenders.map((t) => t.method)).toEqual(['card', 'cash']);
    const [entry] = rows<{ type: string; payload: string }>(
      f,
      "SELECT type, payload FROM journal WHERE type = 'sale.completed'",
    );
    const parsed = parseEntry(entry!.type, JSON.parse(entry!.payload));
    expect(parsed.type).toBe('sale.completed');
    const line = rows<{ discount_kind: string; discount_value: number }>(
      f,
      'SELECT discount_kind, discount_value FROM sale_lines WHERE sale_id = ? AND position = 1',
      r.sale.id,
    );
    expect(line).toEqual([{ discount_kind: 'percent', discount_value: 1000 }]);
  });

  it('a ticket completed later reads the same through both paths', () => {
    const p = prods(f);
    const open = f.app.call('sale.open', {}, f.clerk);
    f.app.call('sale.addLine', { saleId: open.id, productId: p.drill, quantity: qty(2) }, f.clerk);
    const done = f.app.call(
      'sale.complete',
      { saleId: open.id, tenders: [{ method: 'cash', tendered: 10000 }] },
      f.clerk,
    );
    expect(done.sale).toStrictEqual(f.app.call('sale.get', { saleId: open.id }, f.clerk));
    expect(done.sale.lines[0]).toMatchObject({ quantity: qty(2), returnedQuantity: 0, returnedAmount: 0 });
  });
});
