import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CustomerDeleteReport } from '../../shared/api/types.ts';
import { CommandError } from '../../shared/errors.ts';
import { mapUrl } from '../../shared/external-links.ts';
import { parseEntry } from '../../shared/ledger/entries.ts';
import { type Fixture, makeFixture } from '../helpers/fixture.ts';
import { stateHash } from '../helpers/state-hash.ts';
import { expectError, prods, qty, rows } from './support.ts';

let f: Fixture;
beforeEach(() => {
  f = makeFixture();
});
afterEach(() => f.cleanup());

const create = (name: string, extra: Record<string, string> = {}) =>
  f.app.call('customer.create', { name, ...extra }, f.clerk);

const journal = () =>
  rows<{ type: string; payload: string }>(f, 'SELECT type, payload FROM journal ORDER BY seq');

describe('customer.create / update / get / search', () => {
  it('creates with an address, edits it, finds it by name, phone or city', () => {
    const c = create('Atelier Gagnon', {
      phone: '514-555-0199',
      address: '12 rue Sainte-Catherine',
      postalCode: 'H2X 1K4',
      city: 'Montréal',
    });
    expect(c).toMatchObject({ name: 'Atelier Gagnon', email: null, city: 'Montréal' });
    const u = f.app.call(
      'customer.update',
      { customerId: c.id, email: 'contact@gagnon.example', phone: null, notes: 'paie par chèque' },
      f.clerk,
    );
    expect(u).toMatchObject({ email: 'contact@gagnon.example', phone: null, notes: 'paie par chèque' });
    expect(f.app.call('customer.search', { q: 'Montr' }, f.clerk).map((x) => x.id)).toEqual([c.id]);
    expect(f.app.call('customer.search', { q: 'gagnon.ex' }, f.clerk).map((x) => x.id)).toEqual([c.id]);
    expect(f.app.call('customer.get', { customerId: c.id }, f.clerk)).toMatchObject({
      id: c.id,
      openDocuments: [],
    });
    expect(mapUrl(u)).toBe(
      'https://www.openstreetmap.org/search?query=12%20rue%20Sainte-Catherine%2C%20H2X%201K4%2C%20Montr%C3%A9al',
    );
    expect(mapUrl({ address: ' ', postalCode: 'H2X', city: 'Montréal' })).toBeNull();
  });

  it('journals ids and field names, never a name, phone, address or e-mail', () => {
    const c = create('Atelier Gagnon', { phone: '514-555-0199', address: '12 rue Sainte-Catherine' });
    f.app.call('customer.update', { customerId: c.id, name: 'Atelier Gagnon inc.', city: 'Laval' }, f.clerk);
    const entries = journal().filter((e) => e.type.startsWith('customer.'));
    expect(entries.map((e) => [e.type, JSON.parse(e.payload)])).toEqual([
      ['customer.created', { customerId: c.id }],
      ['customer.updated', { customerId: c.id, fields: ['name', 'city'] }],
    ]);
    for (const e of entries) {
      expect(parseEntry(e.type, e.payload).ok).toBe(true);
      expect(e.payload).not.toMatch(/Gagnon|555|Sainte|Laval/);
    }
  });

  it('bad input: a typed error naming the field, nothing changed', () => {
    const c = create('Atelier Gagnon');
    const before = stateHash(f.app.env.sqlite);
    expectError(() => f.app.call('customer.create', { name: '  ' }, f.clerk), 'VALIDATION', 'name');
    expectError(
      () => f.app.call('customer.update', { customerId: c.id, email: 'not-an-email' }, f.clerk),
      'VALIDATION',
      'email',
    );
    expectError(
      () => f.app.call('customer.update', { customerId: c.id, name: 'Atelier Gagnon' }, f.clerk),
      'VALIDATION',
    );
    expectError(
      () => f.app.call('customer.update', { customerId: '01ARZ3NDEKTSV4RRFFQ69G5FAV', city: 'X' }, f.clerk),
      'NOT_FOUND',
    );
    expectError(
      () => f.app.call('customer.delete', { customerIds: [] }, f.clerk),
      'VALIDATION',
      'customerIds',
    );
    expectError(
      () => f.app.call('customer.delete', { customerIds: [c.id, '01ARZ3NDEKTSV4RRFFQ69G5FAV'] }, f.clerk),
      'NOT_FOUND',
      'customerIds.1',
    );
    expect(stateHash(f.app.env.sqlite)).toBe(before);
  });
});

describe('customer.delete', () => {
  /** the fixture's customer gets an open ticket and an unpaid order */
  function busy() {
    const { drill } = prods(f);
    const sale = f.app.call('sale.open', { customerId: f.customerId }, f.clerk);
    f.app.call('sale.addLine', { saleId: sale.id, productId: drill, quantity: qty(1) }, f.clerk);
    const order = f.app.call(
      'order.create',
      { customerId: f.customerId, description: 'Location bétonnière', total: 15_000 },
      f.clerk,
    );
    return { sale, order };
  }

  it('refuses a customer with documents in progress, naming them; nothing changed', () => {
    const { sale, order } = busy();
    const before = stateHash(f.app.env.sqlite);
    const err = expectError(
      () => f.app.call('customer.delete', { customerIds: [f.customerId] }, f.clerk),
      'CONFLICT',
    );
    expect(err.details).toEqual({
      reason: 'documentsInProgress',
      refused: [
        {
          customerId: f.customerId,
          name: 'Julie Roy',
          documents: [
            { kind: 'sale', id: sale.id, number: sale.id, status: 'open' },
            { kind: 'order', id: order.id, number: order.number, status: 'unpaid' },
          ],
        },
      ],
    });
    expect(err.message).toContain(order.number);
    expect(stateHash(f.app.env.sqlite)).toBe(before);
    expect(f.app.call('customer.get', { customerId: f.customerId }, f.clerk).openDocuments).toHaveLength(2);
  });

  it('multi-delete deletes the free customers, erases their data, reports the refused one', () => {
    const { order } = busy();
    const a = create('Atelier Gagnon', { phone: '514-555-0199', address: '12 rue Sainte-Catherine' });
    const b = create('Bernard Lavoie', { email: 'b@lavoie.example' });
    const r: CustomerDeleteReport = f.app.call(
      'customer.delete',
      { customerIds: [a.id, f.customerId, b.id] },
      f.clerk,
    );
    expect(r.deleted).toEqual([a.id, b.id]);
    expect(r.refused.map((x) => [x.customerId, x.documents.map((d) => d.number)])).toEqual([
      [f.customerId, [expect.any(String), order.number]],
    ]);
    // personal data erased, the ids stay for the documents; the journal names ids only
    expect(
      rows(
        f,
        'SELECT name, email, phone, address, deleted_at IS NOT NULL AS gone FROM customers WHERE id IN (?, ?)',
        a.id,
        b.id,
      ),
    ).toEqual([
      { name: '', email: null, phone: null, address: null, gone: 1 },
      { name: '', email: null, phone: null, address: null, gone: 1 },
    ]);
    const last = journal().at(-1)!;
    expect([last.type, JSON.parse(last.payload)]).toEqual([
      'customer.deleted',
      { customerIds: [a.id, b.id] },
    ]);
    expect(f.app.call('customer.search', { q: '' }, f.clerk).map((c) => c.name)).toEqual(['Julie Roy']);
    // a deleted customer takes no new document and cannot be read or deleted again
    expectError(() => f.app.call('sale.open', { customerId: a.id }, f.clerk), 'NOT_FOUND', 'customerId');
    expectError(() => f.app.call('customer.get', { customerId: a.id }, f.clerk), 'NOT_FOUND');
    expect(() => f.app.call('customer.delete', { customerIds: [a.id] }, f.clerk)).toThrow(CommandError);
  });

  it('a customer whose documents are closed (ticket completed, order paid) can be deleted', () => {
    const order = f.app.call(
      'order.create',
      { customerId: f.customerId, description: 'Location', total: 5_000 },
      f.clerk,
    );
    f.app.call(
      'order.recordPayment',
      { orderId: order.id, amount: 5_000, method: 'card', reference: 'A1' },
      f.clerk,
    );
    expect(f.app.call('customer.delete', { customerIds: [f.customerId] }, f.clerk).deleted).toEqual([
      f.customerId,
    ]);
    // the paid order still names the customer's id
    expect(f.app.call('order.get', { orderId: order.id }, f.clerk).customerId).toBe(f.customerId);
  });
});
