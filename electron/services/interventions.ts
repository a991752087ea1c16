import type Database from 'better-sqlite3';
import { all, nextCounter, one, run } from '../../db/sql.ts';
import type { OpParsed } from '../../shared/api/contract.ts';
import type { Intervention, InterventionLine, InterventionSummary } from '../../shared/api/types.ts';
import { CommandError, type FieldIssue, issue, notFound, validationError } from '../../shared/errors.ts';
import type { Entry } from '../../shared/ledger/entries.ts';
import { priceCart, priceLine } from '../../shared/pricing.ts';
import {
  EVENT_TO,
  INTERVENTION_MACHINE,
  type InterventionEvent,
  type InterventionStatus,
  OPEN_INTERVENTION_STATUSES,
} from '../../shared/state/intervention.ts';
import { transition } from '../../shared/state/machine.ts';
import { plainTax } from '../../shared/tax.ts';
import type { CommandContext, Env, ReadEnv } from './context.ts';
import { customerExists } from './customers.ts';
import { loadOrder, orderNumber } from './orders.ts';

/**
 * Interventions: a repair or service job for a customer, an order of kind 'intervention' (same
 * number series, same "Add a payment" flow through order.recordPayment, same balance) with lines
 * (labour or parts by description, or catalogue items; quantities in thousandths) taxed by the
 * sales' tax engine (shared/pricing.ts priceCart), and a life (shared/state/intervention.ts):
 * quote → order → done → closed, or cancelled. Every change is one command and one entry.
 */

type AnyEnv = Env | ReadEnv;

interface LineRow {
  id: string;
  order_id: string;
  position: number;
  product_id: string | null;
  description: string;
  quantity: number;
  unit_price: number;
  amount: number;
  tax_category: string;
}

interface OrderRow {
  id: string;
  number: string;
  status: InterventionStatus;
  customer_id: string;
  customer_name: string | null;
  description: string;
  total: number;
  currency: Intervention['currency'];
  notes: string | null;
  created_at: string;
  updated_at: string | null;
}

function orderRow(sqlite: Database.Database, interventionId: string): OrderRow {
  const o = one<OrderRow>(
    sqlite,
    `SELECT o.id, o.number, o.status, o.customer_id, o.description, o.total, o.currency, o.notes, o.created_at,
       o.updated_at, c.name AS customer_name
     FROM orders o LEFT JOIN customers c ON c.id = o.customer_id WHERE o.id = ? AND o.kind = 'intervention'`,
    interventionId,
  );
  if (!o) throw notFound('interventionId', interventionId, 'intervention');
  return o;
}

const lineRows = (sqlite: Database.Database, orderId: string) =>
  all<LineRow>(sqlite, 'SELECT * FROM intervention_lines WHERE order_id = ? ORDER BY position', orderId);

/** Totals from the lines, with the sales' tax engine (per document, per rate). */
function totals(env: AnyEnv, lines: readonly LineRow[]) {
  const cart = priceCart(
    env.jurisdiction,
    lines.map((l) => ({ unitPrice: l.unit_price, quantity: l.quantity, taxCategory: l.tax_category })),
  );
  return {
    subtotal: cart.subtotal,
    taxes: cart.taxes.map(plainTax),
    taxTotal: cart.taxTotal,
    total: cart.total,
  };
}

export function loadIntervention(env: AnyEnv, interventionId: string): Intervention {
  const o = orderRow(env.sqlite, interventionId);
  const lines = lineRows(env.sqlite, o.id);
  const t = totals(env, lines);
  const order = loadOrder(env.sqlite, o.id);
  return {
    id: o.id,
    number: o.number,
    status: o.status,
    customerId: o.customer_id,
    customerName: o.customer_name ?? '',
    description: o.description,
    lines: lines.map(
      (l): InterventionLine => ({
        id: l.id,
        productId: l.product_id,
        description: l.description,
        quantity: l.quantity,
        unitPrice: l.unit_price,
        amount: l.amount,
        taxCategory: l.tax_category,
      }),
    ),
    subtotal: t.subtotal,
    taxes: t.taxes,
    taxTotal: t.taxTotal,
    total: o.total,
    paid: order.paid,
    balance: order.balance,
    currency: o.currency,
    notes: o.notes,
    payments: order.payments,
    createdAt: o.created_at,
    updatedAt: o.updated_at,
  };
}

/** Move an intervention through its machine, or INVALID_STATE naming the status and the event. */
function next(o: OrderRow, event: InterventionEvent): InterventionStatus {
  const t = transition(INTERVENTION_MACHINE, o.status, event);
  if (!t.ok) {
    throw new CommandError('INVALID_STATE', `cannot ${event} intervention ${o.number}: it is ${o.status}`, {
      details: { status: o.status, event },
    });
  }
  return t.to;
}

type LineInput = OpParsed<'intervention.addLines'>['lines'][number];

/** The new lines' rows; bad lines are one VALIDATION naming each field. */
function buildLines(
  ctx: CommandContext,
  orderId: string,
  firstPosition: number,
  lines: readonly LineInput[],
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
      if (!p?.active) throw notFound(`lines.${i}.productId`, l.productId, 'product');
      description ??= p.name;
      unitPrice ??= p.price;
      taxCategory ??= p.tax_category;
    } else {
      if (!description) issues.push(issue(`lines.${i}.description`, 'required', 'a description or an item'));
      if (unitPrice === undefined) issues.push(issue(`lines.${i}.unitPrice`, 'required', 'the unit price'));
    }
    taxCategory ??= 'standard';
    if (!Object.hasOwn(categories, taxCategory)) {
      issues.push(
        issue(`lines.${i}.taxCategory`, 'unknownTax', `no tax category ${taxCategory} here`, {
          allowed: Object.keys(categories),
        }),
      );
    }
    if (!description || unitPrice === undefined) return;
    out.push({
      id: ctx.newId(),
      order_id: orderId,
      position: firstPosition + out.length,
      product_id: l.productId ?? null,
      description,
      quantity: l.quantity,
      unit_price: unitPrice,
      amount: priceLine(ctx.env.jurisdiction.currency, { unitPrice, quantity: l.quantity, taxCategory })
        .amount,
      tax_category: taxCategory,
    });
  });
  if (issues.length) throw validationError(issues);
  return out;
}

function insertLines(ctx: CommandContext, lines: readonly LineRow[]): void {
  for (const l of lines) {
    run(
      ctx.sqlite,
      `INSERT INTO intervention_lines (id, order_id, position, product_id, description, quantity, unit_price, amount,
        tax_category) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      l.id,
      l.order_id,
      l.position,
      l.product_id,
      l.description,
      l.quantity,
      l.unit_price,
      l.amount,
      l.tax_category,
    );
  }
}

const journalLine = (l: LineRow): Entry<'intervention.created'>['lines'][number] => ({
  lineId: l.id,
  productId: l.product_id,
  description: l.description,
  quantity: l.quantity,
  unitPrice: l.unit_price,
  amount: l.amount,
  taxCategory: l.tax_category,
});

export const interventionHandlers = {
  'intervention.create'(ctx: CommandContext, input: OpParsed<'intervention.create'>): Intervention {
    if (!customerExists(ctx.sqlite, input.customerId)) {
      throw notFound('customerId', input.customerId, 'customer');
    }
    const id = ctx.newId();
    const lines = buildLines(ctx, id, 1, input.lines);
    const number = orderNumber(ctx.store.tillName, nextCounter(ctx.sqlite, 'order'));
    const t = totals(ctx.env, lines);
    run(
      ctx.sqlite,
      `INSERT INTO orders (id, number, customer_id, description, total, currency, created_at, kind, status,
        subtotal, tax_total, notes, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'intervention', ?, ?, ?, ?, ?)`,
      id,
      number,
      input.customerId,
      input.description,
      t.total,
      ctx.env.jurisdiction.currency,
      ctx.atIso,
      input.status,
      t.subtotal,
      t.taxTotal,
      input.notes || null,
      ctx.atIso,
    );
    insertLines(ctx, lines);
    ctx.record('intervention.created', {
      interventionId: id,
      number,
      customerId: input.customerId,
      status: input.status,
      lines: lines.map(journalLine),
      subtotal: t.subtotal,
      taxTotal: t.taxTotal,
      total: t.total,
      currency: ctx.env.jurisdiction.currency,
    });
    return loadIntervention(ctx.env, id);
  },

  'intervention.addLines'(ctx: CommandContext, input: OpParsed<'intervention.addLines'>): Intervention {
    const o = orderRow(ctx.sqlite, input.interventionId);
    next(o, 'addLines');
    const first =
      (one<{ n: number | null }>(
        ctx.sqlite,
        'SELECT max(position) AS n FROM intervention_lines WHERE order_id = ?',
        o.id,
      )?.n ?? 0) + 1;
    const lines = buildLines(ctx, o.id, first, input.lines);
    insertLines(ctx, lines);
    const t = totals(ctx.env, lineRows(ctx.sqlite, o.id));
    run(
      ctx.sqlite,
      'UPDATE orders SET subtotal = ?, tax_total = ?, total = ?, updated_at = ? WHERE id = ?',
      t.subtotal,
      t.taxTotal,
      t.total,
      ctx.atIso,
      o.id,
    );
    ctx.record('intervention.linesAdded', {
      interventionId: o.id,
      lines: lines.map(journalLine),
      subtotal: t.subtotal,
      taxTotal: t.taxTotal,
      total: t.total,
    });
    return loadIntervention(ctx.env, o.id);
  },

  'intervention.setStatus'(ctx: CommandContext, input: OpParsed<'intervention.setStatus'>): Intervention {
    const o = orderRow(ctx.sqlite, input.interventionId);
    const to = next(o, EVENT_TO[input.to]);
    const { paid, balance } = loadOrder(ctx.sqlite, o.id);
    if (to === 'closed' && balance > 0) {
      throw new CommandError('INVALID_STATE', `intervention ${o.number}: balance due ${balance}`, {
        details: { reason: 'balanceDue', balance },
      });
    }
    if (to === 'cancelled' && paid > 0) {
      // money was taken: it is given back as a refund first (not a silent cancellation)
      throw new CommandError('INVALID_STATE', `intervention ${o.number}: ${paid} already paid`, {
        details: { reason: 'paid', paid },
      });
    }
    run(ctx.sqlite, 'UPDATE orders SET status = ?, updated_at = ? WHERE id = ?', to, ctx.atIso, o.id);
    ctx.record('intervention.statusChanged', {
      interventionId: o.id,
      from: o.status,
      to,
      reason: input.reason || null,
    });
    return loadIntervention(ctx.env, o.id);
  },
};

export const interventionQueries = {
  'intervention.get'(env: ReadEnv, input: OpParsed<'intervention.get'>): Intervention {
    return loadIntervention(env, input.interventionId);
  },
  'intervention.list'(env: ReadEnv, input: OpParsed<'intervention.list'>): InterventionSummary[] {
    const where = ["o.kind = 'intervention'"];
    const params: unknown[] = [];
    const q = input.q?.trim();
    if (q) {
      where.push('(o.number LIKE ? OR c.name LIKE ? OR o.description LIKE ?)');
      params.push(`%${q}%`, `%${q}%`, `%${q}%`);
    }
    if (input.customerId) {
      where.push('o.customer_id = ?');
      params.push(input.customerId);
    }
    if (input.open) where.push(`o.status IN (${OPEN_INTERVENTION_STATUSES.map((s) => `'${s}'`).join(', ')})`);
    params.push(input.limit);
    return all<{
      id: string;
      number: string;
      status: InterventionStatus;
      customer_id: string;
      customer_name: string | null;
      description: string;
      total: number;
      paid: number;
      created_at: string;
    }>(
      env.sqlite,
      `SELECT o.id, o.number, o.status, o.customer_id, c.name AS customer_name, o.description, o.total, o.created_at,
         (SELECT coalesce(sum(p.amount), 0) FROM order_payments p WHERE p.order_id = o.id) AS paid
       FROM orders o LEFT JOIN customers c ON c.id = o.customer_id
       WHERE ${where.join(' AND ')} ORDER BY o.created_at DESC, o.number DESC LIMIT ?`,
      ...params,
    ).map((r) => ({
      id: r.id,
      number: r.number,
      status: r.status,
      customerId: r.customer_id,
      customerName: r.customer_name ?? '',
      description: r.description,
      total: r.total,
      balance: r.total - r.paid,
      createdAt: r.created_at,
    }));
  },
};
