import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Invoice } from '../../shared/api/types.ts';
import { parseEntry } from '../../shared/ledger/entries.ts';
import { type Fixture, makeFixture } from '../helpers/fixture.ts';
import { addRentalItem, est } from '../helpers/rental.ts';
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
const lastSeq = (g = f) => rows<{ s: number }>(g, 'SELECT max(seq) AS s FROM journal')[0]!.s;
const entries = (from: number, g = f) =>
  rows<{ type: string; payload: string; actor: string }>(
    g,
    'SELECT type, payload, actor FROM journal WHERE seq > ? ORDER BY seq',
    from,
  ).map((e) => {
    const p = parseEntry(e.type, JSON.parse(e.payload));
    if (!p.ok) throw new Error(`${e.type} does not parse: ${JSON.stringify(p.issues)}`);
    return { ...e, parsed: p.payload as Record<string, unknown> };
  });

function draft(g = f, lines?: unknown[]): Invoice {
  return g.app.call(
    'invoice.create',
    {
      customerId: g.customerId,
      lines: (lines as never) ?? [
        { description: 'Forfait nettoyage bétonnière', quantity: qty(1), unitPrice: 4500 },
        { productId: prods(g).bits, quantity: qty(2), discount: { kind: 'percent', basisPoints: 1000 } },
      ],
      notes: 'Paiement à 30 jours',
    },
    g.clerk,
  );
}

describe('invoices', () => {
  it('draft → edited → issued (numbered) → partly paid → Paid: lines priced and taxed like a sale, one typed entry per command', () => {
    const seq0 = lastSeq();
    const d = draft();
    // 45.00 + 2 × 4.99 − 10 % (0.998 → 1.00 half up) = 45.00 + 8.98
    const sub = 4500 + 998 - 100;
    expect(d).toMatchObject({
      kind: 'invoice',
      status: 'draft',
      number: null,
      customerName: 'Julie Roy',
      source: 'customer',
      subtotal: sub,
      taxTotal: taxHalfUp(sub, GST) + taxHalfUp(sub, QST),
      total: qcTotal(sub),
      balance: qcTotal(sub),
      currency: 'CAD',
    });
    expect(d.lines.map((l) => [l.description, l.quantity, l.unitPrice, l.discountAmount, l.amount])).toEqual([
      ['Forfait nettoyage bétonnière', 1000, 4500, 0, 4500],
      ['Mèches à bois (jeu)', 2000, 499, 100, 898],
    ]);
    expect(d.taxes.map((t) => [t.code, t.base])).toEqual([
      ['QC-GST', sub],
      ['QC-QST', sub],
    ]);
    const edited = f.app.call(
      'invoice.update',
      {
        invoiceId: d.id,
        lines: [{ description: 'Forfait nettoyage bétonnière', quantity: qty(2), unitPrice: 4500 }],
      },
      f.clerk,
    );
    expect(edited).toMatchObject({ subtotal: 9000, total: qcTotal(9000), notes: 'Paiement à 30 jours' });
    const issued = f.app.call('invoice.issue', { invoiceId: d.id }, f.clerk);
    expect(issued.status).toBe('issued');
    expect(issued.number).toMatch(/^FA-CAISSE1-[0-9A-Z]{4}-000001$/);
    expect(issued.issuedAt).toBe(f.clock.now.toISOString());

    const part = f.app.call(
      'invoice.recordPayment',
      { invoiceId: d.id, amount: 5000, method: 'transfer', reference: 'VIR-778' },
      f.clerk,
    );
    expect(part).toMatchObject({ status: 'issued', paid: 5000, balance: qcTotal(9000) - 5000 });
    const paid = f.app.call(
      'invoice.recordPayment',
      { invoiceId: d.id, amount: qcTotal(9000) - 5000, method: 'cheque' },
      f.clerk,
    );
    expect(paid).toMatchObject({ status: 'paid', balance: 0 });
    expect(paid.payments.map((p) => [p.amount, p.method, p.clerkId])).toEqual([
      [5000, 'transfer', f.clerkId],
      [qcTotal(9000) - 5000, 'cheque', f.clerkId],
    ]);
    const es = entries(seq0);
    expect(es.map((e) => e.type)).toEqual([
      'invoice.created',
      'invoice.updated',
      'invoice.issued',
      'invoice.paymentRecorded',
      'invoice.paymentRecorded',
    ]);
    expect(es[2]!.parsed).toMatchObject({ number: issued.number, seqInSeries: 1, total: qcTotal(9000) });
    expect(es[4]!.parsed).toMatchObject({ balance: 0, status: 'paid' });
    expect(f.app.call('invoice.get', { invoiceId: d.id }, f.clerk)).toEqual(paid);
    expect(f.app.call('invoice.list', { status: 'paid' }, f.clerk).map((i) => i.number)).toEqual([
      issued.number,
    ]);
  });

  it('a draft is deleted; an issued invoice is never edited, deleted or re-issued: typed errors, state unchanged', () => {
    const gone = draft();
    f.app.call('invoice.delete', { invoiceId: gone.id }, f.clerk);
    expect(rows(f, 'SELECT id FROM invoices WHERE id = ?', gone.id)).toEqual([]);
    expect(rows(f, 'SELECT id FROM invoice_lines WHERE invoice_id = ?', gone.id)).toEqual([]);
    const d = draft();
    f.app.call('invoice.issue', { invoiceId: d.id }, f.clerk);
    const before = stateHash(f.app.env.sqlite);
    const e1 = expectError(
      () => f.app.call('invoice.update', { invoiceId: d.id, notes: 'changé' }, f.clerk),
      'INVALID_STATE',
    );
    expect(e1.details).toMatchObject({ status: 'issued', reason: 'issued' });
    expectError(() => f.app.call('invoice.delete', { invoiceId: d.id }, f.clerk), 'INVALID_STATE');
    expectError(() => f.app.call('invoice.issue', { invoiceId: d.id }, f.clerk), 'INVALID_STATE');
    expect(stateHash(f.app.env.sqlite)).toBe(before);
  });

  it('bad input: unknown customer, a negative total, a draft paid, overpaid, a clerk setting a status: typed errors, state unchanged', () => {
    const d = draft();
    const before = stateHash(f.app.env.sqlite);
    expectError(
      () => f.app.call('invoice.create', { customerId: '01JZZZZZZZZZZZZZZZZZZZZZZZ', lines: [] }, f.clerk),
      'NOT_FOUND',
      'customerId',
    );
    expectError(
      () =>
        f.app.call(
          'invoice.create',
          {
            customerId: f.customerId,
            lines: [
              { description: 'Location', quantity: qty(1), unitPrice: 2000 },
              { description: 'Caution déduite', quantity: qty(1), unitPrice: -5000 },
            ],
          },
          f.clerk,
        ),
      'VALIDATION',
      'lines',
    );
    expectError(
      () =>
        f.app.call(
          'invoice.update',
          { invoiceId: d.id, lines: [{ description: 'Avoir déguisé', quantity: qty(1), unitPrice: -100 }] },
          f.clerk,
        ),
      'VALIDATION',
      'lines',
    );
    expectError(
      () => f.app.call('invoice.recordPayment', { invoiceId: d.id, amount: 100, method: 'card' }, f.clerk),
      'INVALID_STATE',
    );
    expectError(
      () =>
        f.app.call(
          'invoice.setStatus',
          { invoiceId: d.id, to: 'sent', reason: 'envoyée à la main' },
          f.manager,
        ),
      'INVALID_STATE',
    );
    expect(stateHash(f.app.env.sqlite)).toBe(before);
    f.app.call('invoice.issue', { invoiceId: d.id }, f.clerk);
    const issuedHash = stateHash(f.app.env.sqlite);
    expectError(
      () =>
        f.app.call(
          'invoice.recordPayment',
          { invoiceId: d.id, amount: d.total + 1, method: 'card' },
          f.clerk,
        ),
      'VALIDATION',
      'amount',
    );
    expectError(
      () => f.app.call('invoice.setStatus', { invoiceId: d.id, to: 'sent', reason: 'x' }, f.clerk),
      'FORBIDDEN',
    );
    expect(stateHash(f.app.env.sqlite)).toBe(issuedHash);
  });

  it('a manager sets the status by hand: journaled with who and why; refunded is final', () => {
    const d = draft();
    f.app.call('invoice.issue', { invoiceId: d.id }, f.clerk);
    const seq0 = lastSeq();
    const sent = f.app.call(
      'invoice.setStatus',
      { invoiceId: d.id, to: 'sent', reason: 'remise en main propre' },
      f.manager,
    );
    expect(sent.status).toBe('sent');
    const exported = f.app.call(
      'invoice.setStatus',
      { invoiceId: d.id, to: 'exported', reason: 'saisie dans le logiciel comptable' },
      f.manager,
    );
    expect(exported.status).toBe('exported');
    f.app.call(
      'invoice.setStatus',
      { invoiceId: d.id, to: 'refunded', reason: 'remboursée par virement' },
      f.manager,
    );
    const es = entries(seq0);
    expect(es.map((e) => [e.type, e.actor, e.parsed])).toEqual([
      [
        'invoice.statusChanged',
        f.managerId,
        { invoiceId: d.id, from: 'issued', to: 'sent', manual: true, reason: 'remise en main propre' },
      ],
      [
        'invoice.statusChanged',
        f.managerId,
        {
          invoiceId: d.id,
          from: 'sent',
          to: 'exported',
          manual: true,
          reason: 'saisie dans le logiciel comptable',
        },
      ],
      [
        'invoice.statusChanged',
        f.managerId,
        {
          invoiceId: d.id,
          from: 'exported',
          to: 'refunded',
          manual: true,
          reason: 'remboursée par virement',
        },
      ],
    ]);
    const before = stateHash(f.app.env.sqlite);
    expectError(
      () => f.app.call('invoice.setStatus', { invoiceId: d.id, to: 'paid', reason: 'erreur' }, f.manager),
      'INVALID_STATE',
    );
    expect(stateHash(f.app.env.sqlite)).toBe(before);
  });

  it('credit notes: numbered in their own series, reference the invoice, never credit more than was invoiced; the balance follows', () => {
    const d = draft();
    const inv = f.app.call('invoice.issue', { invoiceId: d.id }, f.clerk);
    const bitsLine = inv.lines[1]!;
    const c1 = f.app.call(
      'invoice.credit',
      { invoiceId: inv.id, lines: [{ lineId: bitsLine.id, quantity: qty(1) }], reason: 'une mèche rendue' },
      f.manager,
    );
    // 1 × 4.99 − 10 % (0.499 → 0.50) = 4.49, taxed the same way
    expect(c1).toMatchObject({
      kind: 'credit',
      status: 'issued',
      creditOf: { id: inv.id, number: inv.number },
      subtotal: 449,
      total: qcTotal(449),
      notes: 'une mèche rendue',
    });
    expect(c1.number).toMatch(/^AV-CAISSE1-[0-9A-Z]{4}-000001$/);
    const after1 = f.app.call('invoice.get', { invoiceId: inv.id }, f.clerk);
    expect(after1).toMatchObject({ credited: qcTotal(449), balance: inv.total - qcTotal(449) });
    expect(after1.lines).toEqual(inv.lines); // the invoice itself is untouched
    expect(after1.credits).toEqual([{ id: c1.id, number: c1.number, total: c1.total }]);

    const other = draft();
    const before = stateHash(f.app.env.sqlite);
    const tooMany = expectError(
      () =>
        f.app.call(
          'invoice.credit',
          { invoiceId: inv.id, lines: [{ lineId: bitsLine.id, quantity: qty(2) }], reason: 'deux de plus' },
          f.manager,
        ),
      'VALIDATION',
      'lines.0.quantity',
    );
    expect(tooMany.fields?.[0]).toMatchObject({ code: 'creditTooMany', params: { left: 1000 } });
    expectError(
      () =>
        f.app.call(
          'invoice.credit',
          {
            invoiceId: inv.id,
            lines: [{ lineId: other.lines[0]!.id, quantity: qty(1) }],
            reason: 'autre facture',
          },
          f.manager,
        ),
      'VALIDATION',
      'lines.0.lineId',
    );
    expectError(
      () => f.app.call('invoice.credit', { invoiceId: c1.id, reason: 'un avoir d’avoir' }, f.manager),
      'INVALID_STATE',
    );
    expectError(
      () => f.app.call('invoice.credit', { invoiceId: other.id, reason: 'brouillon' }, f.manager),
      'INVALID_STATE',
    );
    expectError(
      () => f.app.call('invoice.update', { invoiceId: c1.id, notes: 'modifié' }, f.manager),
      'INVALID_STATE',
    );
    expect(stateHash(f.app.env.sqlite)).toBe(before);

    // the rest: everything left; credits sum to exactly what was invoiced, balance 0
    const c2 = f.app.call('invoice.credit', { invoiceId: inv.id, reason: 'annulation' }, f.manager);
    expect(c2.number).toMatch(/-000002$/);
    const final = f.app.call('invoice.get', { invoiceId: inv.id }, f.clerk);
    expect(c1.total + c2.total).toBe(inv.total);
    expect(final).toMatchObject({ credited: inv.total, balance: 0 });
    expect(c2.lines.map((l) => [l.description, l.quantity])).toEqual([
      ['Forfait nettoyage bétonnière', 1000],
      ['Mèches à bois (jeu)', 1000],
    ]);
    const nothing = stateHash(f.app.env.sqlite);
    expectError(
      () => f.app.call('invoice.credit', { invoiceId: inv.id, reason: 'encore' }, f.manager),
      'VALIDATION',
    );
    expectError(
      () => f.app.call('invoice.recordPayment', { invoiceId: inv.id, amount: 1, method: 'card' }, f.clerk),
      'VALIDATION',
      'amount',
    );
    expect(stateHash(f.app.env.sqlite)).toBe(nothing);
    const credited = entries(0).filter((e) => e.type === 'invoice.credited');
    expect(credited.map((e) => (e.parsed as { total: number }).total)).toEqual([c1.total, c2.total]);
  });

  it('from a completed sale and from a reservation: their lines copied, the same totals', () => {
    const p = prods(f);
    openDrawer(f);
    const s = f.app.call('sale.open', {}, f.clerk);
    f.app.call('sale.addLine', { saleId: s.id, productId: p.drill, quantity: qty(1) }, f.clerk);
    const withLine = f.app.call(
      'sale.addLine',
      { saleId: s.id, productId: p.bits, quantity: qty(3), discount: { kind: 'amount', amount: 100 } },
      f.clerk,
    );
    const done = f.app.call(
      'sale.complete',
      { saleId: s.id, tenders: [{ method: 'card', amount: withLine.total, reference: 'TPE-1' }] },
      f.clerk,
    );
    const fromSale = f.app.call(
      'invoice.create',
      { customerId: f.customerId, from: { kind: 'sale', saleId: s.id } },
      f.clerk,
    );
    expect(fromSale).toMatchObject({
      source: 'sale',
      sourceId: s.id,
      subtotal: done.sale.subtotal,
      total: done.sale.total,
    });
    expect(fromSale.lines.map((l) => [l.productId, l.quantity, l.discountAmount])).toEqual([
      [p.drill, 1000, 0],
      [p.bits, 3000, 100],
    ]);

    const mixer = addRentalItem(f, { name: 'Bétonnière', sku: 'BET-1', units: ['B1', 'B2'] });
    const r = f.app.call(
      'reservation.create',
      {
        customerId: f.customerId,
        pickupAt: est('2026-12-01T09:00'),
        returnAt: est('2026-12-02T09:00'),
        status: 'confirmed',
        lines: [{ productId: mixer.id, quantity: 2 }],
      },
      f.clerk,
    );
    const fromRes = f.app.call(
      'invoice.create',
      { customerId: f.customerId, from: { kind: 'reservation', reservationId: r.id } },
      f.clerk,
    );
    expect(fromRes).toMatchObject({
      source: 'reservation',
      sourceId: r.id,
      subtotal: r.subtotal,
      total: r.total,
    });
    expect(fromRes.lines.map((l) => l.description)).toEqual(['Bétonnière × 2']);

    const before = stateHash(f.app.env.sqlite);
    expectError(
      () =>
        f.app.call(
          'invoice.create',
          { customerId: f.customerId, from: { kind: 'reservation', reservationId: s.id } },
          f.clerk,
        ),
      'NOT_FOUND',
      'from.reservationId',
    );
    expect(stateHash(f.app.env.sqlite)).toBe(before);
  });
});

describe('invoice numbers across two tills', () => {
  it('a customer with an unpaid invoice (a draft, or issued with a balance) cannot be deleted; once paid she can', () => {
    const c = f.app.call('customer.create', { name: 'Léa Tremblay' }, f.clerk).id;
    const d = f.app.call(
      'invoice.create',
      { customerId: c, lines: [{ description: 'Réparation', quantity: qty(1), unitPrice: 10_000 }] },
      f.clerk,
    );
    const refused = () => {
      const before = stateHash(f.app.env.sqlite);
      const err = expectError(
        () => f.app.call('customer.delete', { customerIds: [c] }, f.manager),
        'CONFLICT',
      );
      expect(stateHash(f.app.env.sqlite)).toBe(before);
      return (err.details as { refused: { documents: { kind: string; number: string }[] }[] }).refused[0]!
        .documents;
    };
    expect(refused()).toEqual([expect.objectContaining({ kind: 'invoice', number: d.id })]);
    const issued = f.app.call('invoice.issue', { invoiceId: d.id }, f.clerk);
    f.app.call('invoice.recordPayment', { invoiceId: d.id, amount: 5000, method: 'cheque' }, f.clerk);
    expect(refused()).toEqual([expect.objectContaining({ kind: 'invoice', number: issued.number })]);
    f.app.call(
      'invoice.recordPayment',
      { invoiceId: d.id, amount: issued.total - 5000, method: 'cheque' },
      f.clerk,
    );
    expect(f.app.call('customer.delete', { customerIds: [c] }, f.manager)).toMatchObject({ deleted: [c] });
  });

  it('two tills issuing offline use their own series: gapless inside each, no number shared; a failed issue uses no number', () => {
    const g = makeFixture({ store: { tillName: 'Caisse 2' } });
    try {
      const issued: Record<string, string[]> = { a: [], b: [] };
      for (let i = 0; i < 4; i++) {
        for (const [k, till] of [
          ['a', f],
          ['b', g],
        ] as const) {
          const d = draft(till);
          if (k === 'b' && i === 1) {
            // a draft with no lines is refused: the series' counter does not move
            const empty = till.app.call(
              'invoice.create',
              { customerId: till.customerId, lines: [] },
              till.clerk,
            );
            expectError(
              () => till.app.call('invoice.issue', { invoiceId: empty.id }, till.clerk),
              'VALIDATION',
            );
          }
          issued[k]!.push(till.app.call('invoice.issue', { invoiceId: d.id }, till.clerk).number!);
        }
      }
      const seriesOf = (n: string) => n.replace(/-\d{6}$/, '');
      const seqOf = (n: string) => Number(n.slice(-6));
      expect(new Set(issued.a!.map(seriesOf)).size).toBe(1);
      expect(new Set(issued.b!.map(seriesOf)).size).toBe(1);
      expect(seriesOf(issued.a![0]!)).not.toBe(seriesOf(issued.b![0]!));
      expect(issued.a!.map(seqOf)).toEqual([1, 2, 3, 4]);
      expect(issued.b!.map(seqOf)).toEqual([1, 2, 3, 4]);
      expect(new Set([...issued.a!, ...issued.b!]).size).toBe(8);
      expect(issued.b![0]).toMatch(/^FA-CAISSE2-/);
      // what each ledger holds agrees: seq_in_series 1..n in its one series
      for (const till of [f, g]) {
        const seqs = rows<{ series: string; seq_in_series: number }>(
          till,
          "SELECT series, seq_in_series FROM invoices WHERE number IS NOT NULL AND kind = 'invoice' ORDER BY seq_in_series",
        );
        expect(seqs.map((s) => s.seq_in_series)).toEqual([1, 2, 3, 4]);
      }
    } finally {
      g.cleanup();
    }
  });
});
