import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SaleSummary } from '../../shared/api/types.ts';
import { type Fixture, makeFixture } from '../helpers/fixture.ts';
import { expectError, openDrawer, prods, qty, rows } from './support.ts';

/**
 * sale.list pages by cursor (the last sale of the previous page) in a stable order, so the
 * history reaches every sale of a year, 500 at a time, while the till keeps selling.
 */
let f: Fixture;
let p: ReturnType<typeof prods>;
const SALES = 1_203;

let thibault: string;

function sell(customerId?: string): string {
  return f.app.call(
    'sale.checkout',
    {
      lines: [{ productId: p.screw, quantity: qty(1) }],
      tenders: [{ method: 'cash', tendered: 100 }],
      ...(customerId ? { customerId } : {}),
    },
    f.clerk,
  ).sale.id;
}

/** Every page from the newest, `limit` at a time; `between` runs after each page. */
function walk(limit: number, filters: { q?: string } = {}, between?: (page: number) => void): SaleSummary[] {
  const out: SaleSummary[] = [];
  let after: string | undefined;
  for (let page = 0; page < 100; page++) {
    const rowsOfPage = f.app.call('sale.list', { ...filters, limit, ...(after ? { after } : {}) }, f.clerk);
    out.push(...rowsOfPage);
    if (rowsOfPage.length < limit) return out;
    after = rowsOfPage.at(-1)!.id;
    between?.(page);
  }
  throw new Error('more than 100 pages');
}

beforeAll(() => {
  f = makeFixture();
  p = prods(f);
  openDrawer(f);
  thibault = f.app.call('customer.create', { name: 'Réjean Thibault' }, f.clerk).id;
  // three sales per second of the till's clock: many share their completion time, so the
  // order must break ties (by id) for a cursor to be exact
  for (let i = 0; i < SALES; i++) {
    sell(i % 10 === 0 ? thibault : undefined);
    if (i % 3 === 2) f.clock.advance(1_000);
  }
});
afterAll(() => f.cleanup());

describe('sale.list by cursor', () => {
  it("a page reads the index in the list's order, no sort of every sale (a year is 100,000 of them)", () => {
    const last = f.app.call('sale.list', { limit: 1 }, f.clerk)[0]!.id;
    const plans: string[] = [];
    const db = f.app.env.sqlite;
    const prepare = db.prepare.bind(db);
    db.prepare = ((sqlText: string) => {
      if (sqlText.includes('FROM sales s JOIN users u')) {
        plans.push(
          (
            prepare(`EXPLAIN QUERY PLAN ${sqlText}`).all(
              ...sqlText
                .split('?')
                .slice(1)
                .map(() => 'x'),
            ) as {
              detail: string;
            }[]
          )
            .map((r) => r.detail)
            .join(' | '),
        );
      }
      return prepare(sqlText);
    }) as typeof db.prepare;
    try {
      // the first cursor query of this ledger: a statement the cache has not compiled yet
      f.app.call('sale.list', { limit: 500, after: last }, f.clerk);
    } finally {
      db.prepare = prepare;
    }
    expect(plans).toHaveLength(1);
    expect(plans[0]).toContain('USING INDEX sales_listed');
    expect(plans[0]).not.toContain('TEMP B-TREE');
  });

  it(`${SALES} sales in pages of 500: every sale once, newest first, the oldest reachable`, () => {
    const all = walk(500);
    const expected = rows<{ id: string }>(
      f,
      "SELECT id FROM sales WHERE status = 'completed' ORDER BY completed_at DESC, id DESC",
    ).map((r) => r.id);
    expect(expected).toHaveLength(SALES);
    expect(all.map((s) => s.id)).toEqual(expected);
    expect(new Set(all.map((s) => s.id)).size).toBe(SALES);
    expect(all.at(-1)!.receiptNumber).toBe(1);
  });

  it('sales made and a sale cancelled while the clerk scrolls: no sale skipped or repeated', () => {
    const before = rows<{ id: string }>(
      f,
      "SELECT id FROM sales WHERE status <> 'open' AND status <> 'voided' ORDER BY completed_at DESC, id DESC",
    ).map((r) => r.id);
    const made: string[] = [];
    const seen = walk(250, {}, (page) => {
      made.push(sell());
      if (page === 1) f.app.call('sale.cancel', { saleId: before[600]!, reason: 'duplicate' }, f.clerk);
    });
    // the newer sales are above the first page (a refresh shows them), never inside the walk
    expect(seen.map((s) => s.id)).toEqual(before);
    expect(seen.find((s) => s.id === before[600])?.status).toBe('cancelled');
    expect(made.some((id) => seen.some((s) => s.id === id))).toBe(false);
  });

  it("the cursor keeps the filters: a customer's sales, 7 at a time, are the same as in one page", () => {
    const his = rows<{ id: string }>(
      f,
      "SELECT id FROM sales WHERE customer_id = ? AND status <> 'open' ORDER BY completed_at DESC, id DESC",
      thibault,
    ).map((r) => r.id);
    expect(his.length).toBeGreaterThan(100);
    expect(walk(7, { q: 'Thibault' }).map((s) => s.id)).toEqual(his);
  });

  it('an unknown cursor is VALIDATION on `after` and lists nothing', () => {
    expectError(
      () => f.app.call('sale.list', { after: '01ARZ3NDEKTSV4RRFFQ69G5FAV', limit: 10 }, f.clerk),
      'NOT_FOUND',
      'after',
    );
  });
});
