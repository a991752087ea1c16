import { DEFAULT_STORE } from '../../../shared/store-settings.ts';
import { intBetween, log, pick, prng } from '../lib.ts';
import { cachedLedger } from './artifact.ts';
import { addUserRow, createLedgerFile, finishLedgerFile, ids, JournalWriter, writeSettings } from './base.ts';

/**
 * A ledger whose journal holds `entries` entries (1M by default): the real schema, the store
 * and device settings, the users, and a hash-chained journal written exactly as appendEntry
 * writes it (canonical JSON payloads, SHA-256 over prev_hash ‖ entry text), in one
 * transaction. Payloads follow the services' shapes in a till's usual mix: mostly completed
 * sales of 1–4 lines, logins/logouts, drawer opens/closes, cancellations and refunds. Only
 * the journal is filled (the other ledger tables stay empty): verify and open read nothing else.
 * Seeded: the same version gives the same file.
 */
export const JOURNAL_GEN_VERSION = 'j1';

export function journalLedger(entries = Number(process.env.BENCH_JOURNAL_ENTRIES ?? 1_000_000)): string {
  return cachedLedger(`journal-${entries}`, JOURNAL_GEN_VERSION, (file) => build(file, entries));
}

function build(file: string, entries: number): void {
  const rand = prng(1_000_000);
  const id = ids(42);
  let t = Date.UTC(2024, 0, 2, 14);
  const iso = () => new Date(t).toISOString();
  const sqlite = createLedgerFile(file);
  const deviceId = `till-${id(t)}`;
  sqlite.transaction(() => {
    writeSettings(sqlite, DEFAULT_STORE, deviceId);
    const users = ['clerk', 'clerk', 'clerk', 'manager', 'admin'].map((role, i) => {
      const u = { id: id(t), name: `User ${i + 1}`, role: role as 'clerk' | 'manager' | 'admin' };
      addUserRow(sqlite, { ...u, pin: '1234' }, rand, iso());
      return u;
    });
    const products = Array.from({ length: 200 }, (_, i) => ({
      id: id(t),
      sku: `SKU-${String(i + 1).padStart(4, '0')}`,
      price: intBetween(rand, 99, 49_999),
    }));
    const j = new JournalWriter(sqlite, deviceId, { outbox: false });
    let receipt = 0;
    let session = 0;
    let sessionId = id(t);
    const sales: { saleId: string; receipt: number; paid: number }[] = [];
    while (j.seq < entries) {
      t += intBetween(rand, 1_000, 60_000);
      const actor = pick(rand, users);
      const r = rand();
      const pair = entries - j.seq >= 2; // the two-entry events must not overshoot
      if (r < 0.86) {
        const n = 1 + Math.floor(rand() * rand() * 4);
        let subtotal = 0;
        const lines = Array.from({ length: n }, () => {
          const p = pick(rand, products);
          const quantity = rand() < 0.85 ? 1000 : 2000;
          const amount = (p.price * quantity) / 1000;
          subtotal += amount;
          return {
            lineId: id(t),
            productId: p.id,
            sku: p.sku,
            quantity,
            unitPrice: p.price,
            listPrice: p.price,
            discount: 0,
            amount,
            taxCategory: 'standard',
          };
        });
        const gst = Math.round(subtotal * 0.05);
        const qst = Math.round(subtotal * 0.09975);
        const total = subtotal + gst + qst;
        const cash = rand() < 0.55;
        const paid = cash ? Math.round(total / 5) * 5 : total;
        const saleId = id(t);
        receipt++;
        sales.push({ saleId, receipt, paid });
        j.append(id(t), iso(), actor.id, 'sale.completed', {
          saleId,
          receiptNumber: receipt,
          businessDate: iso().slice(0, 10),
          drawerSessionId: sessionId,
          customerId: null,
          currency: 'CAD',
          lines,
          taxes: [
            { code: 'QC-GST', base: subtotal, tax: gst },
            { code: 'QC-QST', base: subtotal, tax: qst },
          ],
          subtotal,
          taxTotal: gst + qst,
          total,
          cashRounding: paid - total,
          paid,
          tenders: cash
            ? [
                {
                  method: 'cash',
                  amount: paid,
                  tendered: Math.ceil(paid / 500) * 500,
                  change: Math.ceil(paid / 500) * 500 - paid,
                  reference: null,
                },
              ]
            : [
                {
                  method: 'card',
                  amount: paid,
                  tendered: null,
                  change: null,
                  reference: `A${intBetween(rand, 100000, 999999)}`,
                },
              ],
          approval: null,
        });
      } else if (r < 0.92 || !pair || sales.length === 0) {
        j.append(id(t), iso(), actor.id, rand() < 0.55 ? 'auth.login' : 'auth.logout', { userId: actor.id });
      } else if (r < 0.96) {
        const s = sales[sales.length - 1 - Math.floor(rand() * Math.min(sales.length, 500))]!;
        j.append(id(t), iso(), actor.id, 'sale.cancelled', {
          saleId: s.saleId,
          receiptNumber: s.receipt,
          reason: 'customer_request',
          message: 'Votre achat a été annulé et remboursé.',
        });
        j.append(id(t), iso(), actor.id, 'sale.refunded', {
          saleId: s.saleId,
          refundId: id(t),
          receiptNumber: s.receipt,
          channel: 'cash',
          amount: s.paid,
          drawerSessionId: sessionId,
          customerConfirmed: true,
          saleConfirmed: true,
          approval: null,
        });
      } else if (r < 0.985) {
        j.append(id(t), iso(), actor.id, 'drawer.closed', {
          sessionId,
          zNumber: session,
          expected: 250_000,
          counted: 250_000,
          overShort: 0,
          count: { '10000': 20, '5000': 8, '2000': 5 },
          salesTotal: 1_234_500,
          refundsTotal: 0,
          note: null,
        });
        sessionId = id(t);
        session++;
        j.append(id(t), iso(), actor.id, 'drawer.opened', {
          sessionId,
          number: session,
          float: 20_000,
          count: { '2000': 5, '1000': 5, '500': 2 },
        });
      } else {
        j.append(id(t), iso(), actor.id, 'drawer.paidIn', {
          movementId: id(t),
          amount: intBetween(rand, 100, 5000),
          reason: 'Monnaie',
        });
      }
      if (j.seq % 100_000 < 2 && j.seq > 2) log(`journal: ${j.seq} entries`);
    }
  })();
  finishLedgerFile(sqlite);
}
