import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { drizzleOf } from '../../db/drizzle.ts';
import { saleLines, sales } from '../../db/schema.ts';
import { type Fixture, makeFixture } from '../helpers/fixture.ts';

// The drizzle schema describes the same tables the services write with raw statements:
// a typed read through drizzle sees exactly what a command committed.
describe('drizzle schema over the ledger', () => {
  let f: Fixture;
  afterEach(() => f.cleanup());

  it('reads a committed sale with its lines through the typed query builder', () => {
    f = makeFixture();
    f.app.call('drawer.open', { float: { '2000': 5 } }, f.clerk);
    const { sale } = f.app.call(
      'sale.checkout',
      {
        lines: [{ productId: f.products[0]!.id, quantity: 2000 }],
        tenders: [{ method: 'cash', tendered: 5000 }],
      },
      f.clerk,
    );
    const db = drizzleOf(f.app.env.sqlite);
    const row = db.select().from(sales).where(eq(sales.id, sale.id)).get();
    expect(row).toMatchObject({
      receiptNumber: sale.receiptNumber,
      status: 'completed',
      total: sale.total,
      paid: sale.paid,
    });
    const lines = db.select().from(saleLines).where(eq(saleLines.saleId, sale.id)).all();
    expect(lines.map((l) => [l.quantity, l.amount])).toEqual([[2000, 3998]]);
  });
});
