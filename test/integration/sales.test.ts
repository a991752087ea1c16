import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Fixture, makeFixture } from '../helpers/fixture.ts';
import { stateHash } from '../helpers/state-hash.ts';
import { approval, count, expectError, openDrawer, prods, qty, rows } from './support.ts';

let f: Fixture;
let p: ReturnType<typeof prods>;
beforeEach(() => {
  f = makeFixture();
  p = prods(f);
});
afterEach(() => f.cleanup());

/** 1 drill (19.99) + 3 screws (0.30) = 20.29 + GST 1.01 + QST 2.02 = 23.32 */
const CART_2332 = () => [
  { productId: p.drill, quantity: qty(1) },
  { productId: p.screw, quantity: qty(3) },
];

describe('sale.checkout', () => {
  it('refuses a sale when no drawer is open (DRAWER_CLOSED) and writes nothing', () => {
    const before = count(f, 'SELECT count(*) AS n FROM journal');
    expectError(
      () =>
        f.app.call(
          'sale.checkout',
          { lines: CART_2332(), tenders: [{ method: 'cash', tendered: 5000 }] },
          f.clerk,
        ),
      'DRAWER_CLOSED',
    );
    expect(count(f, 'SELECT count(*) AS n FROM sales')).toBe(0);
    expect(count(f, 'SELECT count(*) AS n FROM journal')).toBe(before);
  });

  it('cash with change: total 23.32 → cash due 23.30, change from 50.00', () => {
    openDrawer(f);
    const r = f.app.call(
      'sale.checkout',
      { lines: CART_2332(), tenders: [{ method: 'cash', tendered: 5000 }] },
      f.clerk,
    );
    const s = r.sale;
    expect(s.status).toBe('completed');
    expect(s.subtotal).toBe(2029);
    expect(s.taxes.map((t) => [t.code, t.base, t.tax])).toEqual([
      ['QC-GST', 2029, 101],
      ['QC-QST', 2029, 202],
    ]);
    expect(s.total).toBe(2332);
    expect(s.cashRounding).toBe(-2);
    expect(s.paid).toBe(2330);
    expect(r.changeDue).toBe(2670);
    expect(s.tenders).toEqual([
      expect.objectContaining({ method: 'cash', amount: 2330, tendered: 5000, change: 2670 }),
    ]);
    expect(s.receiptNumber).toBe(1);
    expect(s.businessDate).toBe('2026-11-26');
    // the drawer received what stayed in it: the cash due, not what was tendered
    const moves = rows<{ kind: string; amount: number; ref_id: string | null }>(
      f,
      "SELECT kind, amount, ref_id FROM drawer_movements WHERE kind = 'sale'",
    );
    expect(moves).toEqual([{ kind: 'sale', amount: 2330, ref_id: s.id }]);
  });

  it('rounds 1–2 ¢ down (0.12 → 0.10) and an exact tender gives no change', () => {
    openDrawer(f);
    // 1 screw = 0.10 + GST 0.01 (0.005 half up) + QST 0.01 = 0.12 → cash 0.10
    const r = f.app.call(
      'sale.checkout',
      { lines: [{ productId: p.screw, quantity: qty(1) }], tenders: [{ method: 'cash', tendered: 10 }] },
      f.clerk,
    );
    expect(r.sale.total).toBe(12);
    expect(r.sale.paid).toBe(10);
    expect(r.changeDue).toBe(0);
  });

  it('multi-tender card + cash: the card is not rounded, the cash rest is', () => {
    openDrawer(f);
    const r = f.app.call(
      'sale.checkout',
      {
        lines: CART_2332(),
        tenders: [
          { method: 'card', amount: 2000, reference: 'AUTH-0001' },
          { method: 'cash', tendered: 500 },
        ],
      },
      f.clerk,
    );
    // rest 3.32 → cash due 3.30; paid 23.30
    expect(r.sale.tenders.map((t) => [t.method, t.amount, t.tendered, t.change, t.reference])).toEqual([
      ['card', 2000, null, null, 'AUTH-0001'],
      ['cash', 330, 500, 170, null],
    ]);
    expect(r.sale.paid).toBe(2330);
    expect(r.changeDue).toBe(170);
  });

  it('card only, exact: no rounding, no drawer kick, no cash movement', () => {
    openDrawer(f);
    const r = f.app.call(
      'sale.checkout',
      { lines: CART_2332(), tenders: [{ method: 'card', amount: 2332, reference: 'AUTH-77' }] },
      f.clerk,
    );
    expect(r.sale.paid).toBe(2332);
    expect(r.sale.cashRounding).toBe(0);
    expect(r.changeDue).toBe(0);
    expect(count(f, "SELECT count(*) AS n FROM drawer_movements WHERE kind = 'sale'")).toBe(0);
    const job = rows<{ kick_drawer: number }>(
      f,
      'SELECT kick_drawer FROM print_jobs WHERE ref_id = ?',
      r.sale.id,
    );
    expect(job).toEqual([{ kick_drawer: 0 }]);
  });

  it('card 23.30 on 23.32, the rest in cash: 2 ¢ round to nothing, no cash tender and no drawer movement', () => {
    openDrawer(f);
    const movements = count(f, 'SELECT count(*) AS n FROM drawer_movements');
    const r = f.app.call(
      'sale.checkout',
      {
        lines: CART_2332(),
        tenders: [
          { method: 'card', amount: 2330, reference: 'A' },
          { method: 'cash', tendered: 5 },
        ],
      },
      f.clerk,
    );
    expect(r.sale).toMatchObject({ total: 2332, cashRounding: -2, paid: 2330 });
    expect(r.sale.tenders.map((t) => [t.method, t.amount])).toEqual([['card', 2330]]);
    expect(r.changeDue).toBe(5);
    expect(count(f, 'SELECT count(*) AS n FROM drawer_movements')).toBe(movements);
  });

  it('card short of the total, or above it, is refused naming the field', () => {
    openDrawer(f);
    expectError(
      () =>
        f.app.call(
          'sale.checkout',
          { lines: CART_2332(), tenders: [{ method: 'card', amount: 2331, reference: 'A' }] },
          f.clerk,
        ),
      'VALIDATION',
      'tenders',
    );
    expectError(
      () =>
        f.app.call(
          'sale.checkout',
          { lines: CART_2332(), tenders: [{ method: 'card', amount: 2333, reference: 'A' }] },
          f.clerk,
        ),
      'VALIDATION',
      'tenders.0.amount',
    );
  });

  it('cash tendered below the rounded cash due → VALIDATION naming tenders.N.tendered, nothing written', () => {
    openDrawer(f);
    const journal = count(f, 'SELECT count(*) AS n FROM journal');
    const jobs = count(f, 'SELECT count(*) AS n FROM print_jobs');
    expectError(
      () =>
        f.app.call(
          'sale.checkout',
          {
            lines: CART_2332(),
            tenders: [
              { method: 'card', amount: 1000, reference: 'A' },
              { method: 'cash', tendered: 1325 }, // due 13.30
            ],
          },
          f.clerk,
        ),
      'VALIDATION',
      'tenders.1.tendered',
    );
    expect(count(f, 'SELECT count(*) AS n FROM sales')).toBe(0);
    expect(count(f, 'SELECT count(*) AS n FROM journal')).toBe(journal);
    expect(count(f, 'SELECT count(*) AS n FROM print_jobs')).toBe(jobs);
    // exactly the due amount is accepted
    const r = f.app.call(
      'sale.checkout',
      {
        lines: CART_2332(),
        tenders: [
          { method: 'card', amount: 1000, reference: 'A' },
          { method: 'cash', tendered: 1330 },
        ],
      },
      f.clerk,
    );
    expect(r.sale.receiptNumber).toBe(1);
  });

  it('writes the print job, the outbox row and the journal entry with the sale', () => {
    openDrawer(f);
    const r = f.app.call(
      'sale.checkout',
      { lines: CART_2332(), customerId: f.customerId, tenders: [{ method: 'cash', tendered: 2500 }] },
      f.clerk,
    );
    const sale = rows<{ completion_seq: number }>(
      f,
      'SELECT completion_seq FROM sales WHERE id = ?',
      r.sale.id,
    )[0]!;
    const entry = rows<{ type: string; payload: string; hash: string }>(
      f,
      'SELECT type, payload, hash FROM journal WHERE seq = ?',
      sale.completion_seq,
    )[0]!;
    expect(entry.type).toBe('sale.completed');
    expect(JSON.parse(entry.payload)).toMatchObject({ saleId: r.sale.id, receiptNumber: 1, paid: 2330 });
    expect(r.sale.journalHash).toBe(entry.hash.slice(0, 16));
    expect(r.sale.chain).toEqual({
      deviceId: f.app.env.deviceId,
      seq: sale.completion_seq,
      hash: entry.hash,
    });
    // what the sale reads back later is what was printed
    expect(f.app.call('sale.get', { saleId: r.sale.id }, f.clerk).chain).toEqual(r.sale.chain);
    expect(rows(f, 'SELECT topic FROM outbox WHERE seq = ?', sale.completion_seq)).toEqual([
      { topic: 'journal' },
    ]);
    const jobs = rows<{ kind: string; kick_drawer: number; status: string; payload: string }>(
      f,
      'SELECT kind, kick_drawer, status, payload FROM print_jobs WHERE ref_id = ?',
      r.sale.id,
    );
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ kind: 'sale_receipt', kick_drawer: 1, status: 'pending' });
    // the job references the sale (laid out from the ledger when it prints): no copy of it
    expect(JSON.parse(jobs[0]!.payload)).toEqual({ saleId: r.sale.id, changeDue: 170 });
  });

  it('is one transaction: if the print queue insert fails, the sale, its journal entry and outbox row are gone', () => {
    openDrawer(f);
    const s = f.app.env.sqlite;
    const before = {
      journal: count(f, 'SELECT count(*) AS n FROM journal'),
      outbox: count(f, 'SELECT count(*) AS n FROM outbox'),
      moves: count(f, 'SELECT count(*) AS n FROM drawer_movements'),
    };
    s.exec(
      "CREATE TEMP TRIGGER print_down BEFORE INSERT ON main.print_jobs BEGIN SELECT RAISE(ABORT, 'print queue down'); END",
    );
    expect(() =>
      f.app.call(
        'sale.checkout',
        { lines: CART_2332(), tenders: [{ method: 'cash', tendered: 2500 }] },
        f.clerk,
      ),
    ).toThrow(/print queue down/);
    s.exec('DROP TRIGGER temp.print_down');
    expect(count(f, 'SELECT count(*) AS n FROM sales')).toBe(0);
    expect(count(f, 'SELECT count(*) AS n FROM journal')).toBe(before.journal);
    expect(count(f, 'SELECT count(*) AS n FROM outbox')).toBe(before.outbox);
    expect(count(f, 'SELECT count(*) AS n FROM drawer_movements')).toBe(before.moves);
    // the receipt counter rolled back too: the next sale is still receipt 1
    const r = f.app.call(
      'sale.checkout',
      { lines: CART_2332(), tenders: [{ method: 'cash', tendered: 2500 }] },
      f.clerk,
    );
    expect(r.sale.receiptNumber).toBe(1);
  });

  it('unknown product → VALIDATION naming lines.N.productId', () => {
    openDrawer(f);
    expectError(
      () =>
        f.app.call(
          'sale.checkout',
          {
            lines: [
              { productId: p.drill, quantity: qty(1) },
              { productId: '01ARZ3NDEKTSV4RRFFQ69G5FAV', quantity: qty(1) },
            ],
            tenders: [{ method: 'cash', tendered: 5000 }],
          },
          f.clerk,
        ),
      'NOT_FOUND',
      'lines.1.productId',
    );
  });
});

describe('price override', () => {
  const overridden = () => [{ productId: p.drill, quantity: qty(1), unitPrice: 1500 }];

  it('a clerk needs a manager approval (APPROVAL_REQUIRED without)', () => {
    openDrawer(f);
    expectError(
      () =>
        f.app.call(
          'sale.checkout',
          { lines: overridden(), tenders: [{ method: 'cash', tendered: 5000 }] },
          f.clerk,
        ),
      'APPROVAL_REQUIRED',
    );
    expect(count(f, 'SELECT count(*) AS n FROM sales')).toBe(0);
    expect(count(f, 'SELECT count(*) AS n FROM approvals')).toBe(0);
  });

  it('a wrong manager PIN → FORBIDDEN on approval.pin', () => {
    openDrawer(f);
    expectError(
      () =>
        f.app.call(
          'sale.checkout',
          {
            lines: overridden(),
            tenders: [{ method: 'cash', tendered: 5000 }],
            approval: { managerId: f.managerId, pin: '0000', reason: 'damaged box' },
          },
          f.clerk,
        ),
      'FORBIDDEN',
      'approval.pin',
    );
    expect(count(f, 'SELECT count(*) AS n FROM sales')).toBe(0);
  });

  it('a clerk cannot approve (approval.managerId must be a manager)', () => {
    openDrawer(f);
    expectError(
      () =>
        f.app.call(
          'sale.checkout',
          {
            lines: overridden(),
            tenders: [{ method: 'cash', tendered: 5000 }],
            approval: { managerId: f.clerkId, pin: '1234', reason: 'me' },
          },
          f.clerk,
        ),
      'FORBIDDEN',
      'approval.managerId',
    );
  });

  it('with approval: the override is applied and the approval recorded with who and why', () => {
    openDrawer(f);
    const r = f.app.call(
      'sale.checkout',
      {
        lines: overridden(),
        tenders: [{ method: 'cash', tendered: 5000 }],
        approval: approval(f, 'damaged box'),
      },
      f.clerk,
    );
    expect(r.sale.lines[0]).toMatchObject({ unitPrice: 1500, listPrice: 1999, amount: 1500 });
    expect(rows(f, 'SELECT command, manager_id, requested_by, reason, ref_id FROM approvals')).toEqual([
      {
        command: 'sale.checkout',
        manager_id: f.managerId,
        requested_by: f.clerkId,
        reason: 'damaged box',
        ref_id: r.sale.id,
      },
    ]);
  });

  it('a manager actor self-approves (recorded with the manager as approver)', () => {
    openDrawer(f);
    const r = f.app.call(
      'sale.checkout',
      { lines: overridden(), tenders: [{ method: 'cash', tendered: 5000 }] },
      f.manager,
    );
    expect(r.sale.lines[0]!.unitPrice).toBe(1500);
    expect(rows(f, 'SELECT manager_id, requested_by, reason FROM approvals')).toEqual([
      { manager_id: f.managerId, requested_by: f.managerId, reason: 'price override' },
    ]);
  });
});

describe('ticket flow', () => {
  it('open → addLine → updateLine → removeLine → attachCustomer → complete', () => {
    openDrawer(f);
    const opened = f.app.call('sale.open', {}, f.clerk);
    expect(opened).toMatchObject({ status: 'open', receiptNumber: null, lines: [], total: 0 });
    let s = f.app.call('sale.addLine', { saleId: opened.id, productId: p.drill, quantity: qty(1) }, f.clerk);
    s = f.app.call('sale.addLine', { saleId: s.id, productId: p.bits, quantity: qty(2) }, f.clerk);
    s = f.app.call('sale.addLine', { saleId: s.id, productId: p.screw, quantity: qty(1) }, f.clerk);
    expect(s.lines.map((l) => l.productId)).toEqual([p.drill, p.bits, p.screw]);
    expect(s.subtotal).toBe(1999 + 998 + 10);
    const bits = s.lines[1]!;
    s = f.app.call(
      'sale.updateLine',
      { saleId: s.id, lineId: bits.id, quantity: qty(1), discount: { kind: 'percent', basisPoints: 1000 } },
      f.clerk,
    );
    // 4.99 − 10 % (0.499 → 0.50 half up) = 4.49
    expect(s.lines[1]).toMatchObject({ quantity: 1000, discount: 50, amount: 449 });
    s = f.app.call('sale.removeLine', { saleId: s.id, lineId: s.lines[2]!.id }, f.clerk);
    expect(s.lines).toHaveLength(2);
    expect(s.subtotal).toBe(1999 + 449);
    // running totals are live: 24.48 + GST 1.22 (1.224) + QST 2.44 (2.4419) = 28.14
    expect(s.total).toBe(2448 + 122 + 244);
    s = f.app.call('sale.attachCustomer', { saleId: s.id, customerId: f.customerId }, f.clerk);
    expect(s.customerName).toBe('Julie Roy');
    const done = f.app.call(
      'sale.complete',
      { saleId: s.id, tenders: [{ method: 'cash', tendered: 3000 }] },
      f.clerk,
    );
    expect(done.sale).toMatchObject({
      id: opened.id,
      status: 'completed',
      receiptNumber: 1,
      customerId: f.customerId,
      total: 2814,
      paid: 2815,
      cashRounding: 1,
    });
    expect(done.changeDue).toBe(185);
    // a completed ticket cannot be edited any more
    expectError(
      () => f.app.call('sale.addLine', { saleId: s.id, productId: p.drill, quantity: qty(1) }, f.clerk),
      'INVALID_STATE',
    );
    expectError(
      () =>
        f.app.call('sale.complete', { saleId: s.id, tenders: [{ method: 'cash', tendered: 3000 }] }, f.clerk),
      'INVALID_STATE',
    );
  });

  it('an open ticket carries its taxes per rate, the ones its receipt will print', () => {
    openDrawer(f);
    let s = f.app.call('sale.open', {}, f.clerk);
    expect(s.taxes).toEqual([]);
    s = f.app.call('sale.addLine', { saleId: s.id, productId: p.drill, quantity: qty(1) }, f.clerk);
    s = f.app.call('sale.addLine', { saleId: s.id, productId: p.screw, quantity: qty(3) }, f.clerk);
    s = f.app.call('sale.addLine', { saleId: s.id, productId: p.deposit, quantity: qty(1) }, f.clerk);
    // 20.29 taxable (the deposit is exempt): GST 5 % 1.01, QST 9.975 % 2.02
    expect(s.taxes).toEqual([
      { code: 'QC-GST', ratePpm: 50_000, base: 2029, tax: 101 },
      { code: 'QC-QST', ratePpm: 99_750, base: 2029, tax: 202 },
    ]);
    expect(s.taxes.reduce((a, x) => a + x.tax, 0)).toBe(s.taxTotal);
    // sale.get reads the same, and the completed sale (the receipt) says the same
    expect(f.app.call('sale.get', { saleId: s.id }, f.clerk).taxes).toEqual(s.taxes);
    const done = f.app.call(
      'sale.complete',
      { saleId: s.id, tenders: [{ method: 'card', amount: s.total, reference: 'T1' }] },
      f.clerk,
    );
    expect(done.sale.taxes).toEqual(s.taxes);
  });

  it('an empty ticket cannot be completed', () => {
    openDrawer(f);
    const s = f.app.call('sale.open', {}, f.clerk);
    expectError(
      () =>
        f.app.call('sale.complete', { saleId: s.id, tenders: [{ method: 'cash', tendered: 100 }] }, f.clerk),
      'INVALID_STATE',
    );
  });

  it('a price override approved on addLine does not need approving again at completion', () => {
    openDrawer(f);
    const s = f.app.call('sale.open', {}, f.clerk);
    expectError(
      () =>
        f.app.call(
          'sale.addLine',
          { saleId: s.id, productId: p.drill, quantity: qty(1), unitPrice: 1000 },
          f.clerk,
        ),
      'APPROVAL_REQUIRED',
    );
    f.app.call(
      'sale.addLine',
      {
        saleId: s.id,
        productId: p.drill,
        quantity: qty(1),
        unitPrice: 1000,
        approval: approval(f, 'scratched'),
      },
      f.clerk,
    );
    const done = f.app.call(
      'sale.complete',
      { saleId: s.id, tenders: [{ method: 'cash', tendered: 2000 }] },
      f.clerk,
    );
    expect(done.sale.lines[0]).toMatchObject({ unitPrice: 1000, listPrice: 1999 });
    expect(rows(f, 'SELECT command, reason FROM approvals')).toEqual([
      { command: 'sale.addLine', reason: 'scratched' },
    ]);
  });

  it('updateLine with a new unit price needs an approval', () => {
    openDrawer(f);
    let s = f.app.call('sale.open', {}, f.clerk);
    s = f.app.call('sale.addLine', { saleId: s.id, productId: p.bits, quantity: qty(1) }, f.clerk);
    const lineId = s.lines[0]!.id;
    expectError(
      () => f.app.call('sale.updateLine', { saleId: s.id, lineId, unitPrice: 399 }, f.clerk),
      'APPROVAL_REQUIRED',
    );
    s = f.app.call(
      'sale.updateLine',
      { saleId: s.id, lineId, unitPrice: 399, approval: approval(f) },
      f.clerk,
    );
    expect(s.lines[0]!.unitPrice).toBe(399);
  });

  it('receipt numbers are gapless across checkout and ticket flow (opened tickets and failures take none)', () => {
    openDrawer(f);
    const t1 = f.app.call('sale.open', {}, f.clerk);
    f.app.call('sale.addLine', { saleId: t1.id, productId: p.bits, quantity: qty(1) }, f.clerk);
    const a = f.app.call(
      'sale.checkout',
      { lines: [{ productId: p.bits, quantity: qty(1) }], tenders: [{ method: 'cash', tendered: 1000 }] },
      f.clerk,
    );
    // a failing checkout takes no number
    expectError(
      () =>
        f.app.call(
          'sale.checkout',
          { lines: [{ productId: p.bits, quantity: qty(1) }], tenders: [{ method: 'cash', tendered: 1 }] },
          f.clerk,
        ),
      'VALIDATION',
    );
    const b = f.app.call(
      'sale.complete',
      { saleId: t1.id, tenders: [{ method: 'cash', tendered: 1000 }] },
      f.clerk,
    );
    const t2 = f.app.call('sale.open', {}, f.clerk);
    f.app.call('sale.addLine', { saleId: t2.id, productId: p.screw, quantity: qty(1) }, f.clerk);
    f.app.call('sale.void', { saleId: t2.id, approval: approval(f) }, f.clerk);
    const c = f.app.call(
      'sale.checkout',
      {
        lines: [{ productId: p.deposit, quantity: qty(1) }],
        tenders: [{ method: 'card', amount: 2500, reference: 'X' }],
      },
      f.clerk,
    );
    expect([a.sale.receiptNumber, b.sale.receiptNumber, c.sale.receiptNumber]).toEqual([1, 2, 3]);
    expect(
      rows(f, 'SELECT receipt_number AS r FROM sales WHERE receipt_number IS NOT NULL ORDER BY 1'),
    ).toEqual([{ r: 1 }, { r: 2 }, { r: 3 }]);
    expect(f.app.call('sale.byReceipt', { receiptNumber: 2 }, f.clerk)?.id).toBe(t1.id);
  });
});

describe('sale.void', () => {
  it('needs an approval: none → APPROVAL_REQUIRED; wrong PIN → FORBIDDEN; with one → voided and audited', () => {
    openDrawer(f);
    const s = f.app.call('sale.open', {}, f.clerk);
    const before = stateHash(f.app.env.sqlite);
    expectError(() => f.app.call('sale.void', { saleId: s.id }, f.clerk), 'APPROVAL_REQUIRED');
    expect(stateHash(f.app.env.sqlite)).toBe(before);
    expectError(
      () =>
        f.app.call(
          'sale.void',
          { saleId: s.id, approval: { managerId: f.managerId, pin: '1111', reason: 'x' } },
          f.clerk,
        ),
      'FORBIDDEN',
      'approval.pin',
    );
    const v = f.app.call('sale.void', { saleId: s.id, approval: approval(f, 'customer left') }, f.clerk);
    expect(v.status).toBe('voided');
    expect(v.receiptNumber).toBeNull();
    expect(rows(f, 'SELECT command, manager_id, reason, ref_id FROM approvals')).toEqual([
      { command: 'sale.void', manager_id: f.managerId, reason: 'customer left', ref_id: s.id },
    ]);
    // a completed sale cannot be voided (it is cancelled instead)
    const done = f.app.call(
      'sale.checkout',
      { lines: [{ productId: p.bits, quantity: qty(1) }], tenders: [{ method: 'cash', tendered: 1000 }] },
      f.clerk,
    );
    expectError(
      () => f.app.call('sale.void', { saleId: done.sale.id, approval: approval(f) }, f.clerk),
      'INVALID_STATE',
    );
  });

  it('a manager voids a ticket by their own login, recorded as their approval', () => {
    openDrawer(f);
    const s = f.app.call('sale.open', {}, f.clerk);
    const v = f.app.call('sale.void', { saleId: s.id }, f.manager);
    expect(v.status).toBe('voided');
    expect(rows(f, 'SELECT command, manager_id, requested_by, ref_id FROM approvals')).toEqual([
      { command: 'sale.void', manager_id: f.managerId, requested_by: f.managerId, ref_id: s.id },
    ]);
  });
});
