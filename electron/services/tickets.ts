import { all, one, run } from '../../db/sql.ts';
import type { OpParsed } from '../../shared/api/contract.ts';
import type { Discount } from '../../shared/api/schemas.ts';
import type { ParkedTicket, Product, RecalledTicket } from '../../shared/api/types.ts';
import { CommandError, issue, notFound, validationError } from '../../shared/errors.ts';
import { priceCart } from '../../shared/pricing.ts';
import { productById } from './catalogue.ts';
import type { CommandContext, Env, ReadEnv } from './context.ts';
import { customerExists, loadCustomer } from './customers.ts';

/**
 * Tickets on hold: a customer steps away to fetch one more item, the clerk parks the cart and
 * serves the next one, then recalls it. Parking is one command (one journal entry with the lines);
 * the recalled lines are priced again when the cart is paid, so a price changed meanwhile applies.
 */

interface TicketRow {
  id: string;
  label: string;
  customer_id: string | null;
  customer_name: string | null;
  lines: string;
  line_count: number;
  total: number;
  parked_at: string;
  parked_by_name: string;
  recalled_at: string | null;
}

const TICKET_SQL = `SELECT t.id, t.label, t.customer_id, c.name AS customer_name, t.lines, t.line_count, t.total,
  t.parked_at, u.name AS parked_by_name, t.recalled_at
  FROM parked_tickets t JOIN users u ON u.id = t.parked_by LEFT JOIN customers c ON c.id = t.customer_id`;

function toTicket(env: Env | ReadEnv, r: TicketRow): ParkedTicket {
  return {
    id: r.id,
    label: r.label,
    customerId: r.customer_id,
    customerName: r.customer_name,
    lines: JSON.parse(r.lines) as ParkedTicket['lines'],
    lineCount: r.line_count,
    total: r.total,
    currency: env.jurisdiction.currency,
    parkedAt: r.parked_at,
    parkedBy: r.parked_by_name,
  };
}

interface ProductRow {
  id: string;
  price: number;
  tax_category: string;
  active: number;
}

export const ticketHandlers = {
  'ticket.park'(ctx: CommandContext, input: OpParsed<'ticket.park'>): ParkedTicket {
    const products = input.lines.map((l, i) => {
      const p = one<ProductRow>(
        ctx.sqlite,
        'SELECT id, price, tax_category, active FROM products WHERE id = ?',
        l.productId,
      );
      if (!p?.active) throw notFound(`lines.${i}.productId`, l.productId, 'product');
      return p;
    });
    if (input.customerId && !customerExists(ctx.sqlite, input.customerId)) {
      throw notFound('customerId', input.customerId, 'customer');
    }
    const lines = input.lines.map((l) => ({
      productId: l.productId,
      quantity: l.quantity,
      ...(l.unitPrice !== undefined ? { unitPrice: l.unitPrice } : {}),
      ...(l.discount ? { discount: l.discount as Discount } : {}),
    }));
    const total = priceCart(
      ctx.env.jurisdiction,
      input.lines.map((l, i) => ({
        unitPrice: l.unitPrice ?? products[i]!.price,
        quantity: l.quantity,
        discount: l.discount ?? null,
        taxCategory: products[i]!.tax_category,
      })),
    ).total;
    const id = ctx.newId();
    run(
      ctx.sqlite,
      `INSERT INTO parked_tickets (id, label, customer_id, lines, line_count, total, parked_at, parked_by)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      id,
      input.label,
      input.customerId ?? null,
      JSON.stringify(lines),
      lines.length,
      total,
      ctx.atIso,
      ctx.actor.id,
    );
    ctx.record('ticket.parked', {
      ticketId: id,
      customerId: input.customerId ?? null,
      label: input.label,
      lines: lines.map((l) => ({
        productId: l.productId,
        quantity: l.quantity,
        unitPrice: l.unitPrice ?? null,
        discount: l.discount ?? null,
      })),
      total,
    });
    return toTicket(ctx.env, one<TicketRow>(ctx.sqlite, `${TICKET_SQL} WHERE t.id = ?`, id)!);
  },

  'ticket.recall'(ctx: CommandContext, input: OpParsed<'ticket.recall'>): RecalledTicket {
    const r = one<TicketRow>(ctx.sqlite, `${TICKET_SQL} WHERE t.id = ?`, input.ticketId);
    if (!r) throw notFound('ticketId', input.ticketId, 'ticket');
    if (r.recalled_at)
      throw new CommandError('INVALID_STATE', 'this ticket was already recalled', {
        details: { ticketId: r.id, recalledAt: r.recalled_at },
      });
    run(
      ctx.sqlite,
      'UPDATE parked_tickets SET recalled_at = ?, recalled_by = ? WHERE id = ?',
      ctx.atIso,
      ctx.actor.id,
      r.id,
    );
    ctx.record('ticket.recalled', { ticketId: r.id });
    const ticket = toTicket(ctx.env, r);
    const products: Product[] = [];
    const missing: string[] = [];
    for (const l of ticket.lines) {
      const p = productById(ctx.env, l.productId);
      if (p) products.push(p);
      else missing.push(l.productId);
    }
    // a customer erased since is not attached again
    const customer =
      r.customer_id && customerExists(ctx.sqlite, r.customer_id)
        ? loadCustomer(ctx.sqlite, r.customer_id)
        : null;
    return { ticket, products, missing, customer };
  },
};

export const ticketQueries = {
  'ticket.parked'(env: ReadEnv): ParkedTicket[] {
    return all<TicketRow>(
      env.sqlite,
      `${TICKET_SQL} WHERE t.recalled_at IS NULL ORDER BY t.parked_at, t.id`,
    ).map((r) => toTicket(env, r));
  },
};

const QUICK_KEYS = 'quickKeys';

function quickKeyIds(env: Env | ReadEnv): string[] {
  const r = one<{ value: string }>(env.sqlite, 'SELECT value FROM settings WHERE key = ?', QUICK_KEYS);
  return r ? (JSON.parse(r.value) as { productIds: string[] }).productIds : [];
}

function quickKeyProducts(env: Env | ReadEnv): Product[] {
  return quickKeyIds(env)
    .map((id) => productById(env, id))
    .filter((p): p is Product => p !== null);
}

/** The counter's quick keys: a manager's grid of favourite items, kept in the ledger's settings. */
export const quickKeyHandlers = {
  'quickKeys.set'(ctx: CommandContext, input: OpParsed<'quickKeys.set'>): Product[] {
    const seen = new Set<string>();
    input.productIds.forEach((id, i) => {
      if (seen.has(id)) throw validationError([issue(`productIds.${i}`, 'listedTwice', 'listed twice')]);
      seen.add(id);
      if (!one(ctx.sqlite, 'SELECT 1 FROM products WHERE id = ? AND active = 1', id)) {
        throw notFound(`productIds.${i}`, id, 'product');
      }
    });
    run(
      ctx.sqlite,
      'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
      QUICK_KEYS,
      JSON.stringify({ productIds: input.productIds }),
    );
    ctx.record('quickKeys.set', { productIds: input.productIds });
    return quickKeyProducts(ctx.env);
  },
};

export const quickKeyQueries = {
  'quickKeys.list'(env: ReadEnv): Product[] {
    return quickKeyProducts(env);
  },
};
