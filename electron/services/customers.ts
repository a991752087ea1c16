import type Database from 'better-sqlite3';
import { all, one, run } from '../../db/sql.ts';
import type { OpParsed } from '../../shared/api/contract.ts';
import type { CustomerField } from '../../shared/api/schemas.ts';
import type {
  Customer,
  CustomerDeleteReport,
  CustomerDetail,
  CustomerDocument,
} from '../../shared/api/types.ts';
import { CommandError, issue, notFound, validationError } from '../../shared/errors.ts';
import { OPEN_INTERVENTION_STATUSES } from '../../shared/state/intervention.ts';
import type { CommandContext, ReadEnv } from './context.ts';

/**
 * Customer accounts. The journal is append-only and never erasable, so its entries hold a
 * customer's id and the names of the fields that changed — never the values: personal details
 * live only in the customers table, where privacy law (Québec Law 25, GDPR) lets them be
 * corrected or erased. A deleted customer keeps its row (sales and orders still reference its id)
 * with every personal field wiped.
 */

interface CustomerRow {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  address: string | null;
  postal_code: string | null;
  city: string | null;
  notes: string | null;
  created_at: string;
  deleted_at: string | null;
}

const COLS = 'id, name, email, phone, address, postal_code, city, notes, created_at, deleted_at';

const toCustomer = (r: CustomerRow): Customer => ({
  id: r.id,
  name: r.name,
  email: r.email,
  phone: r.phone,
  address: r.address,
  postalCode: r.postal_code,
  city: r.city,
  notes: r.notes,
});

/** The live (not deleted) customer, or NOT_FOUND. */
export function loadCustomer(sqlite: Database.Database, customerId: string): Customer {
  const r = one<CustomerRow>(sqlite, `SELECT ${COLS} FROM customers WHERE id = ?`, customerId);
  if (!r || r.deleted_at) {
    throw notFound('customerId', customerId, 'customer');
  }
  return toCustomer(r);
}

/** Whether a customer exists and is not deleted (a document may name it). */
export function customerExists(sqlite: Database.Database, customerId: string): boolean {
  return one(sqlite, 'SELECT 1 FROM customers WHERE id = ? AND deleted_at IS NULL', customerId) !== undefined;
}

const RENTAL_DOCUMENT: Record<string, CustomerDocument['kind']> = {
  quote: 'quote',
  confirmed: 'reservation',
  checked_out: 'contract',
  returned: 'reservation',
};

/**
 * Every source of "documents in progress": each returns the customer's documents that still
 * need work, oldest first.
 */
const DOCUMENT_SOURCES: ((sqlite: Database.Database, customerId: string) => CustomerDocument[])[] = [
  // an open ticket at the counter
  (sqlite, customerId) =>
    all<{ id: string }>(
      sqlite,
      "SELECT id FROM sales WHERE customer_id = ? AND status = 'open' ORDER BY opened_at",
      customerId,
    ).map((s) => ({ kind: 'sale', id: s.id, number: s.id, status: 'open' })),
  // an order with a balance still due (the counter's unpaid bill)
  (sqlite, customerId) =>
    all<{ id: string; number: string }>(
      sqlite,
      `SELECT o.id, o.number FROM orders o WHERE o.customer_id = ? AND o.kind = 'order'
       AND o.total > (SELECT coalesce(sum(p.amount), 0) FROM order_payments p WHERE p.order_id = o.id)
       ORDER BY o.created_at`,
      customerId,
    ).map((o) => ({ kind: 'order', id: o.id, number: o.number, status: 'unpaid' })),
  // a rental: a quote, a reservation (confirmed, or returned and not closed), a contract (out)
  (sqlite, customerId) =>
    all<{ id: string; number: string; status: string }>(
      sqlite,
      `SELECT id, number, status FROM orders WHERE customer_id = ? AND kind = 'reservation'
       AND status IN ('quote', 'confirmed', 'checked_out', 'returned') ORDER BY created_at`,
      customerId,
    ).map((o) => ({ kind: RENTAL_DOCUMENT[o.status]!, id: o.id, number: o.number, status: o.status })),
  // an intervention (repair or service job): a quote, an order, or done and not yet closed
  (sqlite, customerId) =>
    all<{ id: string; number: string; status: string }>(
      sqlite,
      `SELECT id, number, status FROM orders WHERE customer_id = ? AND kind = 'intervention'
       AND status IN (${OPEN_INTERVENTION_STATUSES.map((s) => `'${s}'`).join(', ')}) ORDER BY created_at`,
      customerId,
    ).map((o) => ({ kind: 'intervention', id: o.id, number: o.number, status: o.status })),
  // an unpaid invoice: a draft, or issued (sent, exported) with a balance still due; credit notes
  // are not the customer's debt
  (sqlite, customerId) =>
    all<{ id: string; number: string | null; status: string }>(
      sqlite,
      `SELECT id, number, status FROM invoices WHERE customer_id = ? AND kind = 'invoice'
       AND (status = 'draft' OR (status IN ('issued', 'sent', 'exported') AND total - paid - credited > 0))
       ORDER BY created_at`,
      customerId,
    ).map((i) => ({ kind: 'invoice', id: i.id, number: i.number ?? i.id, status: i.status })),
];

export function openDocuments(sqlite: Database.Database, customerId: string): CustomerDocument[] {
  return DOCUMENT_SOURCES.flatMap((src) => src(sqlite, customerId));
}

const FIELD_COLUMN: Record<CustomerField, string> = {
  name: 'name',
  email: 'email',
  phone: 'phone',
  address: 'address',
  postalCode: 'postal_code',
  city: 'city',
  notes: 'notes',
};

/** '' and whitespace mean "no value" for the optional fields */
const blankToNull = (v: string | null | undefined): string | null => (v == null || v === '' ? null : v);

export const customerQueries = {
  'customer.search'(env: ReadEnv, input: OpParsed<'customer.search'>): Customer[] {
    const q = `%${input.q.trim()}%`;
    return all<CustomerRow>(
      env.sqlite,
      `SELECT ${COLS} FROM customers WHERE deleted_at IS NULL
       AND (name LIKE ? OR email LIKE ? OR phone LIKE ? OR city LIKE ? OR postal_code LIKE ?) ORDER BY name LIMIT 30`,
      q,
      q,
      q,
      q,
      q,
    ).map(toCustomer);
  },
  'customer.get'(env: ReadEnv, input: OpParsed<'customer.get'>): CustomerDetail {
    const c = loadCustomer(env.sqlite, input.customerId);
    const created = one<{ created_at: string }>(
      env.sqlite,
      'SELECT created_at FROM customers WHERE id = ?',
      c.id,
    )!;
    return { ...c, createdAt: created.created_at, openDocuments: openDocuments(env.sqlite, c.id) };
  },
};

export const customerHandlers = {
  'customer.create'(ctx: CommandContext, input: OpParsed<'customer.create'>): Customer {
    const id = ctx.newId();
    run(
      ctx.sqlite,
      `INSERT INTO customers (id, name, email, phone, address, postal_code, city, notes, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      id,
      input.name,
      blankToNull(input.email),
      blankToNull(input.phone),
      blankToNull(input.address),
      blankToNull(input.postalCode),
      blankToNull(input.city),
      blankToNull(input.notes),
      ctx.atIso,
      ctx.atIso,
    );
    ctx.record('customer.created', { customerId: id });
    return loadCustomer(ctx.sqlite, id);
  },

  'customer.update'(ctx: CommandContext, input: OpParsed<'customer.update'>): Customer {
    const before = loadCustomer(ctx.sqlite, input.customerId);
    const changed: CustomerField[] = [];
    const sets: string[] = [];
    const values: unknown[] = [];
    for (const field of Object.keys(FIELD_COLUMN) as CustomerField[]) {
      const v = input[field];
      if (v === undefined) continue;
      const next = field === 'name' ? (v as string) : blankToNull(v);
      if (next === before[field]) continue;
      changed.push(field);
      sets.push(`${FIELD_COLUMN[field]} = ?`);
      values.push(next);
    }
    if (changed.length === 0) throw validationError([issue('', 'nothingToChange', 'nothing to change')]);
    run(
      ctx.sqlite,
      `UPDATE customers SET ${sets.join(', ')}, updated_at = ? WHERE id = ?`,
      ...values,
      ctx.atIso,
      before.id,
    );
    ctx.record('customer.updated', { customerId: before.id, fields: changed });
    return loadCustomer(ctx.sqlite, before.id);
  },

  'customer.delete'(ctx: CommandContext, input: OpParsed<'customer.delete'>): CustomerDeleteReport {
    const ids = [...new Set(input.customerIds)];
    const report: CustomerDeleteReport = { deleted: [], refused: [] };
    // check every id first: an unknown one refuses the whole command, nothing deleted
    const customers = ids.map((id, i) => {
      try {
        return loadCustomer(ctx.sqlite, id);
      } catch {
        throw notFound(`customerIds.${i}`, id, 'customer');
      }
    });
    for (const c of customers) {
      const documents = openDocuments(ctx.sqlite, c.id);
      if (documents.length > 0) report.refused.push({ customerId: c.id, name: c.name, documents });
      else report.deleted.push(c.id);
    }
    if (report.deleted.length === 0) {
      const docs = report.refused.flatMap((r) => r.documents.map((d) => `${d.kind} ${d.number}`));
      throw new CommandError('CONFLICT', `documents in progress: close them first (${docs.join(', ')})`, {
        details: { reason: 'documentsInProgress', refused: report.refused },
      });
    }
    for (const id of report.deleted) {
      // the row stays for the documents that reference it; every personal field is erased
      run(
        ctx.sqlite,
        `UPDATE customers SET name = '', email = NULL, phone = NULL, address = NULL, postal_code = NULL,
         city = NULL, notes = NULL, updated_at = ?, deleted_at = ? WHERE id = ?`,
        ctx.atIso,
        ctx.atIso,
        id,
      );
    }
    ctx.record('customer.deleted', { customerIds: report.deleted });
    return report;
  },
};
