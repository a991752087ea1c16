import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseEntry } from '../../shared/ledger/entries.ts';
import { type Fixture, makeFixture } from '../helpers/fixture.ts';
import { stateHash } from '../helpers/state-hash.ts';
import { expectError, openDrawer, prods, qty, rows } from './support.ts';

let f: Fixture;
let p: ReturnType<typeof prods>;
beforeEach(() => {
  f = makeFixture();
  p = prods(f);
});
afterEach(() => f.cleanup());

const journal = () =>
  rows<{ seq: number; type: string; payload: string }>(
    f,
    'SELECT seq, type, payload FROM journal ORDER BY seq',
  );

describe('tickets on hold: park, list, recall', () => {
  it('park → one journal entry with the lines; the list shows it; recall → one entry, the cart comes back', () => {
    openDrawer(f);
    const before = journal().length;
    const parked = f.app.call(
      'ticket.park',
      {
        lines: [
          { productId: p.drill, quantity: qty(1) },
          { productId: p.screw, quantity: qty(3), discount: { kind: 'percent', basisPoints: 1000 } },
        ],
        customerId: f.customerId,
        label: 'revient avec la scie',
      },
      f.clerk,
    );
    // 19.99 + 0.30 − 10 % (0.03) = 20.26 + GST 1.01 + QST 2.02 = 23.29
    expect(parked).toMatchObject({
      label: 'revient avec la scie',
      customerName: 'Julie Roy',
      lineCount: 2,
      total: 2329,
      parkedBy: 'Camille Tremblay',
    });
    const added = journal().slice(before);
    expect(added.map((e) => e.type)).toEqual(['ticket.parked']);
    const entry = parseEntry('ticket.parked', JSON.parse(added[0]!.payload));
    expect(entry.ok).toBe(true);
    expect(JSON.parse(added[0]!.payload)).toMatchObject({
      ticketId: parked.id,
      customerId: f.customerId,
      lines: [
        { productId: p.drill, quantity: 1000, unitPrice: null, discount: null },
        {
          productId: p.screw,
          quantity: 3000,
          unitPrice: null,
          discount: { kind: 'percent', basisPoints: 1000 },
        },
      ],
      total: 2329,
    });
    expect(f.app.call('ticket.parked', {}, f.clerk).map((t) => t.id)).toEqual([parked.id]);

    const back = f.app.call('ticket.recall', { ticketId: parked.id }, f.clerk);
    expect(back.products.map((x) => x.id)).toEqual([p.drill, p.screw]);
    expect(back.ticket.lines).toEqual(parked.lines);
    expect(back.customer?.name).toBe('Julie Roy');
    expect(back.missing).toEqual([]);
    expect(
      journal()
        .slice(before)
        .map((e) => e.type),
    ).toEqual(['ticket.parked', 'ticket.recalled']);
    // it left the list, and cannot be recalled twice
    expect(f.app.call('ticket.parked', {}, f.clerk)).toEqual([]);
    const h = stateHash(f.app.env.sqlite);
    expectError(() => f.app.call('ticket.recall', { ticketId: parked.id }, f.clerk), 'INVALID_STATE');
    expect(stateHash(f.app.env.sqlite)).toBe(h);
  });

  it('the list is oldest first (the customer who waited longest)', () => {
    const a = f.app.call('ticket.park', { lines: [{ productId: p.drill, quantity: qty(1) }] }, f.clerk);
    f.clock.advance(60_000);
    const b = f.app.call('ticket.park', { lines: [{ productId: p.bits, quantity: qty(2) }] }, f.manager);
    expect(f.app.call('ticket.parked', {}, f.clerk).map((t) => [t.id, t.parkedBy])).toEqual([
      [a.id, 'Camille Tremblay'],
      [b.id, 'Martin Gagnon'],
    ]);
  });

  it('bad input is refused with the field named, nothing written', () => {
    const h = stateHash(f.app.env.sqlite);
    expectError(() => f.app.call('ticket.park', { lines: [] }, f.clerk), 'VALIDATION', 'lines');
    expectError(
      () =>
        f.app.call(
          'ticket.park',
          {
            lines: [
              { productId: p.drill, quantity: qty(1) },
              { productId: '01ARZ3NDEKTSV4RRFFQ69G5FAV', quantity: qty(1) },
            ],
          },
          f.clerk,
        ),
      'NOT_FOUND',
      'lines.1.productId',
    );
    expectError(
      () =>
        f.app.call(
          'ticket.park',
          { lines: [{ productId: p.drill, quantity: qty(1) }], customerId: '01ARZ3NDEKTSV4RRFFQ69G5FAV' },
          f.clerk,
        ),
      'NOT_FOUND',
      'customerId',
    );
    expectError(
      () => f.app.call('ticket.recall', { ticketId: '01ARZ3NDEKTSV4RRFFQ69G5FAV' }, f.clerk),
      'NOT_FOUND',
    );
    expect(stateHash(f.app.env.sqlite)).toBe(h);
  });

  it('a product retired while the ticket waited is named as missing, the others come back', () => {
    const t = f.app.call(
      'ticket.park',
      {
        lines: [
          { productId: p.drill, quantity: qty(1) },
          { productId: p.bits, quantity: qty(1) },
        ],
      },
      f.clerk,
    );
    f.app.env.sqlite.prepare('UPDATE products SET active = 0 WHERE id = ?').run(p.bits);
    const back = f.app.call('ticket.recall', { ticketId: t.id }, f.clerk);
    expect(back.products.map((x) => x.id)).toEqual([p.drill]);
    expect(back.missing).toEqual([p.bits]);
  });
});

describe('quick keys: a manager sets the grid, the counter reads it', () => {
  it('set → one journal entry, list in order; a clerk may read but not set', () => {
    expect(f.app.call('quickKeys.list', {}, f.clerk)).toEqual([]);
    const before = journal().length;
    const set = f.app.call('quickKeys.set', { productIds: [p.screw, p.drill] }, f.manager);
    expect(set.map((x) => x.id)).toEqual([p.screw, p.drill]);
    const added = journal().slice(before);
    expect(added.map((e) => [e.type, JSON.parse(e.payload)])).toEqual([
      ['quickKeys.set', { productIds: [p.screw, p.drill] }],
    ]);
    expect(f.app.call('quickKeys.list', {}, f.clerk).map((x) => x.name)).toEqual([
      'Vis à bois',
      'Perceuse sans fil',
    ]);
    const h = stateHash(f.app.env.sqlite);
    expectError(() => f.app.call('quickKeys.set', { productIds: [p.bits] }, f.clerk), 'FORBIDDEN');
    expect(stateHash(f.app.env.sqlite)).toBe(h);
  });

  it('an unknown, retired or repeated product is refused, naming its place; nothing written', () => {
    f.app.call('quickKeys.set', { productIds: [p.drill] }, f.manager);
    const h = stateHash(f.app.env.sqlite);
    expectError(
      () => f.app.call('quickKeys.set', { productIds: [p.drill, p.drill] }, f.manager),
      'VALIDATION',
      'productIds.1',
    );
    expectError(
      () => f.app.call('quickKeys.set', { productIds: [p.bits, '01ARZ3NDEKTSV4RRFFQ69G5FAV'] }, f.manager),
      'NOT_FOUND',
      'productIds.1',
    );
    expectError(
      () => f.app.call('quickKeys.set', { productIds: Array.from({ length: 25 }, () => p.drill) }, f.manager),
      'VALIDATION',
      'productIds',
    );
    expect(stateHash(f.app.env.sqlite)).toBe(h);
    // a product retired later drops out of the grid
    f.app.env.sqlite.prepare('UPDATE products SET active = 0 WHERE id = ?').run(p.drill);
    expect(f.app.call('quickKeys.list', {}, f.clerk)).toEqual([]);
  });
});
