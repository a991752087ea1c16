import { TZDate } from '@date-fns/tz';
import { DEFAULT_JOB_RETENTION_DAYS, prunePrintJobs } from '../../../db/print-queue.ts';
import { writer } from '../../../db/sql.ts';
import { loadDeviceSecrets, memorySecretBox } from '../../../electron/app/device-secrets.ts';
import { computePeriod } from '../../../electron/services/closings.ts';
import { makeEnv } from '../../../electron/services/context.ts';
import { buildDrawerReport } from '../../../electron/services/drawer-report.ts';
import { cashRefundAmount } from '../../../electron/services/refunds.ts';
import {
  type CompletedSale,
  completedSaleRows,
  completedSaleView,
  saleCompletedEntry,
} from '../../../electron/services/sale-projection.ts';
import { writeCompletedSale } from '../../../electron/services/sales.ts';
import type { Discount, TenderInput } from '../../../shared/api/schemas.ts';
import type { Sale } from '../../../shared/api/types.ts';
import { allDenominations, type DenominationCount } from '../../../shared/denominations.ts';
import { type PrintJob, type PrintJobKind, printJobRef } from '../../../shared/ledger/print-jobs.ts';
import { applyTenders, priceCart } from '../../../shared/pricing.ts';
import { DEFAULT_STORE } from '../../../shared/store-settings.ts';
import { JURISDICTIONS } from '../../../shared/tax.ts';
import { intBetween, log, pick, prng } from '../lib.ts';
import { cachedLedger } from './artifact.ts';
import { addUserRow, createLedgerFile, finishLedgerFile, ids, JournalWriter, writeSettings } from './base.ts';

/**
 * A year of a busy Québec store (2025): ~200k sales of 1–4 lines (GST + QST, a few exempt
 * deposits, some discounts), cash / card / split tenders with CAD cash rounding, one drawer
 * session per open day with its float, X-less days closed by a numbered Z report (built by
 * the real buildDrawerReport), ~2 % of sales cancelled then refunded (cash from the drawer,
 * or card: pending, completed by head office two days later), month closings (computed by
 * the real computePeriod), logins, and for every command its journal entry (real hash chain,
 * the services' payload shapes), outbox row and print job (a reference, pruned after the
 * retention period as the print worker does). Rows have the shapes the services
 * write (read electron/services/sales.ts, refunds.ts, drawer.ts, closings.ts); they are
 * inserted directly, in one transaction, with a seeded PRNG: the file is deterministic.
 * Not generated: open/voided tickets, orders, order payments, day closings, pay-ins/outs.
 */
export const YEAR_GEN_VERSION = 'g3';
export const YEAR = '2025';
export const YEAR_PINS = { clerk: '1234', manager: '9876', admin: '5555' } as const;
/** a moment after the year, when its closing may be made */
export const AFTER_YEAR = new Date('2026-01-02T15:00:00.000Z');

export function yearLedger(sales = Number(process.env.BENCH_YEAR_SALES ?? 200_000)): string {
  return cachedLedger(`year-${sales}`, YEAR_GEN_VERSION, (file) => buildYear(file, sales));
}

const store = { ...DEFAULT_STORE };
const J = JURISDICTIONS[store.jurisdiction];
const CUR = J.currency;
const TZ = store.timeZone;
const STEP = store.cashRoundingStep;

interface Product {
  id: string;
  sku: string;
  name: string;
  price: number;
  taxCategory: string;
}
interface User {
  id: string;
  name: string;
  role: 'clerk' | 'manager' | 'admin';
}
interface Day {
  date: string;
  /** UTC ms of 09:00 local */
  nine: number;
  sales: number;
}
interface Event {
  t: number;
  kind: 'sale' | 'refund' | 'complete';
  sale?: SoldSale;
}
interface SoldSale {
  sale: Sale;
  channel: 'cash' | 'card';
  refundId?: string;
}

const HOUR = 3_600_000;
const MONTH_WEIGHT = [0.7, 0.7, 0.9, 1.1, 1.3, 1.3, 1.2, 1.2, 1.1, 1.0, 0.9, 1.2];
const WEEKDAY_WEIGHT = [0.6, 0.8, 0.9, 0.9, 1.0, 1.2, 1.4];
const BUSY_DAY = '2025-12-20';
const CLOSED = new Set(['2025-01-01', '2025-12-25']);
const NOUNS = [
  'Perceuse',
  'Scie',
  'Ponceuse',
  'Marteau',
  'Niveau',
  'Échelle',
  'Tondeuse',
  'Compresseur',
  'Clé',
];
const ADJS = ['pro', 'compacte', 'sans fil', 'industrielle', 'légère', 'robuste', 'classique'];
const FIRST = ['Julie', 'Marc', 'Sophie', 'Luc', 'Annie', 'Éric', 'Chloé', 'Paul', 'Nadia', 'Simon'];
const LAST = ['Roy', 'Tremblay', 'Gagnon', 'Côté', 'Bouchard', 'Gauthier', 'Morin', 'Lavoie', 'Fortin'];
const CANCEL_REASONS = ['customer_request', 'defective', 'wrong_item', 'duplicate'] as const;

function buildYear(file: string, totalSales: number): void {
  const rand = prng(2025);
  const id = ids(20251);
  const t0 = Date.UTC(2025, 0, 1, 5);
  const iso = (t: number) => new Date(t).toISOString();
  const sqlite = createLedgerFile(file);
  const deviceId = `till-${id(t0)}`;
  const env = makeEnv(sqlite, deviceId, store, () => new Date(t0), loadDeviceSecrets(memorySecretBox()));

  sqlite.transaction(() => {
    writeSettings(sqlite, store, deviceId);
    const users: User[] = [
      { id: id(t0), name: 'Admin', role: 'admin' },
      { id: id(t0), name: 'Martin Gagnon', role: 'manager' },
      { id: id(t0), name: 'Isabelle Côté', role: 'manager' },
      { id: id(t0), name: 'Camille Tremblay', role: 'clerk' },
      { id: id(t0), name: 'Hugo Lavoie', role: 'clerk' },
      { id: id(t0), name: 'Léa Fortin', role: 'clerk' },
      { id: id(t0), name: 'Noah Morin', role: 'clerk' },
    ];
    for (const u of users) addUserRow(sqlite, { ...u, pin: YEAR_PINS[u.role] }, rand, iso(t0));
    const managers = users.filter((u) => u.role === 'manager');
    const clerks = users.filter((u) => u.role === 'clerk');

    const catIds = ['Outillage', 'Jardin', 'Construction', 'Location', 'Quincaillerie', 'Peinture'].map(
      (name) => {
        const cid = id(t0);
        sqlite.prepare('INSERT INTO categories (id, name) VALUES (?, ?)').run(cid, name);
        return cid;
      },
    );
    const insProduct = sqlite.prepare(
      `INSERT INTO products (id, sku, barcode, name, manufacturer, category_id, price, tax_category, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const products: Product[] = [];
    for (let i = 1; i <= 200; i++) {
      const deposit = i % 10 === 0;
      const p: Product = {
        id: id(t0),
        sku: `SKU-${String(i).padStart(4, '0')}`,
        name: deposit ? `Dépôt de garantie ${i}` : `${pick(rand, NOUNS)} ${pick(rand, ADJS)} ${i}`,
        price: deposit
          ? intBetween(rand, 5, 40) * 500
          : Math.round(Math.exp(Math.log(99) + rand() * (Math.log(49_999) - Math.log(99)))),
        taxCategory: deposit ? 'exempt' : 'standard',
      };
      products.push(p);
      insProduct.run(
        p.id,
        p.sku,
        `06${String(1e10 + i * 7919).slice(-11)}`,
        p.name,
        pick(rand, ['Makita', 'DeWalt', 'Bosch', 'Stihl', null]),
        pick(rand, catIds),
        p.price,
        p.taxCategory,
        iso(t0),
      );
    }
    const customers: { id: string; name: string }[] = [];
    const insCustomer = sqlite.prepare(
      'INSERT INTO customers (id, name, email, created_at) VALUES (?, ?, ?, ?)',
    );
    for (let i = 0; i < 400; i++) {
      const c = { id: id(t0), name: `${pick(rand, FIRST)} ${pick(rand, LAST)}` };
      customers.push(c);
      insCustomer.run(c.id, c.name, `client${i}@example.ca`, iso(t0));
    }

    // --- the calendar: open days, sales per day (weekday × season × noise, one very busy day)
    const days: Day[] = [];
    for (let i = 0; i < 365; i++) {
      const d = new Date(Date.UTC(2025, 0, 1 + i));
      const date = d.toISOString().slice(0, 10);
      if (CLOSED.has(date)) continue;
      const nine = new TZDate(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), 9, 0, 0, TZ).getTime();
      const w =
        WEEKDAY_WEIGHT[d.getUTCDay()]! *
        MONTH_WEIGHT[d.getUTCMonth()]! *
        (0.85 + 0.3 * rand()) *
        (date === BUSY_DAY ? 3 : 1);
      days.push({ date, nine, sales: w });
    }
    const wsum = days.reduce((a, d) => a + d.sales, 0);
    let allotted = 0;
    for (const d of days) {
      d.sales = Math.floor((d.sales / wsum) * totalSales);
      allotted += d.sales;
    }
    for (let i = 0; allotted < totalSales; i = (i + 7) % days.length, allotted++) days[i]!.sales++;

    // --- statements
    const S = {
      move: sqlite.prepare(
        'INSERT INTO drawer_movements (id, session_id, kind, amount, reason, ref_id, user_id, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      print: sqlite.prepare(
        `INSERT INTO print_jobs (id, created_at, kind, ref_id, payload, kick_drawer, status, attempts, printed_at)
         VALUES (?, ?, ?, ?, ?, ?, 'done', 1, ?)`,
      ),
      outbox: sqlite.prepare('INSERT INTO outbox (seq, topic, payload, created_at) VALUES (NULL, ?, ?, ?)'),
      approval: sqlite.prepare(
        'INSERT INTO approvals (id, command, manager_id, requested_by, reason, ref_id, at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
    };
    const journal = new JournalWriter(sqlite, deviceId, { outbox: true });
    // print jobs as ctx.print writes them (references, shared/ledger/print-jobs.ts), printed 2 s later
    const print = <K extends PrintJobKind>(t: number, kind: K, payload: PrintJob<K>, kick: boolean) =>
      S.print.run(
        id(t),
        iso(t),
        kind,
        printJobRef(kind, payload),
        JSON.stringify(payload),
        kick ? 1 : 0,
        iso(t + 2000),
      );
    const counters = { receipt: 0, drawer_session: 0, z_report: 0 };
    const queue = new Map<number, Event[]>();
    const later = (day: number, e: Event) => {
      if (day >= days.length) return;
      const q = queue.get(day) ?? [];
      q.push(e);
      queue.set(day, q);
    };

    const approve = (t: number, command: string, manager: User, amount: number, saleId: string) => {
      if (amount <= store.refundApprovalThreshold) return null;
      S.approval.run(id(t), command, manager.id, manager.id, 'refund above threshold', saleId, iso(t));
      return { managerId: manager.id, reason: 'refund above threshold' };
    };

    for (let di = 0; di < days.length; di++) {
      const day = days[di]!;
      const month = day.date.slice(0, 7);
      const manager = managers[di % managers.length]!;
      const dayClerks = [clerks[di % clerks.length]!, clerks[(di + 1) % clerks.length]!];

      // a manager closes last month before the first opening of a month
      const prevMonth = di > 0 ? days[di - 1]!.date.slice(0, 7) : month;
      if (prevMonth !== month) {
        const t = day.nine - 30 * 60_000;
        journal.append(id(t), iso(t), manager.id, 'auth.login', { userId: manager.id });
        const figures = computePeriod(env, 'month', prevMonth);
        const closing = { id: id(t), ...figures, closedAt: iso(t), closedBy: manager.name };
        sqlite
          .prepare(
            `INSERT INTO period_closings (id, kind, period, period_grand_total, perpetual_grand_total, report, closed_at, closed_by)
             VALUES (?, 'month', ?, ?, ?, ?, ?, ?)`,
          )
          .run(
            closing.id,
            prevMonth,
            closing.periodGrandTotal,
            closing.perpetualGrandTotal,
            JSON.stringify(closing),
            iso(t),
            manager.id,
          );
        journal.append(id(t), iso(t), manager.id, 'period.closed', {
          closingId: closing.id,
          kind: 'month',
          period: prevMonth,
          salesTotal: closing.salesTotal,
          refundsTotal: closing.refundsTotal,
          periodGrandTotal: closing.periodGrandTotal,
          perpetualGrandTotal: closing.perpetualGrandTotal,
        });
      }

      // --- open the drawer (08:45)
      const tOpen = day.nine - 15 * 60_000;
      const opener = dayClerks[0]!;
      for (const c of dayClerks) journal.append(id(tOpen), iso(tOpen), c.id, 'auth.login', { userId: c.id });
      const floatCount: DenominationCount = {
        '2000': 5,
        '1000': 5,
        '500': 4,
        '200': 10,
        '100': 10,
        '25': 40,
      };
      const float = 10_000 + 5_000 + 2_000 + 2_000 + 1_000 + 1_000;
      const sessionId = id(tOpen);
      const number = ++counters.drawer_session;
      sqlite
        .prepare(
          `INSERT INTO drawer_sessions (id, number, status, currency, opened_at, opened_by, float, float_count)
           VALUES (?, ?, 'open', ?, ?, ?, ?, ?)`,
        )
        .run(sessionId, number, CUR, iso(tOpen), opener.id, float, JSON.stringify(floatCount));
      S.move.run(id(tOpen), sessionId, 'float', float, null, null, opener.id, iso(tOpen));
      journal.append(id(tOpen), iso(tOpen), opener.id, 'drawer.opened', {
        sessionId,
        number,
        float,
        count: floatCount,
      });
      print(tOpen, 'drawer_kick', { reason: 'open', sessionId }, true);
      // the print worker prunes done jobs past the retention period (it runs hourly; daily here)
      prunePrintJobs(sqlite, iso(tOpen - DEFAULT_JOB_RETENTION_DAYS * 86_400_000));

      // --- the day's events in time order: sales, refunds (same day or scheduled), card refunds completed
      const events: Event[] = [];
      const saleTimes = Array.from(
        { length: day.sales },
        () => day.nine + Math.floor(rand() * 12 * HOUR),
      ).sort((a, b) => a - b);
      for (const t of saleTimes) events.push({ t, kind: 'sale' });
      events.push(...(queue.get(di) ?? []));
      queue.delete(di);
      events.sort((a, b) => a.t - b.t || (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0));

      for (let ei = 0; ei < events.length; ei++) {
        const ev = events[ei]!;
        const t = ev.t;
        const at = iso(t);
        if (ev.kind === 'sale') {
          const clerk = pick(rand, dayClerks);
          const sold = sell(t, at, clerk, sessionId, day.date);
          if (rand() < 0.02) {
            // cancelled and refunded: later today or on a later open day
            const delay = rand() < 0.4 ? 0 : intBetween(rand, 1, 10);
            if (delay === 0) {
              const end = day.nine + 12 * HOUR - 60_000;
              const tr = t + 60_000 + Math.floor(rand() * Math.max(1, end - t - 60_000));
              // insert keeping the order (events after this one are sorted)
              const e: Event = { t: tr, kind: 'refund', sale: sold };
              let k = ei + 1;
              while (k < events.length && events[k]!.t <= tr) k++;
              events.splice(k, 0, e);
            } else {
              const target = days[di + delay];
              if (target)
                later(di + delay, {
                  t: target.nine + Math.floor(rand() * 12 * HOUR),
                  kind: 'refund',
                  sale: sold,
                });
            }
          }
        } else if (ev.kind === 'refund') {
          refund(ev.sale!, t, manager, sessionId, day.date, di);
        } else {
          completeCardRefund(ev.sale!, t, manager);
        }
      }

      // --- close the drawer with a blind count (21:15), Z report
      const tClose = day.nine + 12 * HOUR + 15 * 60_000;
      const closer = dayClerks[1]!;
      const expected = (
        sqlite
          .prepare('SELECT sum(amount) AS t FROM drawer_movements WHERE session_id = ?')
          .get(sessionId) as {
          t: number;
        }
      ).t;
      // (a tiny ledger's drawer can be short of the cash a later day's refunds paid out: count 0)
      const counted = Math.max(
        0,
        rand() < 0.9 ? expected : expected + pick(rand, [-100, -25, -10, -5, 5, 10, 25]),
      );
      const count = countOf(counted);
      const z = ++counters.z_report;
      const report = buildDrawerReport(sqlite, sessionId, 'Z', TZ, iso(tClose), {
        number: z,
        closedAt: iso(tClose),
        closedBy: closer.name,
        counted,
        count,
      });
      sqlite
        .prepare(
          `UPDATE drawer_sessions SET status = 'closed', closed_at = ?, closed_by = ?, expected = ?, counted = ?, count = ?,
            over_short = ?, z_number = ?, note = ? WHERE id = ?`,
        )
        .run(
          iso(tClose),
          closer.id,
          report.expectedCash,
          counted,
          JSON.stringify(count),
          report.overShort,
          z,
          null,
          sessionId,
        );
      sqlite
        .prepare('INSERT INTO z_reports (number, session_id, report, created_at) VALUES (?, ?, ?, ?)')
        .run(z, sessionId, JSON.stringify(report), iso(tClose));
      journal.append(id(tClose), iso(tClose), closer.id, 'drawer.closed', {
        sessionId,
        zNumber: z,
        expected: report.expectedCash,
        counted,
        overShort: counted - report.expectedCash,
        count,
        salesTotal: report.salesTotal,
        refundsTotal: report.refundsTotal,
        note: null,
      });
      print(tClose, 'z_report', { zNumber: z }, false);
      for (const c of dayClerks)
        journal.append(id(tClose + 60_000), iso(tClose + 60_000), c.id, 'auth.logout', { userId: c.id });
      if (di % 30 === 0) log(`year: ${day.date} (${counters.receipt} sales)`);
    }
    const insCounter = sqlite.prepare('INSERT INTO counters (name, value) VALUES (?, ?)');
    for (const [k, v] of Object.entries(counters)) insCounter.run(k, v);

    // ---------------------------------------------------------------------------------------
    function sell(t: number, at: string, clerk: User, sessionId: string, date: string): SoldSale {
      const n = pickWeighted([1, 2, 3, 4], [45, 30, 15, 10]);
      const drafts = Array.from({ length: n }, () => {
        const p = pick(rand, products);
        const r = rand();
        const discount: Discount | null =
          r < 0.04
            ? { kind: 'percent', basisPoints: 1000 }
            : r < 0.05 && p.price > 2000
              ? { kind: 'amount', amount: 500 }
              : null;
        const q = rand();
        return {
          id: id(t),
          product: p,
          quantity: q < 0.8 ? 1000 : q < 0.95 ? 2000 : intBetween(rand, 3, 10) * 1000,
          unitPrice: p.price,
          discount,
          taxCategory: p.taxCategory,
        };
      });
      const saleId = id(t);
      const customer = rand() < 0.2 ? pick(rand, customers) : null;
      const totals = priceCart(J, drafts);
      const r = rand();
      const tenders: TenderInput[] =
        r < 0.55
          ? [{ method: 'cash', tendered: Math.ceil((totals.total + 2) / 500) * 500 }]
          : r < 0.93
            ? [{ method: 'card', amount: totals.total, reference: `A${intBetween(rand, 100000, 999999)}` }]
            : [
                {
                  method: 'card',
                  amount: Math.floor(totals.total / 2),
                  reference: `A${intBetween(rand, 100000, 999999)}`,
                },
                {
                  method: 'cash',
                  tendered: Math.ceil((totals.total - Math.floor(totals.total / 2) + 2) / 500) * 500,
                },
              ];
      const paid = applyTenders(CUR, totals.total, tenders, { step: STEP });
      // the services' own projections (electron/services/sale-projection.ts): same entry, same rows, same view
      const completed: CompletedSale = {
        saleId,
        receiptNumber: ++counters.receipt,
        businessDate: date,
        drawerSessionId: sessionId,
        customerId: customer?.id ?? null,
        currency: CUR,
        clerkId: clerk.id,
        openedAt: at,
        completedAt: at,
        lines: drafts.map((l) => ({
          id: l.id,
          productId: l.product.id,
          sku: l.product.sku,
          name: l.product.name,
          quantity: l.quantity,
          unitPrice: l.unitPrice,
          listPrice: l.product.price,
          discount: l.discount,
          taxCategory: l.taxCategory,
        })),
        totals,
        paid,
        approval: null,
      };
      const seq = journal.seq + 1; // the sale's completion entry
      const entry = journal.append(id(t), at, clerk.id, 'sale.completed', saleCompletedEntry(completed));
      if (entry.seq !== seq) throw new Error('journal seq out of step');
      const rows = completedSaleRows(
        completed,
        entry.seq,
        paid.tenders.map(() => id(t)),
      );
      writeCompletedSale(writer(sqlite), rows, true);
      const cashIn = rows.cashIn;
      if (cashIn > 0) S.move.run(id(t), sessionId, 'sale', cashIn, null, saleId, clerk.id, at);
      const sale: Sale = completedSaleView(
        rows,
        { customerName: customer?.name ?? null, clerkName: clerk.name },
        { deviceId, seq: entry.seq, hash: entry.hash },
      );
      print(t, 'sale_receipt', { saleId, changeDue: paid.changeDue }, cashIn > 0);
      return { sale, channel: paid.tenders.some((tn) => tn.method !== 'cash') ? 'card' : 'cash' };
    }

    function refund(
      sold: SoldSale,
      t: number,
      manager: User,
      sessionId: string,
      date: string,
      di: number,
    ): void {
      const sale = sold.sale;
      // sale.cancel
      const reason = pick(rand, CANCEL_REASONS);
      const message = 'Votre achat a été annulé et remboursé.';
      const at = iso(t);
      sqlite
        .prepare(
          'UPDATE sales SET status = ?, cancel_reason = ?, cancel_message = ?, cancelled_at = ?, cancelled_by = ? WHERE id = ?',
        )
        .run('cancelled', reason, message, at, manager.id, sale.id);
      journal.append(id(t), at, manager.id, 'sale.cancelled', {
        saleId: sale.id,
        receiptNumber: sale.receiptNumber,
        reason,
        message,
      });
      if (sale.customerId) {
        S.outbox.run(
          'customer.email',
          JSON.stringify({ kind: 'sale_cancelled', saleId: sale.id, customerId: sale.customerId, message }),
          at,
        );
      }
      Object.assign(sale, { status: 'cancelled', cancelReason: reason, cancelMessage: message });
      print(t, 'cancel_slip', { saleId: sale.id }, false);

      // then the refund, half a minute later
      const t2 = t + 30_000;
      const at2 = iso(t2);
      if (sold.channel === 'cash') {
        const amount = cashRefundAmount(sale.paid, STEP, CUR);
        const approval = approve(t2, 'sale.refundCash', manager, amount, sale.id);
        const refundId = id(t2);
        sqlite
          .prepare(
            `INSERT INTO refunds (id, sale_id, channel, status, amount, drawer_session_id, created_at, created_by, business_date, completed_at)
             VALUES (?, ?, 'cash', 'completed', ?, ?, ?, ?, ?, ?)`,
          )
          .run(refundId, sale.id, amount, sessionId, at2, manager.id, date, at2);
        sqlite
          .prepare('UPDATE sales SET status = ?, refunded_amount = ?, refunded_at = ? WHERE id = ?')
          .run('refunded', amount, at2, sale.id);
        S.move.run(id(t2), sessionId, 'refund', -amount, null, sale.id, manager.id, at2);
        journal.append(id(t2), at2, manager.id, 'sale.refunded', {
          saleId: sale.id,
          refundId,
          receiptNumber: sale.receiptNumber,
          channel: 'cash',
          amount,
          drawerSessionId: sessionId,
          customerConfirmed: true,
          saleConfirmed: true,
          approval,
        });
        Object.assign(sale, { status: 'refunded', refundedAmount: amount, refundedAt: at2 });
        print(t2, 'refund_receipt', { saleId: sale.id, refundId }, true);
      } else {
        const amount = sale.paid;
        const approval = approve(t2, 'sale.refundToCard', manager, amount, sale.id);
        const refundId = id(t2);
        sold.refundId = refundId;
        sqlite
          .prepare(
            `INSERT INTO refunds (id, sale_id, channel, status, amount, drawer_session_id, created_at, created_by, business_date)
             VALUES (?, ?, 'card', 'pending', ?, ?, ?, ?, ?)`,
          )
          .run(refundId, sale.id, amount, sessionId, at2, manager.id, date);
        sqlite
          .prepare('UPDATE sales SET status = ?, refunded_amount = ? WHERE id = ?')
          .run('refund_pending', amount, sale.id);
        journal.append(id(t2), at2, manager.id, 'sale.refundRequested', {
          saleId: sale.id,
          refundId,
          channel: 'card',
          amount,
          approval,
        });
        S.outbox.run(
          'refund.request',
          JSON.stringify({ saleId: sale.id, refundId, amount, currency: sale.currency }),
          at2,
        );
        Object.assign(sale, { status: 'refund_pending', refundedAmount: amount });
        print(t2, 'refund_receipt', { saleId: sale.id, refundId }, false);
        const target = days[di + 2];
        if (target) later(di + 2, { t: target.nine + HOUR, kind: 'complete', sale: sold });
      }
    }

    function completeCardRefund(sold: SoldSale, t: number, manager: User): void {
      const at = iso(t);
      const reference = `HO-${sold.refundId!.slice(-8)}`;
      sqlite
        .prepare(
          "UPDATE refunds SET status = 'completed', completed_at = ?, reference = ? WHERE sale_id = ? AND status = 'pending'",
        )
        .run(at, reference, sold.sale.id);
      sqlite
        .prepare('UPDATE sales SET status = ?, refunded_at = ? WHERE id = ?')
        .run('refunded', at, sold.sale.id);
      journal.append(id(t), at, manager.id, 'sale.refundCompleted', { saleId: sold.sale.id, reference });
    }

    function pickWeighted<T>(xs: readonly T[], ws: readonly number[]): T {
      const total = ws.reduce((a, b) => a + b, 0);
      let r = rand() * total;
      for (let i = 0; i < xs.length; i++) {
        r -= ws[i]!;
        if (r < 0) return xs[i]!;
      }
      return xs[xs.length - 1]!;
    }
  })();
  finishLedgerFile(sqlite);
}

/** A drawer count for an amount, largest denominations first. */
function countOf(amount: number): DenominationCount {
  const count: DenominationCount = {};
  let rest = amount;
  for (const d of allDenominations(CUR)) {
    const n = Math.floor(rest / d);
    if (n > 0) {
      count[String(d)] = n;
      rest -= n * d;
    }
  }
  if (rest !== 0) throw new Error(`cannot count ${amount} in ${CUR}`);
  return count;
}
