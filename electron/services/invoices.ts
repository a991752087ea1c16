import type Database from 'better-sqlite3';
import { all, nextCounter, one, run } from '../../db/sql.ts';
import type { OpParsed } from '../../shared/api/contract.ts';
import type { Discount } from '../../shared/api/schemas.ts';
import type { Invoice, InvoiceLine, InvoicePayment, InvoiceSummary } from '../../shared/api/types.ts';
import { CommandError, type FieldIssue, issue, notFound, validationError } from '../../shared/errors.ts';
import type { Entry } from '../../shared/ledger/entries.ts';
import { priceCart, priceLine } from '../../shared/pricing.ts';
import {
  INVOICE_EVENT_TO,
  INVOICE_MACHINE,
  type InvoiceEvent,
  type InvoiceStatus,
  PAYABLE_INVOICE_STATUSES,
} from '../../shared/state/invoice.ts';
import { transition } from '../../shared/state/machine.ts';
import type { InvoiceKind, InvoiceSource } from '../../shared/statuses.ts';
import { plainTax } from '../../shared/tax.ts';
import type { CommandContext, Env, ReadEnv } from './context.ts';
import { customerExists } from './customers.ts';

/**
 * Invoices and credit notes (issue 15, the ledger's side). A draft is made for a customer, or
 * from a completed sale or a reservation (their lines copied), and is edited or deleted freely.
 * Issuing gives it the next number of the till's own series — `FA-<till>-<device>` for invoices,
 * `AV-<till>-<device>` for credit notes, counter `invoice:<series>` — so two tills issuing
 * offline never collide, and numbers are gapless inside a series (the counter moves in the
 * issuing transaction only: a failed command rolls it back). From then on the lines and totals
 * never change: only the status (shared/state/invoice.ts) and the money received or credited.
 * Lines are priced and taxed by the sales' engines (shared/pricing.ts priceLine / priceCart:
 * per document, per rate).
 */

type AnyEnv = Env | ReadEnv;

interface InvoiceRow {
  id: string;
  kind: InvoiceKind;
  status: InvoiceStatus;
  series: string | null;
  seq_in_series: number | null;
  number: string | null;
  customer_id: string;
  customer_name: string | null;
  source: InvoiceSource;
  source_id: string | null;
  credit_of: string | null;
  currency: Invoice['currency'];
  subtotal: number;
  tax_total: number;
  total: number;
  paid: number;
  credited: number;
  notes: string | null;
  due_date: string | null;
  created_at: string;
  updated_at: string;
  issued_at: string | null;
}

interface LineRow {
  id: string;
  invoice_id: string;
  position: number;
  product_id: string | null;
  description: string;
  quantity: number;
  unit_price: number;
  discount_kind: 'amount' | 'percent' | null;
  discount_value: number | null;
  discount: number;
  amount: number;
  tax_category: string;
}

export function invoiceRow(sqlite: Database.Database, invoiceId: string): InvoiceRow {
  const r = one<InvoiceRow>(
    sqlite,
    `SELECT i.*, c.name AS customer_name FROM invoices i LEFT JOIN customers c ON c.id = i.customer_id
     WHERE i.id = ?`,
    invoiceId,
  );
  if (!r) throw notFound('invoiceId', invoiceId, 'invoice');
  return r;
}

export const invoiceLineRows = (sqlite: Database.Database, invoiceId: string) =>
  all<LineRow>(sqlite, 'SELECT * FROM invoice_lines WHERE invoice_id = ? ORDER BY position', invoiceId);

const lineDiscount = (l: LineRow): Discount | null =>
  l.discount_kind === 'amount'
    ? { kind: 'amount', amount: l.discount_value ?? 0 }
    : l.discount_kind === 'percent'
      ? { kind: 'percent', basisPoints: l.discount_value ?? 0 }
      : null;

/** Totals of the lines with the sales' tax engine (per document, per rate). */
export function invoiceTotals(env: AnyEnv, lines: readonly LineRow[]) {
  const cart = priceCart(
    env.jurisdiction,
    lines.map((l) => ({
      unitPrice: l.unit_price,
      quantity: l.quantity,
      discount: lineDiscount(l),
      taxCategory: l.tax_category,
    })),
  );
  return {
    subtotal: cart.subtotal,
    taxes: cart.taxes.map(plainTax),
    taxTotal: cart.taxTotal,
    total: cart.total,
  };
}

export function loadInvoice(env: AnyEnv, invoiceId: string): Invoice {
  const r = invoiceRow(env.sqlite, invoiceId);
  const lines = invoiceLineRows(env.sqlite, r.id);
  const t = invoiceTotals(env, lines);
  const creditOf = r.credit_of
    ? one<{ id: string; number: string }>(
        env.sqlite,
        'SELECT id, number FROM invoices WHERE id = ?',
        r.credit_of,
      )
    : undefined;
  return {
    id: r.id,
    kind: r.kind,
    status: r.status,
    number: r.number,
    series: r.series,
    customerId: r.customer_id,
    customerName: r.customer_name ?? '',
    source: r.source,
    sourceId: r.source_id,
    creditOf: creditOf ?? null,
    credits: all<{ id: string; number: string; total: number }>(
      env.sqlite,
      "SELECT id, number, total FROM invoices WHERE credit_of = ? AND kind = 'credit' ORDER BY seq_in_series",
      r.id,
    ),
    lines: lines.map(
      (l): InvoiceLine => ({
        id: l.id,
        productId: l.product_id,
        description: l.description,
        quantity: l.quantity,
        unitPrice: l.unit_price,
        discount: lineDiscount(l),
        discountAmount: l.discount,
        amount: l.amount,
        taxCategory: l.tax_category,
      }),
    ),
    subtotal: r.subtotal,
    taxes: t.taxes,
    taxTotal: r.tax_total,
    total: r.total,
    paid: r.paid,
    credited: r.credited,
    balance: r.kind === 'credit' ? 0 : r.total - r.credited - r.paid,
    currency: r.currency,
    notes: r.notes,
    dueDate: r.due_date,
    payments: all<{
      id: string;
      amount: number;
      method: InvoicePayment['method'];
      reference: string | null;
      clerk_id: string;
      at: string;
    }>(env.sqlite, 'SELECT * FROM invoice_payments WHERE invoice_id = ? ORDER BY at, id', r.id).map((p) => ({
      id: p.id,
      amount: p.amount,
      method: p.method,
      reference: p.reference,
      clerkId: p.clerk_id,
      at: p.at,
    })),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    issuedAt: r.issued_at,
  };
}

/** Move an invoice through its machine, or INVALID_STATE naming the status and the event. */
function next(r: InvoiceRow, event: InvoiceEvent): InvoiceStatus {
  const t = transition(INVOICE_MACHINE, r.status, event);
  if (!t.ok) {
    const what = r.number ?? 'draft';
    const reason = r.status !== 'draft' && (event === 'edit' || event === 'issue') ? 'issued' : undefined;
    throw new CommandError('INVALID_STATE', `cannot ${event} invoice ${what}: it is ${r.status}`, {
      details: { status: r.status, event, ...(reason ? { reason } : {}) },
    });
  }
  return t.to;
}

/** the till's series for a kind: its name's letters and digits, and the device's last 4 characters */
export function invoiceSeries(env: Env, kind: InvoiceKind): string {
  const till = [...env.store.tillName.replace(/[^\p{L}\p{N}]+/gu, '').toUpperCase()].slice(0, 10).join('');
  const device = env.deviceId
    .replace(/[^\p{L}\p{N}]+/gu, '')
    .toUpperCase()
    .slice(-4);
  return [kind === 'credit' ? 'AV' : 'FA', till, device].filter(Boolean).join('-');
}

function assignNumber(ctx: CommandContext, kind: InvoiceKind) {
  const series = invoiceSeries(ctx.env, kind);
  const seq = nextCounter(ctx.sqlite, `invoice:${series}`);
  return { series, seq, number: `${series}-${String(seq).padStart(6, '0')}` };
}

type LineInput = OpParsed<'invoice.create'>['lines'][number];

/** The lines' rows, priced by the sales' engine; bad lines are one VALIDATION naming each field. */
function buildLines(
  ctx: CommandContext,
  invoiceId: string,
  lines: readonly LineInput[],
  path = 'lines',
): LineRow[] {
  const issues: FieldIssue[] = [];
  const out: LineRow[] = [];
  const categories = ctx.env.jurisdiction.categories;
  lines.forEach((l, i) => {
    let description = l.description;
    let unitPrice = l.unitPrice;
    let taxCategory = l.taxCategory;
    if (l.productId) {
      const p = one<{ name: string; price: number; tax_category: string; active: number }>(
        ctx.sqlite,
        'SELECT name, price, tax_category, active FROM products WHERE id = ?',
        l.productId,
      );
      if (!p?.active) throw notFound(`${path}.${i}.productId`, l.productId, 'product');
      description ??= p.name;
      unitPrice ??= p.price;
      taxCategory ??= p.tax_category;
    } else {
      if (!description)
        issues.push(issue(`${path}.${i}.description`, 'required', 'a description or an item'));
      if (unitPrice === undefined) issues.push(issue(`${path}.${i}.unitPrice`, 'required', 'the unit price'));
    }
    taxCategory ??= 'standard';
    if (!Object.hasOwn(categories, taxCategory)) {
      issues.push(
        issue(`${path}.${i}.taxCategory`, 'unknownTax', `no tax category ${taxCategory} here`, {
          allowed: Object.keys(categories),
        }),
      );
    }
    if (!description || unitPrice === undefined) return;
    const priced = priceLine(ctx.env.jurisdiction.currency, {
      unitPrice,
      quantity: l.quantity,
      discount: l.discount ?? null,
      taxCategory,
    });
    out.push({
      id: ctx.newId(),
      invoice_id: invoiceId,
      position: out.length + 1,
      product_id: l.productId ?? null,
      description,
      quantity: l.quantity,
      unit_price: unitPrice,
      discount_kind: l.discount?.kind ?? null,
      discount_value: l.discount
        ? l.discount.kind === 'amount'
          ? l.discount.amount
          : l.discount.basisPoints
        : null,
      discount: priced.discount,
      amount: priced.amount,
      tax_category: taxCategory,
    });
  });
  if (issues.length) throw validationError(issues);
  return out;
}

/** a non-credit invoice never totals below zero: the refusal names the lines */
function assertNotNegative(total: number, path = 'lines'): void {
  if (total < 0) {
    throw validationError([
      issue(path, 'negativeTotal', `the invoice would total ${total}: issue a credit note`),
    ]);
  }
}

function insertLines(ctx: CommandContext, lines: readonly LineRow[]): void {
  for (const l of lines) {
    run(
      ctx.sqlite,
      `INSERT INTO invoice_lines (id, invoice_id, position, product_id, description, quantity, unit_price,
        discount_kind, discount_value, discount, amount, tax_category) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      l.id,
      l.invoice_id,
      l.position,
      l.product_id,
      l.description,
      l.quantity,
      l.unit_price,
      l.discount_kind,
      l.discount_value,
      l.discount,
      l.amount,
      l.tax_category,
    );
  }
}

const journalLine = (l: LineRow): Entry<'invoice.created'>['lines'][number] => ({
  lineId: l.id,
  productId: l.product_id,
  description: l.description,
  quantity: l.quantity,
  unitPrice: l.unit_price,
  discount: lineDiscount(l),
  discountAmount: l.discount,
  amount: l.amount,
  taxCategory: l.tax_category,
});

/** the lines of a completed sale, or of a reservation, as invoice line inputs */
function sourceLines(
  ctx: CommandContext,
  from: NonNullable<OpParsed<'invoice.create'>['from']>,
): { source: InvoiceSource; sourceId: string; lines: LineInput[] } {
  if (from.kind === 'sale') {
    const sale = one<{ status: string }>(ctx.sqlite, 'SELECT status FROM sales WHERE id = ?', from.saleId);
    if (!sale) throw notFound('from.saleId', from.saleId, 'sale');
    if (sale.status !== 'completed') {
      throw new CommandError(
        'INVALID_STATE',
        `sale ${from.saleId} is ${sale.status}: only a completed sale is invoiced`,
        {
          details: { status: sale.status, reason: 'saleNotCompleted' },
        },
      );
    }
    const rows = all<{
      product_id: string;
      name: string;
      quantity: number;
      unit_price: number;
      discount_kind: 'amount' | 'percent' | null;
      discount_value: number | null;
      tax_category: string;
    }>(ctx.sqlite, 'SELECT * FROM sale_lines WHERE sale_id = ? ORDER BY position', from.saleId);
    return {
      source: 'sale',
      sourceId: from.saleId,
      lines: rows.map((l) => ({
        productId: l.product_id,
        description: l.name,
        quantity: l.quantity,
        unitPrice: l.unit_price,
        taxCategory: l.tax_category,
        ...(l.discount_kind === 'amount'
          ? { discount: { kind: 'amount' as const, amount: l.discount_value ?? 0 } }
          : l.discount_kind === 'percent'
            ? { discount: { kind: 'percent' as const, basisPoints: l.discount_value ?? 0 } }
            : {}),
      })),
    };
  }
  const o = one<{ id: string }>(
    ctx.sqlite,
    "SELECT id FROM orders WHERE id = ? AND kind = 'reservation'",
    from.reservationId,
  );
  if (!o) throw notFound('from.reservationId', from.reservationId, 'reservation');
  const rows = all<{
    product_id: string;
    name: string;
    quantity: number;
    amount: number;
    tax_category: string;
  }>(ctx.sqlite, 'SELECT * FROM reservation_lines WHERE order_id = ? ORDER BY position', o.id);
  // a rental line's amount is the period's price for all its items: one line at that amount
  return {
    source: 'reservation',
    sourceId: o.id,
    lines: rows.map((l) => ({
      productId: l.product_id,
      description: l.quantity > 1 ? `${l.name} × ${l.quantity}` : l.name,
      quantity: 1000,
      unitPrice: l.amount,
      taxCategory: l.tax_category,
    })),
  };
}

function writeTotals(ctx: CommandContext, id: string, t: ReturnType<typeof invoiceTotals>): void {
  run(
    ctx.sqlite,
    'UPDATE invoices SET subtotal = ?, tax_total = ?, total = ?, updated_at = ? WHERE id = ?',
    t.subtotal,
    t.taxTotal,
    t.total,
    ctx.atIso,
    id,
  );
}

function setStatus(ctx: CommandContext, id: string, to: InvoiceStatus): void {
  run(ctx.sqlite, 'UPDATE invoices SET status = ?, updated_at = ? WHERE id = ?', to, ctx.atIso, id);
}

export const invoiceHandlers = {
  'invoice.create'(ctx: CommandContext, input: OpParsed<'invoice.create'>): Invoice {
    if (!customerExists(ctx.sqlite, input.customerId))
      throw notFound('customerId', input.customerId, 'customer');
    const id = ctx.newId();
    const src = input.from ? sourceLines(ctx, input.from) : null;
    const lines = buildLines(ctx, id, [...(src?.lines ?? []), ...input.lines]);
    const t = invoiceTotals(ctx.env, lines);
    assertNotNegative(t.total);
    run(
      ctx.sqlite,
      `INSERT INTO invoices (id, kind, status, customer_id, source, source_id, currency, subtotal, tax_total, total,
        notes, due_date, created_at, updated_at) VALUES (?, 'invoice', 'draft', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      id,
      input.customerId,
      src?.source ?? 'customer',
      src?.sourceId ?? null,
      ctx.env.jurisdiction.currency,
      t.subtotal,
      t.taxTotal,
      t.total,
      input.notes || null,
      input.dueDate ?? null,
      ctx.atIso,
      ctx.atIso,
    );
    insertLines(ctx, lines);
    ctx.record('invoice.created', {
      invoiceId: id,
      customerId: input.customerId,
      source: src?.source ?? 'customer',
      sourceId: src?.sourceId ?? null,
      lines: lines.map(journalLine),
      subtotal: t.subtotal,
      taxTotal: t.taxTotal,
      total: t.total,
      currency: ctx.env.jurisdiction.currency,
      notes: input.notes || null,
      dueDate: input.dueDate ?? null,
    });
    return loadInvoice(ctx.env, id);
  },

  'invoice.update'(ctx: CommandContext, input: OpParsed<'invoice.update'>): Invoice {
    const r = invoiceRow(ctx.sqlite, input.invoiceId);
    next(r, 'edit');
    let lines = invoiceLineRows(ctx.sqlite, r.id);
    if (input.lines) {
      lines = buildLines(ctx, r.id, input.lines);
      run(ctx.sqlite, 'DELETE FROM invoice_lines WHERE invoice_id = ?', r.id);
      insertLines(ctx, lines);
    }
    const t = invoiceTotals(ctx.env, lines);
    assertNotNegative(t.total);
    const notes = input.notes !== undefined ? input.notes || null : r.notes;
    const dueDate = input.dueDate !== undefined ? input.dueDate : r.due_date;
    writeTotals(ctx, r.id, t);
    run(ctx.sqlite, 'UPDATE invoices SET notes = ?, due_date = ? WHERE id = ?', notes, dueDate, r.id);
    ctx.record('invoice.updated', {
      invoiceId: r.id,
      lines: lines.map(journalLine),
      subtotal: t.subtotal,
      taxTotal: t.taxTotal,
      total: t.total,
      notes,
      dueDate,
    });
    return loadInvoice(ctx.env, r.id);
  },

  'invoice.delete'(ctx: CommandContext, input: OpParsed<'invoice.delete'>): { invoiceId: string } {
    const r = invoiceRow(ctx.sqlite, input.invoiceId);
    next(r, 'edit');
    run(ctx.sqlite, 'DELETE FROM invoice_lines WHERE invoice_id = ?', r.id);
    run(ctx.sqlite, 'DELETE FROM invoices WHERE id = ?', r.id);
    ctx.record('invoice.deleted', { invoiceId: r.id });
    return { invoiceId: r.id };
  },

  'invoice.issue'(ctx: CommandContext, input: OpParsed<'invoice.issue'>): Invoice {
    const r = invoiceRow(ctx.sqlite, input.invoiceId);
    const to = next(r, 'issue');
    if (!invoiceLineRows(ctx.sqlite, r.id).length) {
      throw validationError([issue('invoiceId', 'noRows', 'an invoice without lines is not issued')]);
    }
    const n = assignNumber(ctx, 'invoice');
    run(
      ctx.sqlite,
      'UPDATE invoices SET status = ?, series = ?, seq_in_series = ?, number = ?, issued_at = ?, updated_at = ? WHERE id = ?',
      to,
      n.series,
      n.seq,
      n.number,
      ctx.atIso,
      ctx.atIso,
      r.id,
    );
    ctx.record('invoice.issued', {
      invoiceId: r.id,
      series: n.series,
      seqInSeries: n.seq,
      number: n.number,
      total: r.total,
    });
    return loadInvoice(ctx.env, r.id);
  },

  'invoice.setStatus'(ctx: CommandContext, input: OpParsed<'invoice.setStatus'>): Invoice {
    const r = invoiceRow(ctx.sqlite, input.invoiceId);
    if (r.kind === 'credit') {
      throw new CommandError('INVALID_STATE', `${r.number} is a credit note: it has no status to set`, {
        details: { status: r.status, reason: 'creditNote' },
      });
    }
    const to = next(r, INVOICE_EVENT_TO[input.to]);
    setStatus(ctx, r.id, to);
    ctx.record('invoice.statusChanged', {
      invoiceId: r.id,
      from: r.status,
      to,
      manual: true,
      reason: input.reason,
    });
    return loadInvoice(ctx.env, r.id);
  },

  'invoice.recordPayment'(ctx: CommandContext, input: OpParsed<'invoice.recordPayment'>): Invoice {
    const r = invoiceRow(ctx.sqlite, input.invoiceId);
    if (r.kind === 'credit' || !PAYABLE_INVOICE_STATUSES.includes(r.status)) {
      throw new CommandError(
        'INVALID_STATE',
        `invoice ${r.number ?? 'draft'} is ${r.status}: no payment recorded`,
        {
          details: { status: r.status, event: 'pay' },
        },
      );
    }
    const balance = r.total - r.credited - r.paid;
    if (input.amount > balance) {
      throw validationError([
        issue('amount', 'overBalance', `more than the balance ${balance}`, { balance }),
      ]);
    }
    const paymentId = ctx.newId();
    run(
      ctx.sqlite,
      'INSERT INTO invoice_payments (id, invoice_id, amount, method, reference, clerk_id, at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      paymentId,
      r.id,
      input.amount,
      input.method,
      input.reference || null,
      ctx.actor.id,
      ctx.atIso,
    );
    run(
      ctx.sqlite,
      'UPDATE invoices SET paid = paid + ?, updated_at = ? WHERE id = ?',
      input.amount,
      ctx.atIso,
      r.id,
    );
    const left = balance - input.amount;
    // paid in full: the payment's entry says the status it brings (one command, one entry)
    const status = left === 0 ? next(r, 'pay') : r.status;
    if (status !== r.status) setStatus(ctx, r.id, status);
    ctx.record('invoice.paymentRecorded', {
      invoiceId: r.id,
      paymentId,
      amount: input.amount,
      method: input.method,
      reference: input.reference || null,
      balance: left,
      status,
    });
    return loadInvoice(ctx.env, r.id);
  },

  'invoice.credit'(ctx: CommandContext, input: OpParsed<'invoice.credit'>): Invoice {
    const r = invoiceRow(ctx.sqlite, input.invoiceId);
    if (r.kind === 'credit') {
      throw new CommandError('INVALID_STATE', `${r.number} is a credit note: credit the invoice itself`, {
        details: { status: r.status, reason: 'creditNote' },
      });
    }
    next(r, 'credit');
    const original = invoiceLineRows(ctx.sqlite, r.id);
    // what each line has left to credit (quantities of earlier credit notes)
    const creditedQty = new Map<string, number>();
    for (const c of all<{ payload: string }>(
      ctx.sqlite,
      "SELECT payload FROM journal WHERE type = 'invoice.credited' AND json_extract(payload, '$.invoiceId') = ?",
      r.id,
    )) {
      for (const l of (JSON.parse(c.payload) as Entry<'invoice.credited'>).lines) {
        creditedQty.set(l.creditedLineId, (creditedQty.get(l.creditedLineId) ?? 0) + l.quantity);
      }
    }
    const wanted =
      input.lines ??
      original
        .map((l) => ({ lineId: l.id, quantity: l.quantity - (creditedQty.get(l.id) ?? 0) }))
        .filter((l) => l.quantity > 0);
    const issues: FieldIssue[] = [];
    const picked: { from: LineRow; quantity: number }[] = [];
    wanted.forEach((w, i) => {
      const from = original.find((l) => l.id === w.lineId);
      if (!from) {
        issues.push(issue(`lines.${i}.lineId`, 'notFound', 'not a line of this invoice', { what: 'line' }));
        return;
      }
      const left =
        from.quantity -
        (creditedQty.get(from.id) ?? 0) -
        picked.filter((p) => p.from.id === from.id).reduce((s, p) => s + p.quantity, 0);
      if (w.quantity > left) {
        issues.push(issue(`lines.${i}.quantity`, 'creditTooMany', `only ${left} left to credit`, { left }));
        return;
      }
      picked.push({ from, quantity: w.quantity });
    });
    if (issues.length) throw validationError(issues);
    if (!picked.length)
      throw validationError([issue('lines', 'nothingToChange', 'nothing is left to credit')]);
    const creditId = ctx.newId();
    const lines: (LineRow & { credited_line_id: string })[] = picked.map((p, i) => {
      // the same line at the credited quantity; an amount discount is prorated, a percentage kept
      const discount: Discount | null =
        p.from.discount_kind === 'amount'
          ? {
              kind: 'amount',
              amount: Math.round(((p.from.discount_value ?? 0) * p.quantity) / p.from.quantity),
            }
          : lineDiscount(p.from);
      const priced = priceLine(r.currency, {
        unitPrice: p.from.unit_price,
        quantity: p.quantity,
        discount,
        taxCategory: p.from.tax_category,
      });
      return {
        ...p.from,
        id: ctx.newId(),
        invoice_id: creditId,
        position: i + 1,
        quantity: p.quantity,
        discount_kind: discount?.kind ?? null,
        discount_value: discount
          ? discount.kind === 'amount'
            ? discount.amount
            : discount.basisPoints
          : null,
        discount: priced.discount,
        amount: priced.amount,
        credited_line_id: p.from.id,
      };
    });
    const t = invoiceTotals(ctx.env, lines);
    const balanceLeft = r.total - r.credited;
    if (t.total > balanceLeft || t.total < 0) {
      // per-rate rounding could make the parts exceed the whole by a cent: never credit more than was invoiced
      throw validationError([
        issue('lines', 'creditTooMany', `more than the ${balanceLeft} left to credit`, { left: balanceLeft }),
      ]);
    }
    const n = assignNumber(ctx, 'credit');
    run(
      ctx.sqlite,
      `INSERT INTO invoices (id, kind, status, series, seq_in_series, number, customer_id, source, source_id, credit_of,
        currency, subtotal, tax_total, total, notes, created_at, updated_at, issued_at)
       VALUES (?, 'credit', 'issued', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      creditId,
      n.series,
      n.seq,
      n.number,
      r.customer_id,
      r.source,
      r.source_id,
      r.id,
      r.currency,
      t.subtotal,
      t.taxTotal,
      t.total,
      input.reason,
      ctx.atIso,
      ctx.atIso,
      ctx.atIso,
    );
    insertLines(ctx, lines);
    run(
      ctx.sqlite,
      'UPDATE invoices SET credited = credited + ?, updated_at = ? WHERE id = ?',
      t.total,
      ctx.atIso,
      r.id,
    );
    ctx.record('invoice.credited', {
      creditId,
      invoiceId: r.id,
      series: n.series,
      seqInSeries: n.seq,
      number: n.number,
      lines: lines.map((l) => ({ ...journalLine(l), creditedLineId: l.credited_line_id })),
      subtotal: t.subtotal,
      taxTotal: t.taxTotal,
      total: t.total,
      currency: r.currency,
      reason: input.reason,
    });
    return loadInvoice(ctx.env, creditId);
  },
};

export const invoiceQueries = {
  'invoice.get'(env: ReadEnv, input: OpParsed<'invoice.get'>): Invoice {
    return loadInvoice(env, input.invoiceId);
  },
  'invoice.list'(env: ReadEnv, input: OpParsed<'invoice.list'>): InvoiceSummary[] {
    const where = ['1 = 1'];
    const params: unknown[] = [];
    const q = input.q?.trim();
    if (q) {
      where.push('(i.number LIKE ? OR c.name LIKE ?)');
      params.push(`%${q}%`, `%${q}%`);
    }
    if (input.customerId) {
      where.push('i.customer_id = ?');
      params.push(input.customerId);
    }
    if (input.status) {
      where.push('i.status = ?');
      params.push(input.status);
    }
    if (input.kind) {
      where.push('i.kind = ?');
      params.push(input.kind);
    }
    params.push(input.limit);
    return all<InvoiceRow>(
      env.sqlite,
      `SELECT i.*, c.name AS customer_name FROM invoices i LEFT JOIN customers c ON c.id = i.customer_id
       WHERE ${where.join(' AND ')} ORDER BY i.created_at DESC, i.id DESC LIMIT ?`,
      ...params,
    ).map((r) => ({
      id: r.id,
      kind: r.kind,
      status: r.status,
      number: r.number,
      customerId: r.customer_id,
      customerName: r.customer_name ?? '',
      total: r.total,
      balance: r.kind === 'credit' ? 0 : r.total - r.credited - r.paid,
      createdAt: r.created_at,
      issuedAt: r.issued_at,
    }));
  },
};
