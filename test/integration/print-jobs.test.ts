import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyChain } from '../../db/journal.ts';
import { type PrintWorkerHandle, startPrintWorker } from '../../electron/app/printing.ts';
import { isPrintJobKind, parsePrintJob } from '../../shared/ledger/print-jobs.ts';
import { ADMIN_PIN, type Fixture, makeFixture } from '../helpers/fixture.ts';
import { approval, count, openDrawer, prods, qty, relogin, rows } from './support.ts';

/**
 * Print jobs reference what they print and are laid out from the ledger when they print
 * (shared/ledger/print-jobs.ts, electron/services/print-documents.ts): a receipt printed late,
 * or reprinted after the sale moved on, shows what was committed; done jobs are pruned after
 * the retention period without touching the journal or what a reprint needs.
 */
let f: Fixture;
const workers: PrintWorkerHandle[] = [];
afterEach(async () => {
  for (const w of workers.splice(0)) await w.stop();
  f?.cleanup();
});

interface Job {
  id: string;
  kind: string;
  ref_id: string | null;
  payload: string;
  status: string;
  created_at: string;
}
const jobs = () => rows<Job>(f, 'SELECT * FROM print_jobs ORDER BY created_at, id');
const jobOf = (kind: string, refId: string) => jobs().filter((j) => j.kind === kind && j.ref_id === refId);
const preview = (jobId: string) => f.app.call('receipt.preview', { jobId }, f.clerk);
const admin = () => f.app.call('auth.login', { userId: f.adminId, pin: ADMIN_PIN }).token;

function checkout(tenders: unknown[], lines = [{ productId: prods(f).drill, quantity: qty(1) }]) {
  return f.app.call('sale.checkout', { lines, tenders } as never, f.clerk).sale;
}

/** one job of every kind the services queue */
function everyKind() {
  const p = prods(f);
  f.app.call(
    'printer.configure',
    { name: 'P', transport: { kind: 'virtual' }, profileId: 'epson-tm-t20iii' },
    f.manager,
  );
  f.app.call('printer.testPage', {}, f.manager);
  openDrawer(f);
  f.app.call('drawer.payIn', { amount: 500, reason: 'monnaie' }, f.clerk);
  f.app.call('drawer.noSale', { reason: 'vérification', approval: approval(f) }, f.clerk);
  const cash = checkout(
    [{ method: 'cash', tendered: 5000 }],
    [
      { productId: p.drill, quantity: qty(1) },
      { productId: p.bits, quantity: qty(2) },
    ],
  );
  const card = checkout([{ method: 'card', amount: 2298, reference: 'A-1' }]);
  f.app.call('print.reprint', { saleId: cash.id }, f.clerk);
  f.app.call('sale.cancel', { saleId: cash.id, reason: 'defective', message: 'Désolé' }, f.clerk);
  f.app.call('sale.refundCash', { saleId: cash.id, customerConfirmed: true, saleConfirmed: true }, f.manager);
  f.app.call('sale.cancel', { saleId: card.id, reason: 'customer_request', message: '' }, f.clerk);
  f.app.call('sale.refundToCard', { saleId: card.id }, f.manager);
  const o = f.app.call('order.create', { description: 'Location', total: 9000 }, f.clerk);
  f.app.call(
    'order.recordPayment',
    { orderId: o.id, amount: 2000, method: 'card', reference: 'P-1' },
    f.clerk,
  );
  f.app.call('drawer.printX', {}, f.manager);
  f.app.call('drawer.close', { count: { '2000': 5, '25': 40, '500': 1 } }, f.clerk);
  return { cash, card, order: o };
}

describe('print jobs reference what they print', () => {
  it('every job the services queue parses with its kind schema and holds references, not a copy', () => {
    f = makeFixture();
    everyKind();
    const all = jobs();
    expect(new Set(all.map((j) => j.kind))).toEqual(
      new Set([
        'test_page',
        'drawer_kick',
        'drawer_slip',
        'sale_receipt',
        'cancel_slip',
        'refund_receipt',
        'payment_slip',
        'x_report',
        'z_report',
      ]),
    );
    for (const j of all) {
      const kind = j.kind;
      expect(isPrintJobKind(kind), kind).toBe(true);
      if (!isPrintJobKind(kind)) continue;
      expect(() => parsePrintJob(kind, j.payload), kind).not.toThrow();
      // a reference (the X report, stored nowhere else, is the one snapshot)
      if (j.kind !== 'x_report') expect(j.payload.length, j.kind).toBeLessThan(120);
      // and each one lays out
      const page = preview(j.id);
      if (kind === 'drawer_kick') expect(page.drawerKick).toBe(true);
      else expect(page.lines.length, kind).toBeGreaterThan(0);
    }
  });

  it('a receipt printed after its sale was cancelled and refunded shows what was committed, byte for byte', () => {
    f = makeFixture();
    openDrawer(f);
    const s = checkout([{ method: 'cash', tendered: 5000 }]);
    const [receipt] = jobOf('sale_receipt', s.id);
    const before = preview(receipt!.id);
    f.clock.advance(60_000);
    f.app.call('sale.cancel', { saleId: s.id, reason: 'defective', message: 'Désolé' }, f.clerk);
    f.clock.advance(60_000);
    f.app.call('sale.refundCash', { saleId: s.id, customerConfirmed: true, saleConfirmed: true }, f.manager);
    expect(f.app.call('sale.get', { saleId: s.id }, f.clerk).status).toBe('refunded');
    expect(preview(receipt!.id)).toEqual(before);
    expect(before.lines.join('\n')).toContain('Monnaie rendue');
  });

  it('a card refund receipt printed after head office completed it still says what was requested, on its day', () => {
    f = makeFixture();
    openDrawer(f);
    const s = checkout([{ method: 'card', amount: 2298, reference: 'A-1' }]);
    f.clock.advance(3_600_000);
    f.app.call('sale.cancel', { saleId: s.id, reason: 'customer_request', message: '' }, f.clerk);
    f.app.call('sale.refundToCard', { saleId: s.id }, f.manager);
    const [job] = jobOf('refund_receipt', s.id);
    const before = preview(job!.id);
    f.clock.advance(2 * 86_400_000);
    relogin(f);
    f.app.call('sale.completeRefund', { saleId: s.id, reference: 'HO-1' }, admin());
    expect(f.app.call('sale.get', { saleId: s.id }, f.manager).refundedAt).not.toBeNull();
    expect(preview(job!.id)).toEqual(before);
  });

  it("an order's payment slip keeps the balance after that payment when more payments follow", () => {
    f = makeFixture();
    const o = f.app.call('order.create', { description: 'Location', total: 9000 }, f.clerk);
    f.app.call(
      'order.recordPayment',
      { orderId: o.id, amount: 2000, method: 'card', reference: 'P-1' },
      f.clerk,
    );
    const [first] = jobs().filter((j) => j.kind === 'payment_slip');
    const before = preview(first!.id);
    expect(before.lines.join('\n')).toMatch(/Solde\s+70,00 \$/);
    f.app.call(
      'order.recordPayment',
      { orderId: o.id, amount: 3000, method: 'card', reference: 'P-2' },
      f.clerk,
    );
    expect(preview(first!.id)).toEqual(before);
  });
});

describe('done jobs are pruned after the retention period', () => {
  it('the worker deletes done jobs older than the retention, keeps waiting and failed ones, never touches the journal', async () => {
    f = makeFixture();
    const clock = { offsetMs: 0 };
    f.app.call(
      'printer.configure',
      { name: 'P', transport: { kind: 'virtual' }, profileId: 'epson-tm-t20iii', jobRetentionDays: 7 },
      f.manager,
    );
    openDrawer(f);
    const old = checkout([{ method: 'cash', tendered: 5000 }]);
    const w = startPrintWorker(f.app, { pollMs: 20, now: () => new Date(Date.now() + clock.offsetMs) });
    workers.push(w);
    await until(() => jobs().every((j) => j.status === 'done'));
    const printed = jobs().length;
    // a failed job of the same age stays for a manager
    f.app.env.sqlite.prepare("UPDATE print_jobs SET status = 'failed' WHERE kind = 'drawer_kick'").run();
    const journal = () => {
      const all = rows(f, 'SELECT * FROM journal ORDER BY seq');
      return { n: all.length, sha: createHash('sha256').update(JSON.stringify(all)).digest('hex') };
    };
    const journalBefore = journal();
    // six days on: still kept
    f.clock.advance(6 * 86_400_000);
    clock.offsetMs = f.clock.now.getTime() - Date.now();
    await settle(100);
    expect(jobs()).toHaveLength(printed);
    // eight days on (and over an hour since the last pass): the done receipt goes
    f.clock.advance(2 * 86_400_000);
    clock.offsetMs = f.clock.now.getTime() - Date.now();
    await until(() => jobs().length < printed);
    expect(jobs().map((j) => [j.kind, j.status])).toEqual([['drawer_kick', 'failed']]);
    expect(journal()).toEqual(journalBefore);
    expect(verifyChain(f.app.env.sqlite).ok).toBe(true);
    // what a reprint needs is still there: a DUPLICATA of the pruned receipt lays out
    relogin(f);
    const dup = f.app.call('print.reprint', { saleId: old.id }, f.manager);
    expect(preview(dup.id).lines.join('\n')).toContain('Duplicata n° 1 - Copie n° 1');
  });

  it('DUPLICATA copies keep their numbers when the earlier copies were pruned', () => {
    f = makeFixture();
    openDrawer(f);
    const s = checkout([{ method: 'cash', tendered: 5000 }]);
    f.app.call('print.reprint', { saleId: s.id }, f.clerk);
    f.app.call('print.reprint', { saleId: s.id }, f.clerk);
    f.app.env.sqlite.prepare("UPDATE print_jobs SET status = 'done'").run();
    f.app.env.sqlite.prepare("DELETE FROM print_jobs WHERE status = 'done'").run();
    f.app.call('print.reprint', { saleId: s.id }, f.clerk);
    const copies = rows<{ payload: string }>(
      f,
      "SELECT payload FROM journal WHERE type = 'receipt.duplicated' ORDER BY seq",
    ).map((r) => JSON.parse(r.payload).copy);
    expect(copies).toEqual([1, 2, 3]);
    expect(count(f, 'SELECT count(*) AS n FROM print_jobs')).toBe(1);
  });
});

const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(pred: () => boolean, ms = 5000): Promise<void> {
  const start = Date.now();
  while (!pred()) {
    if (Date.now() - start > ms) throw new Error('condition not met');
    await settle(10);
  }
}
