import type Database from 'better-sqlite3';
import { all, nextCounter, one, run } from '../../db/sql.ts';
import type { OpParsed } from '../../shared/api/contract.ts';
import type { Order, OrderPayment } from '../../shared/api/types.ts';
import { roundCash } from '../../shared/cash-rounding.ts';
import { CommandError, issue, notFound, validationError } from '../../shared/errors.ts';
import { money } from '../../shared/money.ts';
import { OPEN_INTERVENTION_STATUSES } from '../../shared/state/intervention.ts';
import type { InterventionStatus } from '../../shared/statuses.ts';
import type { CommandContext, ReadEnv } from './context.ts';
import { customerExists } from './customers.ts';
import { assertDayOpen, moveCash, requireOpenDrawer } from './drawer-session.ts';

/**
 * Orders and the counter "Add a payment" flow: amount, optional explanation, method.
 * Partial payments reduce the balance; a payment above the balance is refused.
 * Cash: a payment that settles the balance is rounded to the cash step (CAD 5 ¢); a
 * partial cash payment must itself be a multiple of the step.
 */
export function loadOrder(sqlite: Database.Database, orderId: string): Order {
  const o = one<{
    id: string;
    number: string;
    customer_id: string | null;
    customer_name: string | null;
    description: string;
    total: number;
    currency: Order['currency'];
  }>(
    sqlite,
    `SELECT o.*, c.name AS customer_name FROM orders o LEFT JOIN customers c ON c.id = o.customer_id WHERE o.id = ?`,
    orderId,
  );
  if (!o) throw notFound('orderId', orderId, 'order');
  const payments = all<{
    id: string;
    amount: number;
    method: OrderPayment['method'];
    explanation: string | null;
    reference: string | null;
    at: string;
    clerk_name: string;
  }>(
    sqlite,
    `SELECT p.id, p.amount, p.method, p.explanation, p.reference, p.at, u.name AS clerk_name
     FROM order_payments p JOIN users u ON u.id = p.clerk_id WHERE p.order_id = ? ORDER BY p.rowid`,
    orderId,
  );
  const paid = payments.reduce((a, p) => a + p.amount, 0);
  return {
    id: o.id,
    number: o.number,
    customerId: o.customer_id,
    customerName: o.customer_name,
    description: o.description,
    total: o.total,
    paid,
    balance: o.total - paid,
    currency: o.currency,
    status: paid >= o.total ? 'paid' : 'open',
    payments: payments.map((p) => ({
      id: p.id,
      amount: p.amount,
      method: p.method,
      explanation: p.explanation,
      reference: p.reference,
      at: p.at,
      clerkName: p.clerk_name,
    })),
  };
}

const REFERENCED = new Set<string>(['card', 'cheque', 'transfer', 'gift_card']);

/**
 * An order's number (orders, reservations, interventions share the series): the till's name,
 * letters and digits of any script, upper-cased, at most 6, then the till's counter. `\W` kept
 * only ASCII: "Каса 1" gave reservation "1-1"; now "КАСА1-1".
 */
export function orderNumber(tillName: string, n: number): string {
  const prefix = [...tillName.replace(/[^\p{L}\p{N}]+/gu, '').toUpperCase()].slice(0, 6).join('');
  return prefix ? `${prefix}-${n}` : String(n);
}

export const orderHandlers = {
  'order.create'(ctx: CommandContext, input: OpParsed<'order.create'>): Order {
    if (input.customerId && !customerExists(ctx.sqlite, input.customerId)) {
      throw notFound('customerId', input.customerId, 'customer');
    }
    const id = ctx.newId();
    const number = orderNumber(ctx.store.tillName, nextCounter(ctx.sqlite, 'order'));
    run(
      ctx.sqlite,
      'INSERT INTO orders (id, number, customer_id, description, total, currency, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      id,
      number,
      input.customerId ?? null,
      input.description,
      input.total,
      ctx.env.jurisdiction.currency,
      ctx.atIso,
    );
    ctx.record('order.created', {
      orderId: id,
      number,
      customerId: input.customerId ?? null,
      total: input.total,
    });
    return loadOrder(ctx.sqlite, id);
  },

  'order.recordPayment'(ctx: CommandContext, input: OpParsed<'order.recordPayment'>): Order {
    const order = loadOrder(ctx.sqlite, input.orderId);
    // like sales and refunds: a closed business day takes no more money (its closing is final)
    assertDayOpen(ctx, ctx.businessDate());
    if (order.balance <= 0) throw new CommandError('INVALID_STATE', `order ${order.number} is already paid`);
    // an intervention takes money while it is in progress (quote, order, done), not once cancelled
    const doc = one<{ kind: string; status: string | null }>(
      ctx.sqlite,
      'SELECT kind, status FROM orders WHERE id = ?',
      order.id,
    );
    if (
      doc?.kind === 'intervention' &&
      !OPEN_INTERVENTION_STATUSES.includes(doc.status as InterventionStatus)
    ) {
      throw new CommandError('INVALID_STATE', `intervention ${order.number} is ${doc.status}: no payment`, {
        details: { status: doc.status, event: 'pay' },
      });
    }
    if (input.amount > order.balance) {
      throw validationError([
        issue('amount', 'overBalance', `more than the balance due (${order.balance})`, {
          balance: order.balance,
        }),
      ]);
    }
    if (input.tendered !== undefined && input.method !== 'cash') {
      throw validationError([issue('tendered', 'cashOnly', 'only cash is tendered')]);
    }
    // like a sale's tenders: a card, cheque, transfer or gift card payment is traced by its
    // reference (terminal approval, cheque number…); cash and the customer's account are not
    if (REFERENCED.has(input.method) && !input.reference) {
      throw validationError([
        issue('reference', 'required', `a ${input.method} payment needs its reference`),
      ]);
    }
    let cashRounding = 0;
    let applied = input.amount;
    let collected = input.amount;
    let tendered: number | null = null;
    let change: number | null = null;
    let sessionId: string | null = null;
    if (input.method === 'cash') {
      const step = ctx.store.cashRoundingStep;
      sessionId = requireOpenDrawer(ctx.sqlite).id;
      if (input.amount === order.balance) {
        collected = roundCash(money(input.amount, order.currency), { step }).amount;
        cashRounding = collected - input.amount;
      } else if (step > 1 && input.amount % step !== 0) {
        throw validationError([
          issue('amount', 'not_multiple_of', `a partial cash payment must be a multiple of ${step}`, {
            divisor: step,
          }),
        ]);
      }
      tendered = input.tendered ?? collected;
      if (tendered < collected)
        throw validationError([
          issue('tendered', 'tenderedShort', `less than ${collected} due`, { due: collected }),
        ]);
      change = tendered - collected;
      applied = input.amount;
    }
    const id = ctx.newId();
    run(
      ctx.sqlite,
      `INSERT INTO order_payments (id, order_id, amount, method, explanation, reference, tendered, change, cash_rounding,
        clerk_id, drawer_session_id, at, business_date) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      id,
      order.id,
      applied,
      input.method,
      input.explanation ?? null,
      input.reference ?? null,
      tendered,
      change,
      cashRounding,
      ctx.actor.id,
      sessionId,
      ctx.atIso,
      ctx.businessDate(),
    );
    if (sessionId) moveCash(ctx, sessionId, 'order_payment', collected, input.explanation ?? null, order.id);
    ctx.record('order.paymentRecorded', {
      orderId: order.id,
      paymentId: id,
      amount: applied,
      method: input.method,
      explanation: input.explanation ?? null,
      reference: input.reference ?? null,
      cashRounding,
      tendered,
      change,
    });
    const out = loadOrder(ctx.sqlite, order.id);
    ctx.print('payment_slip', { orderId: order.id, paymentId: id }, input.method === 'cash');
    return out;
  },
};

export const orderQueries = {
  'order.get'(env: ReadEnv, input: OpParsed<'order.get'>): Order {
    return loadOrder(env.sqlite, input.orderId);
  },
  'order.list'(env: ReadEnv, input: OpParsed<'order.list'>): Order[] {
    const q = input.q?.trim();
    const rows = q
      ? all<{ id: string }>(
          env.sqlite,
          `SELECT o.id FROM orders o LEFT JOIN customers c ON c.id = o.customer_id
           WHERE o.number LIKE ? OR c.name LIKE ? OR o.description LIKE ? ORDER BY o.created_at DESC LIMIT 50`,
          `%${q}%`,
          `%${q}%`,
          `%${q}%`,
        )
      : all<{ id: string }>(env.sqlite, 'SELECT id FROM orders ORDER BY created_at DESC LIMIT 50');
    return rows.map((r) => loadOrder(env.sqlite, r.id));
  },
};
