import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Fixture, makeFixture } from '../helpers/fixture.ts';
import { count, expectError, openDrawer, prods, qty } from './support.ts';

/** The remaining commands and queries: customers, catalogue, sale lookups, drawer movements. */
let f: Fixture;
let p: ReturnType<typeof prods>;
beforeAll(() => {
  f = makeFixture();
  p = prods(f);
});
afterAll(() => f.cleanup());

describe('customers', () => {
  it('customer.create journals the creation and customer.search finds by name, e-mail or phone', () => {
    const before = count(f, "SELECT count(*) AS n FROM journal WHERE type = 'customer.created'");
    const c = f.app.call(
      'customer.create',
      { name: '  Gabriel Côté ', email: 'gabriel@example.ca', phone: '450-555-0199' },
      f.clerk,
    );
    expect(c).toMatchObject({ name: 'Gabriel Côté', email: 'gabriel@example.ca', phone: '450-555-0199' });
    expect(count(f, "SELECT count(*) AS n FROM journal WHERE type = 'customer.created'")).toBe(before + 1);
    expect(f.app.call('customer.search', { q: 'côté' }, f.clerk).map((x) => x.id)).toEqual([c.id]);
    expect(f.app.call('customer.search', { q: 'gabriel@' }, f.clerk).map((x) => x.id)).toEqual([c.id]);
    expect(f.app.call('customer.search', { q: '555-0199' }, f.clerk).map((x) => x.id)).toEqual([c.id]);
    expectError(
      () => f.app.call('customer.create', { name: 'X', email: 'not-an-email' }, f.clerk),
      'VALIDATION',
      'email',
    );
    expectError(() => f.app.call('customer.create', { name: '   ' }, f.clerk), 'VALIDATION', 'name');
    // the new customer can be attached to a sale
    openDrawer(f);
    const s = f.app.call(
      'sale.checkout',
      {
        lines: [{ productId: p.bits, quantity: qty(1) }],
        customerId: c.id,
        tenders: [{ method: 'cash', tendered: 600 }],
      },
      f.clerk,
    ).sale;
    expect(s.customerName).toBe('Gabriel Côté');
    expect(f.app.call('sale.list', { q: 'Côté' }, f.clerk).map((x) => x.id)).toEqual([s.id]);
  });
});

describe('catalogue', () => {
  it('search by prefix, ignoring accents; by barcode or SKU; categories', () => {
    expect(f.app.call('catalogue.search', { q: 'meche' }, f.clerk).map((x) => x.id)).toEqual([p.bits]);
    expect(f.app.call('catalogue.search', { q: 'perc sans' }, f.clerk).map((x) => x.id)).toEqual([p.drill]);
    expect(f.app.call('catalogue.search', { q: '' }, f.clerk)).toHaveLength(4);
    // a one- or two-letter prefix is not ranked: its matches come sorted by name
    expect(f.app.call('catalogue.search', { q: 'bo' }, f.clerk).map((x) => x.name)).toEqual([
      'Mèches à bois (jeu)',
      'Vis à bois',
    ]);
    expect(f.app.call('catalogue.search', { q: '"*' }, f.clerk)).toHaveLength(4); // only punctuation
    expect(f.app.call('catalogue.byBarcode', { code: '060000000002' }, f.clerk)?.id).toBe(p.screw);
    expect(f.app.call('catalogue.byBarcode', { code: 'SKU-4' }, f.clerk)?.id).toBe(p.deposit);
    expect(f.app.call('catalogue.byBarcode', { code: 'nope' }, f.clerk)).toBeNull();
    const cats = f.app.call('catalogue.categories', {}, f.clerk);
    expect(cats.map((c) => c.name)).toEqual(['Outillage']);
    expect(
      f.app.call('catalogue.search', { q: '', categoryId: cats[0]!.id, limit: 2 }, f.clerk),
    ).toHaveLength(2);
  });
});

describe('sale lookups and drawer movements', () => {
  it('sale.get / sale.byReceipt / sale.list with filters; unknown sale → NOT_FOUND', () => {
    if (!f.app.call('drawer.current', {}, f.clerk)) openDrawer(f);
    const a = f.app.call(
      'sale.checkout',
      {
        lines: [{ productId: p.deposit, quantity: qty(1) }],
        tenders: [{ method: 'card', amount: 2500, reference: 'R' }],
      },
      f.clerk,
    ).sale;
    f.app.call('sale.cancel', { saleId: a.id, reason: 'duplicate' }, f.clerk);
    const t = f.app.call('sale.open', {}, f.clerk);
    expect(f.app.call('sale.get', { saleId: a.id }, f.clerk)).toMatchObject({
      id: a.id,
      status: 'cancelled',
    });
    expect(f.app.call('sale.byReceipt', { receiptNumber: a.receiptNumber! }, f.clerk)?.id).toBe(a.id);
    expect(f.app.call('sale.byReceipt', { receiptNumber: 999 }, f.clerk)).toBeNull();
    expectError(() => f.app.call('sale.get', { saleId: '01ARZ3NDEKTSV4RRFFQ69G5FAV' }, f.clerk), 'NOT_FOUND');
    const list = f.app.call('sale.list', {}, f.clerk);
    expect(list.map((x) => x.id)).toContain(a.id);
    expect(list.map((x) => x.id)).not.toContain(t.id); // open tickets are not listed by default
    expect(f.app.call('sale.list', { status: 'open' }, f.clerk).map((x) => x.id)).toEqual([t.id]);
    expect(f.app.call('sale.list', { status: 'cancelled' }, f.clerk).map((x) => x.id)).toEqual([a.id]);
    expect(f.app.call('sale.list', { q: String(a.receiptNumber) }, f.clerk).map((x) => x.id)).toEqual([a.id]);
    expect(f.app.call('sale.list', { from: '2026-11-27' }, f.clerk)).toEqual([]);
  });

  it('drawer.movements lists the open session for managers only', () => {
    if (!f.app.call('drawer.current', {}, f.clerk)) openDrawer(f);
    f.app.call('drawer.payIn', { amount: 500, reason: 'coins' }, f.clerk);
    const m = f.app.call('drawer.movements', {}, f.manager);
    expect(m[0]!.kind).toBe('float');
    expect(m.at(-1)).toMatchObject({
      kind: 'pay_in',
      amount: 500,
      reason: 'coins',
      userName: 'Camille Tremblay',
    });
    expectError(() => f.app.call('drawer.movements', {}, f.clerk), 'FORBIDDEN');
    f.app.call('drawer.close', { count: {} }, f.clerk);
    expect(f.app.call('drawer.movements', {}, f.manager)).toEqual([]);
  });

  it('every write above is on one verified chain', () => {
    const v = f.app.call('ledger.verify', {}, f.manager);
    expect(v).toMatchObject({ ok: true, firstBrokenSeq: null, reason: null });
    expect(v.entries).toBe(count(f, 'SELECT count(*) AS n FROM journal'));
    expectError(() => f.app.call('ledger.verify', {}, f.clerk), 'FORBIDDEN');
  });
});
