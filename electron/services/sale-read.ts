import type Database from 'better-sqlite3';
import { selectColumns } from '../../db/columns.ts';
import { saleLines, sales, saleTaxes } from '../../db/schema.ts';
import { all, one } from '../../db/sql.ts';
import type { Sale, SaleSummary } from '../../shared/api/types.ts';
import { notFound } from '../../shared/errors.ts';
import { money } from '../../shared/money.ts';
import { computeTaxes, JURISDICTIONS, plainTax } from '../../shared/tax.ts';
import {
  type SaleLineRow,
  type SaleRow,
  type SaleTaxRow,
  saleView,
  type TenderRow,
} from './sale-projection.ts';
import { readStore } from './store-settings.ts';

const SALE_SQL = `SELECT ${selectColumns(sales, 's')}, c.name AS customerName, u.name AS clerkName,
    j.hash AS journalHash, j.seq AS journalSeq, j.device_id AS journalDevice
  FROM sales s JOIN users u ON u.id = s.clerk_id
  LEFT JOIN customers c ON c.id = s.customer_id
  LEFT JOIN journal j ON j.seq = s.completion_seq
  WHERE s.id = ?`;

const LINES_SQL = `SELECT ${selectColumns(saleLines, 'l')},
    coalesce(sum(r.quantity), 0) AS returnedQuantity, coalesce(sum(r.amount), 0) AS returnedAmount
  FROM sale_lines l LEFT JOIN refund_lines r ON r.sale_line_id = l.id
  WHERE l.sale_id = ? GROUP BY l.id ORDER BY l.position`;

const TAX_COLUMNS = selectColumns(saleTaxes, 't', ['code', 'ratePpm', 'base', 'tax']);
type TaxRow = Pick<SaleTaxRow, 'code' | 'ratePpm' | 'base' | 'tax'>;

/** A sale as the contract shows it, from its rows (the view: sale-projection.ts saleView). */
export function loadSale(sqlite: Database.Database, saleId: string): Sale {
  const s = one<
    SaleRow & {
      customerName: string | null;
      clerkName: string;
      journalHash: string | null;
      journalSeq: number | null;
      journalDevice: string | null;
    }
  >(sqlite, SALE_SQL, saleId);
  if (!s) throw notFound('saleId', saleId, 'sale');
  const lines = all<SaleLineRow & { returnedQuantity: number; returnedAmount: number }>(
    sqlite,
    LINES_SQL,
    saleId,
  );
  const returnedTaxes = all<TaxRow>(
    sqlite,
    `SELECT t.code, t.rate_ppm AS ratePpm, sum(t.base) AS base, sum(t.tax) AS tax
     FROM refunds r JOIN refund_taxes t ON t.refund_id = r.id
     WHERE r.sale_id = ? AND r.kind = 'lines' GROUP BY t.code, t.rate_ppm ORDER BY t.code`,
    saleId,
  );
  const taxes =
    s.status === 'open'
      ? ticketTaxes(sqlite, s.currency, lines)
      : all<TaxRow>(
          sqlite,
          `SELECT ${TAX_COLUMNS} FROM sale_taxes t WHERE t.sale_id = ? ORDER BY t.code`,
          saleId,
        );
  const tenders = all<Omit<TenderRow, 'saleId' | 'businessDate'>>(
    sqlite,
    'SELECT id, method, amount, tendered, change, reference FROM tenders WHERE sale_id = ? ORDER BY rowid',
    saleId,
  );
  return saleView({
    sale: s,
    customerName: s.customerName,
    clerkName: s.clerkName,
    lines,
    taxes,
    returnedTaxes,
    tenders,
    chain:
      s.journalHash && s.journalSeq !== null && s.journalDevice
        ? { deviceId: s.journalDevice, seq: s.journalSeq, hash: s.journalHash }
        : null,
  });
}

/**
 * An open ticket's taxes per rate, computed from its lines as sale.complete will (the same
 * per-document-per-rate engine, sorted like sale_taxes): sale_taxes rows are written only on
 * completion, because reports read them, yet the clerk and an integrator need the breakdown the
 * receipt will print before payment (taxTotal alone came with an empty list).
 */
function ticketTaxes(
  sqlite: Database.Database,
  currency: Sale['currency'],
  lines: readonly Pick<SaleLineRow, 'amount' | 'taxCategory'>[],
): TaxRow[] {
  if (lines.length === 0) return [];
  const store = readStore(sqlite);
  if (!store) return [];
  const j = JURISDICTIONS[store.jurisdiction];
  return computeTaxes(
    j,
    lines.map((l) => ({ amount: money(l.amount, currency), taxCategory: l.taxCategory })),
  )
    .taxes.map(plainTax)
    .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

export function listSales(
  sqlite: Database.Database,
  f: {
    q?: string | undefined;
    from?: string | undefined;
    to?: string | undefined;
    status?: string | undefined;
    limit: number;
    after?: string | undefined;
  },
): SaleSummary[] {
  const where: string[] = [];
  const params: unknown[] = [];
  if (f.after) {
    // keyset paging on the list's own order: (completed_at, id) strictly below the cursor's.
    // An open ticket has no completion time: '' sorts it below every completed sale.
    const c = one<{ completed_at: string | null }>(
      sqlite,
      'SELECT completed_at FROM sales WHERE id = ?',
      f.after,
    );
    if (!c) {
      throw notFound('after', f.after, 'sale');
    }
    // (the first term is a range on the index sales_listed, which a row value is not)
    where.push("coalesce(s.completed_at, '') <= ? AND (coalesce(s.completed_at, '') < ? OR s.id < ?)");
    params.push(c.completed_at ?? '', c.completed_at ?? '', f.after);
  }
  if (f.status) {
    where.push('s.status = ?');
    params.push(f.status);
  } else {
    where.push("s.status <> 'open' AND s.status <> 'voided'");
  }
  if (f.from) {
    where.push('s.business_date >= ?');
    params.push(f.from);
  }
  if (f.to) {
    where.push('s.business_date <= ?');
    params.push(f.to);
  }
  const q = f.q?.trim();
  if (q) {
    if (/^\d+$/.test(q)) {
      where.push('(s.receipt_number = ? OR c.name LIKE ?)');
      params.push(Number(q), `%${q}%`);
    } else {
      where.push('c.name LIKE ?');
      params.push(`%${q}%`);
    }
  }
  params.push(f.limit);
  return all<SaleSummary>(
    sqlite,
    `SELECT ${SUMMARY_COLUMNS}, c.name AS customerName, u.name AS clerkName
     FROM sales s JOIN users u ON u.id = s.clerk_id LEFT JOIN customers c ON c.id = s.customer_id
     WHERE ${where.join(' AND ')} ORDER BY coalesce(s.completed_at, '') DESC, s.id DESC LIMIT ?`,
    ...params,
  );
}

/** the history's columns of a sale, named as the schema names them (SaleSummary's own fields) */
const SUMMARY_COLUMNS = selectColumns(sales, 's', [
  'id',
  'receiptNumber',
  'status',
  'total',
  'paid',
  'currency',
  'completedAt',
] satisfies readonly (keyof SaleRow & keyof SaleSummary)[]);
