import { afterEach, describe, expect, it } from 'vitest';
import type { Sale } from '../../shared/api/types.ts';
import { parseEntry } from '../../shared/ledger/entries.ts';
import { type Fixture, makeFixture } from '../helpers/fixture.ts';
import { stateHash } from '../helpers/state-hash.ts';
import { approval, expectError, openDrawer, prods, qty, rows } from './support.ts';

/** sale.returnLines: some lines of a completed sale back, refunded in cash at the till. */
let f: Fixture;
afterEach(() => f?.cleanup());

function sale(method: 'cash' | 'card'): Sale {
  const p = prods(f);
  return f.app.call(
    'sale.checkout',
    {
      lines: [
        { productId: p.drill, quantity: qty(1) },
        { productId: p.bits, quantity: qty(3) },
      ],
      // 34.96 + GST 1.75 + QST 3.49 = 40.20 (40.20 in cash too)
      tenders:
        method === 'cash'
          ? [{ method: 'cash', tendered: 5000 }]
          : [{ method: 'card', amount: 4020, reference: 'A' }],
    },
    f.clerk,
  ).sale;
}

describe('sale.returnLines', () => {
  it('one command, one transaction, one journal entry that parses; the drawer pays the cash out', () => {
    f = makeFixture();
    openDrawer(f);
    const s = sale('cash');
    const bits = s.lines[1]!;
    const expectedBefore = f.app.call('report.x', {}, f.manager).expectedCash;
    const seqBefore = rows<{ n: number }>(f, 'SELECT max(seq) AS n FROM journal')[0]!.n;
    const out = f.app.call(
      'sale.returnLines',
      { saleId: s.id, lines: [{ lineId: bits.id, quantity: qty(1) }], customerConfirmed: true },
      f.clerk,
    );
    // 4.99 + 0.25 + 0.50 = 5.74 → 5.75
    expect(out.refundedAmount).toBe(575);
    expect(f.app.call('report.x', {}, f.manager).expectedCash).toBe(expectedBefore - 575);
    const entries = rows<{ seq: number; type: string; payload: string }>(
      f,
      'SELECT seq, type, payload FROM journal WHERE seq > ?',
      seqBefore,
    );
    expect(entries.map((e) => e.type)).toEqual(['sale.linesReturned']);
    const e = parseEntry('sale.linesReturned', JSON.parse(entries[0]!.payload));
    expect(e.ok).toBe(true);
    expect(JSON.parse(entries[0]!.payload)).toMatchObject({
      saleId: s.id,
      channel: 'cash',
      lines: [{ lineId: bits.id, quantity: 1000, amount: 499 }],
      taxes: [
        { code: 'QC-GST', base: 499, tax: 25 },
        { code: 'QC-QST', base: 499, tax: 50 },
      ],
      total: 574,
      amount: 575,
    });
  });

  it('bad input names the field and changes nothing', () => {
    f = makeFixture();
    openDrawer(f);
    const s = sale('cash');
    const [drill, bits] = s.lines as [Sale['lines'][0], Sale['lines'][0]];
    const before = stateHash(f.app.env.sqlite);
    const call = (lines: { lineId: string; quantity: number }[]) => () =>
      f.app.call('sale.returnLines', { saleId: s.id, lines, customerConfirmed: true }, f.clerk);
    expectError(call([{ lineId: bits.id, quantity: qty(4) }]), 'VALIDATION', 'lines.0.quantity');
    expectError(call([{ lineId: bits.id, quantity: 0 }]), 'VALIDATION', 'lines.0.quantity');
    expectError(
      call([
        { lineId: drill.id, quantity: qty(1) },
        { lineId: '01ARZ3NDEKTSV4RRFFQ69G5FAV', quantity: qty(1) },
      ]),
      'VALIDATION',
      'lines.1.lineId',
    );
    expectError(
      call([
        { lineId: bits.id, quantity: qty(1) },
        { lineId: bits.id, quantity: qty(1) },
      ]),
      'VALIDATION',
      'lines.1.lineId',
    );
    expectError(call([]), 'VALIDATION', 'lines');
    expectError(
      () =>
        f.app.call(
          'sale.returnLines',
          { saleId: s.id, lines: [{ lineId: bits.id, quantity: 1000 }] } as unknown as {
            saleId: string;
            lines: { lineId: string; quantity: number }[];
            customerConfirmed: true;
          },
          f.clerk,
        ),
      'VALIDATION',
      'customerConfirmed',
    );
    expect(stateHash(f.app.env.sqlite)).toBe(before);
  });

  it('a card sale returned in cash needs a manager, an open drawer, and an uncancelled sale', () => {
    f = makeFixture();
    openDrawer(f);
    const s = sale('card');
    const bits = s.lines[1]!;
    const input = {
      saleId: s.id,
      lines: [{ lineId: bits.id, quantity: qty(1) }],
      customerConfirmed: true as const,
    };
    const before = stateHash(f.app.env.sqlite);
    expectError(() => f.app.call('sale.returnLines', input, f.clerk), 'APPROVAL_REQUIRED');
    expect(stateHash(f.app.env.sqlite)).toBe(before);
    const out = f.app.call('sale.returnLines', { ...input, approval: approval(f) }, f.clerk);
    expect(out.status).toBe('completed');
    // a cancelled sale is refunded whole, not by line
    const other = sale('card');
    f.app.call('sale.cancel', { saleId: other.id, reason: 'defective' }, f.clerk);
    expectError(
      () =>
        f.app.call(
          'sale.returnLines',
          { ...input, saleId: other.id, lines: [{ lineId: other.lines[0]!.id, quantity: 1000 }] },
          f.manager,
        ),
      'INVALID_STATE',
    );
    f.app.call('drawer.close', { count: {} }, f.clerk);
    expectError(() => f.app.call('sale.returnLines', input, f.manager), 'DRAWER_CLOSED');
  });
});
