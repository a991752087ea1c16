import type { saleLines, sales, saleTaxes, tenders } from '../../db/schema.ts';
import type { Discount } from '../../shared/api/schemas.ts';
import type { Sale, SaleLine, SaleTax, Tender } from '../../shared/api/types.ts';
import type { Entry } from '../../shared/ledger/entries.ts';
import { RECEIPT_HASH_CHARS } from '../../shared/ledger/receipt-code.ts';
import type { Currency } from '../../shared/money.ts';
import type { CartTotals, TenderResult } from '../../shared/pricing.ts';

/**
 * A completed sale's three shapes, each written once — pure functions called by
 * services/sales.ts (finalize), services/sale-read.ts (loadSale) and the bench generator
 * (test/bench/gen/year-ledger.ts) alike:
 *
 *   CompletedSale ──saleCompletedEntry──▶ the journal entry (the frozen copy, Entry<'sale.completed'>)
 *                 ──completedSaleRows───▶ the rows (typed by db/schema.ts)
 *   rows ─────────saleView──────────────▶ the contract's `Sale`
 *
 * A field added to the sale is added here, and the compiler names every caller that must give it.
 */

/** The rows as the schema types them (drizzle's `$inferSelect`). */
export type SaleRow = typeof sales.$inferSelect;
export type SaleLineRow = typeof saleLines.$inferSelect;
export type SaleTaxRow = typeof saleTaxes.$inferSelect;
export type TenderRow = typeof tenders.$inferSelect;

/** A line as the counter drafted it (product, quantity, price, discount), before pricing. */
export interface DraftLine {
  id: string;
  productId: string;
  sku: string;
  name: string;
  quantity: number;
  unitPrice: number;
  listPrice: number;
  discount: Discount | null;
  taxCategory: string;
}

/** Everything a completed sale is made of, priced and paid: the one input of the projections. */
export interface CompletedSale {
  saleId: string;
  receiptNumber: number;
  businessDate: string;
  drawerSessionId: string;
  customerId: string | null;
  currency: Currency;
  clerkId: string;
  /** when the ticket was opened (a sale checked out in one go: the completion time) */
  openedAt: string;
  completedAt: string;
  lines: readonly DraftLine[];
  totals: CartTotals;
  paid: TenderResult;
  approval: Entry<'sale.completed'>['approval'];
}

/** The completion's journal entry. */
export function saleCompletedEntry(c: CompletedSale): Entry<'sale.completed'> {
  return {
    saleId: c.saleId,
    receiptNumber: c.receiptNumber,
    businessDate: c.businessDate,
    drawerSessionId: c.drawerSessionId,
    customerId: c.customerId,
    currency: c.currency,
    lines: c.lines.map((l, i) => ({
      lineId: l.id,
      productId: l.productId,
      sku: l.sku,
      quantity: l.quantity,
      unitPrice: l.unitPrice,
      listPrice: l.listPrice,
      discount: c.totals.lines[i]!.discount,
      amount: c.totals.lines[i]!.amount,
      taxCategory: l.taxCategory,
    })),
    taxes: c.totals.taxes.map((t) => ({ code: t.code, base: t.base.amount, tax: t.tax.amount })),
    subtotal: c.totals.subtotal,
    taxTotal: c.totals.taxTotal,
    total: c.totals.total,
    cashRounding: c.paid.cashRounding,
    paid: c.paid.paid,
    tenders: c.paid.tenders,
    approval: c.approval,
  };
}

export interface CompletedSaleRows {
  sale: SaleRow;
  lines: SaleLineRow[];
  taxes: SaleTaxRow[];
  tenders: TenderRow[];
  /** what the cash tender put in the drawer (0: no drawer movement) */
  cashIn: number;
}

/** A line's row (an open ticket's line is written with its own pricing, `priced`). */
export function saleLineRow(
  saleId: string,
  position: number,
  l: DraftLine,
  priced: { discount: number; amount: number },
): SaleLineRow {
  return {
    id: l.id,
    saleId,
    position,
    productId: l.productId,
    sku: l.sku,
    name: l.name,
    quantity: l.quantity,
    unitPrice: l.unitPrice,
    listPrice: l.listPrice,
    discountKind: l.discount?.kind ?? null,
    discountValue: l.discount
      ? l.discount.kind === 'amount'
        ? l.discount.amount
        : l.discount.basisPoints
      : null,
    discount: priced.discount,
    amount: priced.amount,
    taxCategory: l.taxCategory,
  };
}

/** An open ticket's line read back as the counter drafted it (saleLineRow's inverse). */
export function draftLineOfRow(r: SaleLineRow): DraftLine {
  return {
    id: r.id,
    productId: r.productId,
    sku: r.sku,
    name: r.name,
    quantity: r.quantity,
    unitPrice: r.unitPrice,
    listPrice: r.listPrice,
    discount:
      r.discountKind === 'amount'
        ? { kind: 'amount', amount: r.discountValue! }
        : r.discountKind === 'percent'
          ? { kind: 'percent', basisPoints: r.discountValue! }
          : null,
    taxCategory: r.taxCategory,
  };
}

/**
 * The rows of a completed sale: the sale (completed by the journal entry `completionSeq`), its
 * lines, its taxes per rate and its tenders (ids minted by the caller, in tender order).
 */
export function completedSaleRows(
  c: CompletedSale,
  completionSeq: number,
  tenderIds: readonly string[],
): CompletedSaleRows {
  let cashIn = 0;
  const tenderRows = c.paid.tenders.map((t, i): TenderRow => {
    if (t.method === 'cash') cashIn += t.amount;
    return {
      id: tenderIds[i]!,
      saleId: c.saleId,
      method: t.method,
      amount: t.amount,
      tendered: t.tendered,
      change: t.change,
      reference: t.reference,
      businessDate: c.businessDate,
    };
  });
  return {
    sale: {
      id: c.saleId,
      receiptNumber: c.receiptNumber,
      status: 'completed',
      currency: c.currency,
      customerId: c.customerId,
      clerkId: c.clerkId,
      drawerSessionId: c.drawerSessionId,
      openedAt: c.openedAt,
      completedAt: c.completedAt,
      businessDate: c.businessDate,
      subtotal: c.totals.subtotal,
      taxTotal: c.totals.taxTotal,
      total: c.totals.total,
      cashRounding: c.paid.cashRounding,
      paid: c.paid.paid,
      cancelReason: null,
      cancelMessage: null,
      cancelledAt: null,
      cancelledBy: null,
      refundedAmount: 0,
      refundedAt: null,
      completionSeq,
    },
    lines: c.lines.map((l, i) => saleLineRow(c.saleId, i + 1, l, c.totals.lines[i]!)),
    taxes: c.totals.taxes.map((t) => ({
      saleId: c.saleId,
      code: t.code,
      ratePpm: t.ratePpm,
      base: t.base.amount,
      tax: t.tax.amount,
      businessDate: c.businessDate,
    })),
    tenders: tenderRows,
    cashIn,
  };
}

/** What the view reads besides the sale's own rows. */
export interface SaleViewInput {
  sale: Omit<SaleRow, 'cancelledAt' | 'cancelledBy' | 'completionSeq' | 'drawerSessionId'>;
  customerName: string | null;
  clerkName: string;
  /** in position order, with what returns took back of each (0 when none) */
  lines: readonly (Omit<SaleLineRow, 'saleId' | 'position' | 'discountKind' | 'discountValue'> & {
    returnedQuantity: number;
    returnedAmount: number;
  })[];
  taxes: readonly Pick<SaleTaxRow, 'code' | 'ratePpm' | 'base' | 'tax'>[];
  returnedTaxes: readonly Pick<SaleTaxRow, 'code' | 'ratePpm' | 'base' | 'tax'>[];
  /** in the order they were tendered */
  tenders: readonly Omit<TenderRow, 'saleId' | 'businessDate'>[];
  /** the completion's journal entry, when there is one */
  chain: { deviceId: string; seq: number; hash: string } | null;
}

const byCode = (a: SaleTax, b: SaleTax) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
const tax = (t: Pick<SaleTaxRow, 'code' | 'ratePpm' | 'base' | 'tax'>): SaleTax => ({
  code: t.code,
  ratePpm: t.ratePpm,
  base: t.base,
  tax: t.tax,
});

/** The contract's `Sale` from its rows (taxes by code, as receipts print them). */
export function saleView(r: SaleViewInput): Sale {
  const s = r.sale;
  return {
    id: s.id,
    receiptNumber: s.receiptNumber,
    status: s.status,
    currency: s.currency,
    customerId: s.customerId,
    customerName: r.customerName,
    clerkId: s.clerkId,
    clerkName: r.clerkName,
    openedAt: s.openedAt,
    completedAt: s.completedAt,
    businessDate: s.businessDate,
    lines: r.lines.map(
      (l): SaleLine => ({
        id: l.id,
        productId: l.productId,
        sku: l.sku,
        name: l.name,
        quantity: l.quantity,
        unitPrice: l.unitPrice,
        listPrice: l.listPrice,
        discount: l.discount,
        amount: l.amount,
        taxCategory: l.taxCategory,
        returnedQuantity: l.returnedQuantity,
        returnedAmount: l.returnedAmount,
      }),
    ),
    taxes: r.taxes.map(tax).sort(byCode),
    subtotal: s.subtotal,
    taxTotal: s.taxTotal,
    total: s.total,
    cashRounding: s.cashRounding,
    paid: s.paid,
    tenders: r.tenders.map(
      (t): Tender => ({
        id: t.id,
        method: t.method,
        amount: t.amount,
        tendered: t.tendered,
        change: t.change,
        reference: t.reference,
      }),
    ),
    cancelReason: s.cancelReason,
    cancelMessage: s.cancelMessage,
    refundedAmount: s.refundedAmount,
    refundedAt: s.refundedAt,
    returnedTaxes: r.returnedTaxes.map(tax).sort(byCode),
    journalHash: r.chain ? r.chain.hash.slice(0, RECEIPT_HASH_CHARS) : null,
    chain: r.chain,
  };
}

/** The view of a sale just completed, from the rows completedSaleRows made (nothing read back). */
export function completedSaleView(
  rows: CompletedSaleRows,
  names: { customerName: string | null; clerkName: string },
  chain: { deviceId: string; seq: number; hash: string },
): Sale {
  return saleView({
    sale: rows.sale,
    ...names,
    lines: rows.lines.map((l) => ({ ...l, returnedQuantity: 0, returnedAmount: 0 })),
    taxes: rows.taxes,
    returnedTaxes: [],
    tenders: rows.tenders,
    chain,
  });
}
