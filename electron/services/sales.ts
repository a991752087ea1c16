import { selectColumns } from '../../db/columns.ts';
import { saleLines } from '../../db/schema.ts';
import { all, nextCounter, one, run, type WritableDB } from '../../db/sql.ts';
import type { OpParsed } from '../../shared/api/contract.ts';
import type { Discount, TenderInput } from '../../shared/api/schemas.ts';
import type { CheckoutResult, Sale } from '../../shared/api/types.ts';
import { CommandError, notFound } from '../../shared/errors.ts';
import { applyTenders, priceCart, priceLine } from '../../shared/pricing.ts';
import { transition } from '../../shared/state/machine.ts';
import { SALE_MACHINE, type SaleEvent } from '../../shared/state/sale.ts';
import type { CommandContext } from './context.ts';
import { assertDayOpen, moveCash, requireOpenDrawer } from './drawer-session.ts';
import {
  type CompletedSale,
  type CompletedSaleRows,
  completedSaleRows,
  completedSaleView,
  type DraftLine,
  draftLineOfRow,
  type SaleLineRow,
  saleCompletedEntry,
  saleLineRow,
} from './sale-projection.ts';
import { loadSale } from './sale-read.ts';

interface ProductRow {
  id: string;
  sku: string;
  name: string;
  price: number;
  tax_category: string;
  active: number;
}

function product(ctx: CommandContext, productId: string, path: string): ProductRow {
  const p = one<ProductRow>(
    ctx.sqlite,
    'SELECT id, sku, name, price, tax_category, active FROM products WHERE id = ?',
    productId,
  );
  if (!p?.active) throw notFound(path, productId, 'product');
  return p;
}

function customerExists(ctx: CommandContext, customerId: string, path: string): void {
  // a deleted customer's row stays (its old documents name it) but takes no new document
  if (!one(ctx.sqlite, 'SELECT 1 FROM customers WHERE id = ? AND deleted_at IS NULL', customerId)) {
    throw notFound(path, customerId, 'customer');
  }
}

/** Move a sale through its state machine or fail with INVALID_STATE naming both states. */
export function saleTransition(status: Sale['status'], event: SaleEvent): Sale['status'] {
  const t = transition(SALE_MACHINE, status, event);
  if (!t.ok)
    throw new CommandError('INVALID_STATE', `cannot ${event} a sale that is ${status}`, {
      details: { status, event },
    });
  return t.to;
}

function saleRow(ctx: CommandContext, saleId: string) {
  const s = one<{ id: string; status: Sale['status']; customer_id: string | null; clerk_id: string }>(
    ctx.sqlite,
    'SELECT id, status, customer_id, clerk_id FROM sales WHERE id = ?',
    saleId,
  );
  if (!s) throw notFound('saleId', saleId, 'sale');
  return s;
}

/** A ticket the clerk is still building: lines can change only while it is open. */
function openTicket(ctx: CommandContext, saleId: string) {
  const s = saleRow(ctx, saleId);
  if (s.status !== 'open') throw new CommandError('INVALID_STATE', `sale is ${s.status}, not open`);
  return s;
}

function overrideNeeded(lines: readonly DraftLine[]): boolean {
  return lines.some((l) => l.unitPrice !== l.listPrice);
}

function draftFromInput(
  ctx: CommandContext,
  l: { productId: string; quantity: number; unitPrice?: number | undefined; discount?: Discount | undefined },
  path: string,
): DraftLine {
  const p = product(ctx, l.productId, path ? `${path}.productId` : 'productId');
  return {
    id: ctx.newId(),
    productId: p.id,
    sku: p.sku,
    name: p.name,
    quantity: l.quantity,
    unitPrice: l.unitPrice ?? p.price,
    listPrice: p.price,
    discount: l.discount ?? null,
    taxCategory: p.tax_category,
  };
}

const INSERT_LINE = `INSERT INTO sale_lines (id, sale_id, position, product_id, sku, name, quantity, unit_price, list_price,
  discount_kind, discount_value, discount, amount, tax_category) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
const INSERT_SALE = `INSERT INTO sales (id, receipt_number, status, currency, customer_id, clerk_id, drawer_session_id, opened_at,
  completed_at, business_date, subtotal, tax_total, total, cash_rounding, paid, completion_seq)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
const COMPLETE_TICKET = `UPDATE sales SET receipt_number = ?, status = ?, drawer_session_id = ?, completed_at = ?, business_date = ?,
  subtotal = ?, tax_total = ?, total = ?, cash_rounding = ?, paid = ?, completion_seq = ? WHERE id = ?`;
const INSERT_TAX =
  'INSERT INTO sale_taxes (sale_id, code, rate_ppm, base, tax, business_date) VALUES (?, ?, ?, ?, ?, ?)';
const INSERT_TENDER =
  'INSERT INTO tenders (id, sale_id, method, amount, tendered, change, reference, business_date) VALUES (?, ?, ?, ?, ?, ?, ?, ?)';

function insertLine(db: WritableDB, r: SaleLineRow): void {
  run(
    db,
    INSERT_LINE,
    r.id,
    r.saleId,
    r.position,
    r.productId,
    r.sku,
    r.name,
    r.quantity,
    r.unitPrice,
    r.listPrice,
    r.discountKind,
    r.discountValue,
    r.discount,
    r.amount,
    r.taxCategory,
  );
}

/**
 * Write a completed sale's rows (sale-projection.ts completedSaleRows) as finalize does: a new
 * sale's row and lines are inserted; a ticket's row (and lines, written while it was open) is
 * completed in place. Taxes and tenders are inserted either way. The bench generator writes its
 * year of sales through this too.
 */
export function writeCompletedSale(db: WritableDB, rows: CompletedSaleRows, newSale: boolean): void {
  const s = rows.sale;
  if (newSale) {
    run(
      db,
      INSERT_SALE,
      s.id,
      s.receiptNumber,
      s.status,
      s.currency,
      s.customerId,
      s.clerkId,
      s.drawerSessionId,
      s.openedAt,
      s.completedAt,
      s.businessDate,
      s.subtotal,
      s.taxTotal,
      s.total,
      s.cashRounding,
      s.paid,
      s.completionSeq,
    );
    for (const l of rows.lines) insertLine(db, l);
  } else {
    run(
      db,
      COMPLETE_TICKET,
      s.receiptNumber,
      s.status,
      s.drawerSessionId,
      s.completedAt,
      s.businessDate,
      s.subtotal,
      s.taxTotal,
      s.total,
      s.cashRounding,
      s.paid,
      s.completionSeq,
      s.id,
    );
  }
  for (const t of rows.taxes) run(db, INSERT_TAX, t.saleId, t.code, t.ratePpm, t.base, t.tax, t.businessDate);
  for (const t of rows.tenders)
    run(
      db,
      INSERT_TENDER,
      t.id,
      t.saleId,
      t.method,
      t.amount,
      t.tendered,
      t.change,
      t.reference,
      t.businessDate,
    );
}

function writeLine(ctx: CommandContext, saleId: string, position: number, l: DraftLine): void {
  insertLine(ctx.sqlite, saleLineRow(saleId, position, l, priceLine(ctx.env.jurisdiction.currency, l)));
}

const DRAFT_LINES_SQL = `SELECT ${selectColumns(saleLines, 'l')} FROM sale_lines l WHERE l.sale_id = ? ORDER BY l.position`;

function readDraftLines(ctx: CommandContext, saleId: string): DraftLine[] {
  return all<SaleLineRow>(ctx.sqlite, DRAFT_LINES_SQL, saleId).map(draftLineOfRow);
}

/** Recompute an open ticket's running totals (shown while the clerk adds lines). */
function refreshTicketTotals(ctx: CommandContext, saleId: string): void {
  const lines = readDraftLines(ctx, saleId);
  const t = priceCart(ctx.env.jurisdiction, lines);
  run(
    ctx.sqlite,
    'UPDATE sales SET subtotal = ?, tax_total = ?, total = ? WHERE id = ?',
    t.subtotal,
    t.taxTotal,
    t.total,
    saleId,
  );
}

/**
 * Complete a sale: price it, apply tenders, number the receipt, move cash, journal it,
 * queue the receipt (and drawer kick) — all in the caller's transaction.
 */
function finalize(
  ctx: CommandContext,
  saleId: string,
  lines: DraftLine[],
  tenders: readonly TenderInput[],
  isNew: boolean,
  customerId: string | null,
): CheckoutResult {
  if (lines.length === 0) throw new CommandError('INVALID_STATE', 'a sale needs at least one line');
  const date = ctx.businessDate();
  assertDayOpen(ctx, date);
  const session = requireOpenDrawer(ctx.sqlite);
  // a ticket's overridden lines were approved when added or changed (sale.complete carries no approval)
  const approved = ctx.requireApproval(isNew && overrideNeeded(lines), 'price override', saleId);
  const totals = priceCart(ctx.env.jurisdiction, lines);
  const paid = applyTenders(ctx.env.jurisdiction.currency, totals.total, tenders, {
    step: ctx.store.cashRoundingStep,
  });
  const completed: CompletedSale = {
    saleId,
    receiptNumber: nextCounter(ctx.sqlite, 'receipt'),
    businessDate: date,
    drawerSessionId: session.id,
    customerId,
    currency: ctx.env.jurisdiction.currency,
    clerkId: ctx.actor.id,
    // a ticket's row keeps its own opening time: only its completion columns are written
    openedAt: ctx.atIso,
    completedAt: ctx.atIso,
    lines,
    totals,
    paid,
    approval: approved,
  };
  // journaled first so the sale row is written once, with the seq that completed it
  const entry = ctx.record('sale.completed', saleCompletedEntry(completed));
  const rows = completedSaleRows(
    completed,
    entry.seq,
    paid.tenders.map(() => ctx.newId()),
  );
  writeCompletedSale(ctx.sqlite, rows, isNew);
  if (rows.cashIn > 0) moveCash(ctx, session.id, 'sale', rows.cashIn, null, saleId);
  // a new sale's rows were all made just above: its view is built from them (the same
  // projection loadSale reads through) instead of read back; a completed ticket is read back
  const sale: Sale = isNew
    ? completedSaleView(
        rows,
        {
          customerName: customerId
            ? (one<{ name: string }>(ctx.sqlite, 'SELECT name FROM customers WHERE id = ?', customerId)
                ?.name ?? null)
            : null,
          clerkName: ctx.actor.name,
        },
        { deviceId: entry.device_id, seq: entry.seq, hash: entry.hash },
      )
    : loadSale(ctx.sqlite, saleId);
  ctx.print('sale_receipt', { saleId, changeDue: paid.changeDue }, rows.cashIn > 0);
  return { sale, changeDue: paid.changeDue };
}

export const salesHandlers = {
  'sale.checkout'(ctx: CommandContext, input: OpParsed<'sale.checkout'>): CheckoutResult {
    if (input.customerId) customerExists(ctx, input.customerId, 'customerId');
    const lines = input.lines.map((l, i) => draftFromInput(ctx, l, `lines.${i}`));
    const saleId = ctx.newId();
    return finalize(ctx, saleId, lines, input.tenders, true, input.customerId ?? null);
  },

  'sale.open'(ctx: CommandContext, input: OpParsed<'sale.open'>): Sale {
    if (input.customerId) customerExists(ctx, input.customerId, 'customerId');
    const id = ctx.newId();
    run(
      ctx.sqlite,
      `INSERT INTO sales (id, status, currency, customer_id, clerk_id, opened_at) VALUES (?, 'open', ?, ?, ?, ?)`,
      id,
      ctx.env.jurisdiction.currency,
      input.customerId ?? null,
      ctx.actor.id,
      ctx.atIso,
    );
    ctx.record('sale.opened', { saleId: id, customerId: input.customerId ?? null });
    return loadSale(ctx.sqlite, id);
  },

  'sale.addLine'(ctx: CommandContext, input: OpParsed<'sale.addLine'>): Sale {
    const s = openTicket(ctx, input.saleId);
    const line = draftFromInput(ctx, input, '');
    const approved = ctx.requireApproval(line.unitPrice !== line.listPrice, 'price override', input.saleId);
    const pos =
      (one<{ p: number | null }>(
        ctx.sqlite,
        'SELECT max(position) AS p FROM sale_lines WHERE sale_id = ?',
        s.id,
      )?.p ?? 0) + 1;
    writeLine(ctx, s.id, pos, line);
    refreshTicketTotals(ctx, s.id);
    ctx.record('sale.lineAdded', {
      saleId: s.id,
      lineId: line.id,
      productId: line.productId,
      quantity: line.quantity,
      unitPrice: line.unitPrice,
      discount: line.discount,
      approval: approved,
    });
    return loadSale(ctx.sqlite, s.id);
  },

  'sale.updateLine'(ctx: CommandContext, input: OpParsed<'sale.updateLine'>): Sale {
    const s = openTicket(ctx, input.saleId);
    const line = readDraftLines(ctx, s.id).find((l) => l.id === input.lineId);
    if (!line) throw notFound('lineId', input.lineId, 'line');
    const next: DraftLine = {
      ...line,
      quantity: input.quantity ?? line.quantity,
      unitPrice: input.unitPrice ?? line.unitPrice,
      discount: input.discount === undefined ? line.discount : input.discount,
    };
    const approved = ctx.requireApproval(
      input.unitPrice !== undefined && next.unitPrice !== next.listPrice,
      'price override',
      s.id,
    );
    const priced = priceLine(ctx.env.jurisdiction.currency, next);
    run(
      ctx.sqlite,
      `UPDATE sale_lines SET quantity = ?, unit_price = ?, discount_kind = ?, discount_value = ?, discount = ?, amount = ? WHERE id = ?`,
      next.quantity,
      next.unitPrice,
      next.discount?.kind ?? null,
      next.discount
        ? next.discount.kind === 'amount'
          ? next.discount.amount
          : next.discount.basisPoints
        : null,
      priced.discount,
      priced.amount,
      line.id,
    );
    refreshTicketTotals(ctx, s.id);
    ctx.record('sale.lineChanged', {
      saleId: s.id,
      lineId: line.id,
      quantity: next.quantity,
      unitPrice: next.unitPrice,
      discount: next.discount,
      approval: approved,
    });
    return loadSale(ctx.sqlite, s.id);
  },

  'sale.removeLine'(ctx: CommandContext, input: OpParsed<'sale.removeLine'>): Sale {
    const s = openTicket(ctx, input.saleId);
    const r = run(ctx.sqlite, 'DELETE FROM sale_lines WHERE id = ? AND sale_id = ?', input.lineId, s.id);
    if (r.changes === 0) throw notFound('lineId', input.lineId, 'line');
    refreshTicketTotals(ctx, s.id);
    ctx.record('sale.lineRemoved', { saleId: s.id, lineId: input.lineId });
    return loadSale(ctx.sqlite, s.id);
  },

  'sale.attachCustomer'(ctx: CommandContext, input: OpParsed<'sale.attachCustomer'>): Sale {
    const s = openTicket(ctx, input.saleId);
    if (input.customerId) customerExists(ctx, input.customerId, 'customerId');
    run(ctx.sqlite, 'UPDATE sales SET customer_id = ? WHERE id = ?', input.customerId, s.id);
    ctx.record('sale.customerAttached', { saleId: s.id, customerId: input.customerId });
    return loadSale(ctx.sqlite, s.id);
  },

  'sale.complete'(ctx: CommandContext, input: OpParsed<'sale.complete'>): CheckoutResult {
    const s = saleRow(ctx, input.saleId);
    saleTransition(s.status, 'complete');
    return finalize(ctx, s.id, readDraftLines(ctx, s.id), input.tenders, false, s.customer_id);
  },

  'sale.void'(ctx: CommandContext, input: OpParsed<'sale.void'>): Sale {
    const s = saleRow(ctx, input.saleId);
    const to = saleTransition(s.status, 'void');
    const approved = ctx.requireApproval(true, 'void a ticket', s.id);
    run(ctx.sqlite, 'UPDATE sales SET status = ? WHERE id = ?', to, s.id);
    ctx.record('sale.voided', { saleId: s.id, approval: approved });
    return loadSale(ctx.sqlite, s.id);
  },
};
