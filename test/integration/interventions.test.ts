import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Intervention } from '../../shared/api/types.ts';
import { parseEntry } from '../../shared/ledger/entries.ts';
import { type Fixture, makeFixture } from '../helpers/fixture.ts';
import { stateHash } from '../helpers/state-hash.ts';
import { expectError, openDrawer, prods, qty, rows, taxHalfUp } from './support.ts';

let f: Fixture;
beforeEach(() => {
  f = makeFixture(); // a Québec store: GST 5 % and QST 9.975 % on the pre-tax amount
});
afterEach(() => f.cleanup());

const GST = 50_000;
const QST = 99_750;
/** what a Québec document owes on a pre-tax subtotal, computed here, not by the app */
const qcTotal = (subtotal: number) => subtotal + taxHalfUp(subtotal, GST) + taxHalfUp(subtotal, QST);

const journal = (from = 0) =>
  rows<{ seq: number; type: string; payload: string }>(
    f,
    'SELECT seq, type, payload FROM journal WHERE seq > ? ORDER BY seq',
    from,
  );
const lastSeq = () => rows<{ s: number }>(f, 'SELECT max(seq) AS s FROM journal')[0]!.s;

function open(status: 'quote' | 'order' = 'quote'): Intervention {
  return f.app.call(
    'intervention.create',
    {
      customerId: f.customerId,
      description: 'Réparation perceuse',
      status,
      lines: [
        { description: 'Diagnostic et main-d’œuvre', quantity: qty(1.5), unitPrice: 6000 },
        { productId: prods(f).bits, quantity: qty(2) },
      ],
    },
    f.clerk,
  );
}

describe('interventions', () => {
  it('quote → order → done → closed: lines taxed like a sale, payments through order.recordPayment, the balance always given; one typed entry per change', () => {
    const seq0 = lastSeq();
    const q = open();
    // 1.5 h × 60.00 + 2 × 4.99 (the catalogue's name, price and tax category)
    const sub1 = 9000 + 2 * 499;
    expect(q).toMatchObject({
      status: 'quote',
      customerId: f.customerId,
      customerName: 'Julie Roy',
      description: 'Réparation perceuse',
      subtotal: sub1,
      taxTotal: taxHalfUp(sub1, GST) + taxHalfUp(sub1, QST),
      total: qcTotal(sub1),
      paid: 0,
      balance: qcTotal(sub1),
      currency: 'CAD',
    });
    expect(q.lines.map((l) => [l.description, l.quantity, l.unitPrice, l.amount, l.taxCategory])).toEqual([
      ['Diagnostic et main-d’œuvre', 1500, 6000, 9000, 'standard'],
      ['Mèches à bois (jeu)', 2000, 499, 998, 'standard'],
    ]);
    expect(q.taxes.map((t) => [t.code, t.base])).toEqual([
      ['QC-GST', sub1],
      ['QC-QST', sub1],
    ]);

    const accepted = f.app.call('intervention.setStatus', { interventionId: q.id, to: 'order' }, f.clerk);
    expect(accepted.status).toBe('order');
    const more = f.app.call(
      'intervention.addLines',
      {
        interventionId: q.id,
        lines: [{ description: 'Charbons moteur', quantity: qty(1), unitPrice: 1250 }],
      },
      f.clerk,
    );
    const sub2 = sub1 + 1250;
    expect(more).toMatchObject({ subtotal: sub2, total: qcTotal(sub2), balance: qcTotal(sub2) });
    expect(more.lines.map((l) => l.description)).toEqual([
      'Diagnostic et main-d’œuvre',
      'Mèches à bois (jeu)',
      'Charbons moteur',
    ]);

    // a deposit by card on the order: the balance drops by it
    const card = f.app.call(
      'order.recordPayment',
      { orderId: q.id, amount: 5000, method: 'card', reference: 'AUTH-771' },
      f.clerk,
    );
    expect(card).toMatchObject({ paid: 5000, balance: qcTotal(sub2) - 5000 });
    expect(f.app.call('intervention.get', { interventionId: q.id }, f.clerk)).toMatchObject({
      paid: 5000,
      balance: qcTotal(sub2) - 5000,
    });
    const done = f.app.call('intervention.setStatus', { interventionId: q.id, to: 'done' }, f.clerk);
    expect(done.status).toBe('done');

    // closing with a balance due is refused, nothing changed
    const before = stateHash(f.app.env.sqlite);
    const err = expectError(
      () => f.app.call('intervention.setStatus', { interventionId: q.id, to: 'closed' }, f.clerk),
      'INVALID_STATE',
    );
    expect(err.details).toMatchObject({ reason: 'balanceDue', balance: qcTotal(sub2) - 5000 });
    expect(stateHash(f.app.env.sqlite)).toBe(before);

    // the rest in cash through the drawer, then closed
    openDrawer(f);
    const rest = qcTotal(sub2) - 5000;
    const cash = f.app.call(
      'order.recordPayment',
      { orderId: q.id, amount: rest, method: 'cash', tendered: 20_000 },
      f.clerk,
    );
    expect(cash.balance).toBe(0);
    const closed = f.app.call('intervention.setStatus', { interventionId: q.id, to: 'closed' }, f.clerk);
    expect(closed).toMatchObject({ status: 'closed', paid: qcTotal(sub2), balance: 0 });
    expect(closed.payments.map((p) => [p.method, p.amount])).toEqual([
      ['card', 5000],
      ['cash', rest],
    ]);

    // every change one entry, typed by its schema, in order
    const entries = journal(seq0).filter((e) => !e.type.startsWith('drawer.'));
    expect(entries.map((e) => e.type)).toEqual([
      'intervention.created',
      'intervention.statusChanged',
      'intervention.linesAdded',
      'order.paymentRecorded',
      'intervention.statusChanged',
      'order.paymentRecorded',
      'intervention.statusChanged',
    ]);
    for (const e of entries) expect(parseEntry(e.type, e.payload).ok, e.type).toBe(true);
    const created = JSON.parse(entries[0]!.payload);
    expect(created).toMatchObject({ interventionId: q.id, status: 'quote', total: qcTotal(sub1) });
    expect(created.lines).toHaveLength(2);
    expect(
      entries.filter((e) => e.type === 'intervention.statusChanged').map((e) => JSON.parse(e.payload)),
    ).toEqual([
      { interventionId: q.id, from: 'quote', to: 'order', reason: null },
      { interventionId: q.id, from: 'order', to: 'done', reason: null },
      { interventionId: q.id, from: 'done', to: 'closed', reason: null },
    ]);
    expect(JSON.parse(entries[2]!.payload)).toMatchObject({ total: qcTotal(sub2) });

    // listed with its balance
    expect(f.app.call('intervention.list', { customerId: f.customerId }, f.clerk)).toEqual([
      expect.objectContaining({ id: q.id, status: 'closed', total: qcTotal(sub2), balance: 0 }),
    ]);
    expect(f.app.call('intervention.list', { open: true }, f.clerk)).toEqual([]);
  });

  it('a customer with an open intervention is not deleted: the refusal lists it; once closed or cancelled she can be', () => {
    const q = open();
    const before = stateHash(f.app.env.sqlite);
    const err = expectError(
      () => f.app.call('customer.delete', { customerIds: [f.customerId] }, f.clerk),
      'CONFLICT',
    );
    expect(err.details).toMatchObject({
      reason: 'documentsInProgress',
      refused: [
        {
          customerId: f.customerId,
          documents: [{ kind: 'intervention', id: q.id, number: q.number, status: 'quote' }],
        },
      ],
    });
    expect(stateHash(f.app.env.sqlite)).toBe(before);
    for (const to of ['order', 'done'] as const) {
      f.app.call('intervention.setStatus', { interventionId: q.id, to }, f.clerk);
      expect(
        f.app.call('customer.get', { customerId: f.customerId }, f.clerk).openDocuments.map((d) => d.status),
      ).toEqual([to]);
    }
    // a second one, cancelled: not in progress
    const other = open('order');
    f.app.call(
      'intervention.setStatus',
      { interventionId: other.id, to: 'cancelled', reason: 'devis refusé' },
      f.clerk,
    );
    expect(
      f.app.call('customer.get', { customerId: f.customerId }, f.clerk).openDocuments.map((d) => d.id),
    ).toEqual([q.id]);
    openDrawer(f);
    f.app.call(
      'order.recordPayment',
      { orderId: q.id, amount: q.total, method: 'cash', tendered: q.total + 5 },
      f.clerk,
    );
    f.app.call('intervention.setStatus', { interventionId: q.id, to: 'closed' }, f.clerk);
    expect(f.app.call('customer.delete', { customerIds: [f.customerId] }, f.clerk).deleted).toEqual([
      f.customerId,
    ]);
  });

  it('bad input: a typed error naming the field or the state, and the ledger unchanged', () => {
    const q = open();
    const unknown = '01ARZ3NDEKTSV4RRFFQ69G5FAV';
    const line = { description: 'Main-d’œuvre', quantity: qty(1), unitPrice: 6000 };
    const before = stateHash(f.app.env.sqlite);
    const create = (input: Record<string, unknown>) => () =>
      f.app.call(
        'intervention.create',
        { customerId: f.customerId, description: 'Réparation', lines: [line], ...input } as never,
        f.clerk,
      );
    expectError(create({ lines: [{ ...line, quantity: -1000 }] }), 'VALIDATION', 'lines.0.quantity');
    expectError(create({ lines: [{ ...line, unitPrice: -1 }] }), 'VALIDATION', 'lines.0.unitPrice');
    expectError(create({ customerId: unknown }), 'NOT_FOUND', 'customerId');
    expectError(create({ description: ' ' }), 'VALIDATION', 'description');
    expectError(
      create({ lines: [{ quantity: qty(1), unitPrice: 100 }] }),
      'VALIDATION',
      'lines.0.description',
    );
    expectError(
      create({ lines: [{ description: 'Pièce', quantity: qty(1) }] }),
      'VALIDATION',
      'lines.0.unitPrice',
    );
    expectError(
      create({ lines: [{ ...line, taxCategory: 'reduced' }] }),
      'VALIDATION',
      'lines.0.taxCategory',
    );
    expectError(
      create({ lines: [{ productId: unknown, quantity: qty(1) }] }),
      'NOT_FOUND',
      'lines.0.productId',
    );
    expectError(create({ status: 'done' }), 'VALIDATION', 'status');
    expectError(
      () =>
        f.app.call(
          'intervention.addLines',
          { interventionId: q.id, lines: [{ ...line, quantity: 0 }] },
          f.clerk,
        ),
      'VALIDATION',
      'lines.0.quantity',
    );
    expectError(
      () => f.app.call('intervention.addLines', { interventionId: unknown, lines: [line] }, f.clerk),
      'NOT_FOUND',
      'interventionId',
    );
    // a quote is not done before it is an order
    expectError(
      () => f.app.call('intervention.setStatus', { interventionId: q.id, to: 'done' }, f.clerk),
      'INVALID_STATE',
    );
    // a reservation is not an intervention
    expectError(
      () => f.app.call('intervention.get', { interventionId: unknown }, f.clerk),
      'NOT_FOUND',
      'interventionId',
    );
    expect(stateHash(f.app.env.sqlite)).toBe(before);

    // editing a closed intervention, paying or cancelling it: refused, nothing changed
    f.app.call('intervention.setStatus', { interventionId: q.id, to: 'order' }, f.clerk);
    f.app.call(
      'order.recordPayment',
      { orderId: q.id, amount: q.total, method: 'card', reference: 'AUTH-1' },
      f.clerk,
    );
    expectError(
      () => f.app.call('intervention.setStatus', { interventionId: q.id, to: 'cancelled' }, f.clerk),
      'INVALID_STATE',
    );
    f.app.call('intervention.setStatus', { interventionId: q.id, to: 'done' }, f.clerk);
    f.app.call('intervention.setStatus', { interventionId: q.id, to: 'closed' }, f.clerk);
    const closed = stateHash(f.app.env.sqlite);
    expectError(
      () => f.app.call('intervention.addLines', { interventionId: q.id, lines: [line] }, f.clerk),
      'INVALID_STATE',
    );
    expectError(
      () => f.app.call('intervention.setStatus', { interventionId: q.id, to: 'order' }, f.clerk),
      'INVALID_STATE',
    );
    expect(stateHash(f.app.env.sqlite)).toBe(closed);

    // a cancelled one takes no payment
    const c = open();
    f.app.call('intervention.setStatus', { interventionId: c.id, to: 'cancelled' }, f.clerk);
    const cancelled = stateHash(f.app.env.sqlite);
    expectError(
      () =>
        f.app.call(
          'order.recordPayment',
          { orderId: c.id, amount: 100, method: 'card', reference: 'A' },
          f.clerk,
        ),
      'INVALID_STATE',
    );
    expect(stateHash(f.app.env.sqlite)).toBe(cancelled);
  });
});
