import type Database from 'better-sqlite3';
import { all, one } from '../../db/sql.ts';
import type { Sale, SaleLine, SaleSummary, SaleTax, Tender } from '../../shared/api/types.ts';
import { notFound } from '../../shared/errors.ts';
import { RECEIPT_HASH_CHARS } from '../../shared/ledger/receipt-code.ts';
import { money } from '../../shared/money.ts';
import { computeTaxes, JURISDICTIONS } from '../../shared/tax.ts';
import { readStore } from './store-settings.ts';

interface SaleRow {
  id: string;
  receipt_number: number | null;
  status: Sale['status'];
  currency: Sale['currency'];
  customer_id: string | null;
  customer_name: string | null;
  clerk_id: string;
  clerk_name: string;
  opened_at: string;
  completed_at: string | null;
  business_date: string | null;
  subtotal: number;
  tax_total: number;
  total: number;
  cash_rounding: number;
  paid: number;
  cancel_reason: Sale['cancelReason'];
  cancel_message: string | null;
  refunded_amount: number;
  refunded_at: string | null;
  journal_hash: string | null;
  journal_seq: number | null;
  journal_device: string | null;
}

const SALE_SQL = `SELECT s.*, c.name AS customer_name, u.name AS clerk_name, j.hash AS journal_hash, j.seq AS journal_seq, j.device_id AS journal_device
  FROM sales s JOIN users u ON u.id = s.clerk_id
  LEFT JOIN customers c ON c.id = s.customer_id
  LEFT JOIN journal j ON j.seq = s.completion_seq
  WHERE s.id = ?`;

export function loadSale(sqlite: Database.Database, saleId: string): Sale {
  const s = one<SaleRow>(sqlite, SALE_SQL, saleId);
  if (!s) throw notFound('saleId', saleId, 'sale');
  const lines = all<{
    id: string;
    product_id: string;
    sku: string;
    name: string;
    quantity: number;
    unit_price: number;
    list_price: number;
    discount: number;
    amount: number;
    tax_category: string;
    returned_quantity: number;
    returned_amount: number;
  }>(
    sqlite,
    `SELECT l.*, coalesce(sum(r.quantity), 0) AS returned_quantity, coalesce(sum(r.amount), 0) AS returned_amount
     FROM sale_lines l LEFT JOIN refund_lines r ON r.sale_line_id = l.id
     WHERE l.sale_id = ? GROUP BY l.id ORDER BY l.position`,
    saleId,
  ).map(
    (l): SaleLine => ({
      id: l.id,
      productId: l.product_id,
      sku: l.sku,
      name: l.name,
      quantity: l.quantity,
      unitPrice: l.unit_price,
      listPrice: l.list_price,
      discount: l.discount,
      amount: l.amount,
      taxCategory: l.tax_category,
      returnedQuantity: l.returned_quantity,
      returnedAmount: l.returned_amount,
    }),
  );
  const returnedTaxes = all<{ code: string; rate_ppm: number; base: number; tax: number }>(
    sqlite,
    `SELECT t.code, t.rate_ppm, sum(t.base) AS base, sum(t.tax) AS tax FROM refunds r JOIN refund_taxes t ON t.refund_id = r.id
     WHERE r.sale_id = ? AND r.kind = 'lines' GROUP BY t.code, t.rate_ppm ORDER BY t.code`,
    saleId,
  ).map((t): SaleTax => ({ code: t.code, ratePpm: t.rate_ppm, base: t.base, tax: t.tax }));
  const taxes =
    s.status === 'open'
      ? ticketTaxes(sqlite, s.currency, lines)
      : all<{ code: string; rate_ppm: number; base: number; tax: number }>(
          sqlite,
          'SELECT code, rate_ppm, base, tax FROM sale_taxes WHERE sale_id = ? ORDER BY code',
          saleId,
        ).map((t): SaleTax => ({ code: t.code, ratePpm: t.rate_ppm, base: t.base, tax: t.tax }));
  const tenders = all<{
    id: string;
    method: Tender['method'];
    amount: number;
    tendered: number | null;
    change: number | null;
    reference: string | null;
  }>(
    sqlite,
    'SELECT id, method, amount, tendered, change, reference FROM tenders WHERE sale_id = ? ORDER BY rowid',
    saleId,
  );
  return {
    id: s.id,
    receiptNumber: s.receipt_number,
    status: s.status,
    currency: s.currency,
    customerId: s.customer_id,
    customerName: s.customer_name,
    clerkId: s.clerk_id,
    clerkName: s.clerk_name,
    openedAt: s.opened_at,
    completedAt: s.completed_at,
    businessDate: s.business_date,
    lines,
    taxes,
    subtotal: s.subtotal,
    taxTotal: s.tax_total,
    total: s.total,
    cashRounding: s.cash_rounding,
    paid: s.paid,
    tenders,
    cancelReason: s.cancel_reason,
    cancelMessage: s.cancel_message,
    refundedAmount: s.refunded_amount,
    refundedAt: s.refunded_at,
    returnedTaxes,
    journalHash: s.journal_hash ? s.journal_hash.slice(0, RECEIPT_HASH_CHARS) : null,
    chain:
      s.journal_hash && s.journal_seq !== null && s.journal_device
        ? { deviceId: s.journal_device, seq: s.journal_seq, hash: s.journal_hash }
        : null,
  };
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
  lines: readonly SaleLine[],
): SaleTax[] {
  if (lines.length === 0) return [];
  const store = readStore(sqlite);
  if (!store) return [];
  const j = JURISDICTIONS[store.jurisdiction];
  return computeTaxes(
    j,
    lines.map((l) => ({ amount: money(l.amount, currency), taxCategory: l.taxCategory })),
  )
    .taxes.map((t) => ({ code: t.code, ratePpm: t.ratePpm, base: t.base.amount, tax: t.tax.amount }))
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
  return all<{
    id: string;
    receipt_number: number | null;
    status: SaleSummary['status'];
    total: number;
    paid: number;
    currency: SaleSummary['currency'];
    customer_name: string | null;
    clerk_name: string;
    completed_at: string | null;
  }>(
    sqlite,
    `SELECT s.id, s.receipt_number, s.status, s.total, s.paid, s.currency, c.name AS customer_name, u.name AS clerk_name, s.completed_at
     FROM sales s JOIN users u ON u.id = s.clerk_id LEFT JOIN customers c ON c.id = s.customer_id
     WHERE ${where.join(' AND ')} ORDER BY coalesce(s.completed_at, '') DESC, s.id DESC LIMIT ?`,
    ...params,
  ).map((r) => ({
    id: r.id,
    receiptNumber: r.receipt_number,
    status: r.status,
    total: r.total,
    paid: r.paid,
    currency: r.currency,
    customerName: r.customer_name,
    clerkName: r.clerk_name,
    completedAt: r.completed_at,
  }));
}
