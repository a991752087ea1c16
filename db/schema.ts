import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { CANCEL_REASONS, PAYMENT_METHODS, TENDER_METHODS, UNIT_STATUSES } from '../shared/api/schemas.ts';
import { CURRENCIES } from '../shared/money.ts';
import { ROLES } from '../shared/roles.ts';
import {
  CLOSING_KINDS,
  DISCOUNT_KINDS,
  DRAWER_MOVEMENT_KINDS,
  DRAWER_SESSION_STATUSES,
  INVOICE_KINDS,
  INVOICE_SOURCES,
  INVOICE_STATUSES,
  ORDER_DOCUMENT_STATUSES,
  ORDER_KINDS,
  PRINT_JOB_STATUSES,
  REFUND_CHANNELS,
  REFUND_KINDS,
  REFUND_STATUSES,
  SALE_STATUSES,
  SEAL_KINDS,
  SYNC_STOP_REASONS,
  UNIT_MOVEMENT_KINDS,
} from '../shared/statuses.ts';

/**
 * The till's ledger (SQLite). Amounts are integer minor units; times are ISO-8601 UTC
 * strings; business dates are YYYY-MM-DD in the store's time zone and closing hour.
 * No ON DELETE CASCADE anywhere: ledger rows are never deleted by side effect.
 */

export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(), // JSON
});

export const users = sqliteTable('users', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  role: text('role', { enum: ROLES }).notNull(),
  pinHash: text('pin_hash').notNull(), // scrypt$N$r$p$salt$hash
  failedAttempts: integer('failed_attempts').notNull().default(0),
  lockedUntil: text('locked_until'),
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
  createdAt: text('created_at').notNull(),
});

export const categories = sqliteTable('categories', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  parentId: text('parent_id'),
});

export const products = sqliteTable(
  'products',
  {
    id: text('id').primaryKey(),
    sku: text('sku').notNull(),
    barcode: text('barcode'),
    name: text('name').notNull(),
    manufacturer: text('manufacturer'),
    model: text('model'),
    description: text('description'),
    categoryId: text('category_id').references(() => categories.id),
    price: integer('price').notNull(),
    taxCategory: text('tax_category').notNull().default('standard'),
    /** never written: the stores rent by 4 hours, not by the hour (rental_4h) */
    rentalHour: integer('rental_hour'),
    rental4h: integer('rental_4h'),
    rentalDay: integer('rental_day'),
    rentalWeekend: integer('rental_weekend'),
    rentalWeek: integer('rental_week'),
    rentalMonth: integer('rental_month'),
    deposit: integer('deposit'),
    onWebsite: integer('on_website', { mode: 'boolean' }).notNull().default(true),
    /** false = archived: kept for the sales, units and reservations that name it, no longer sold */
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    /** the photo's content hash; the files are in `<ledger>.photos/` beside the ledger, never in it */
    photo: text('photo'),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('products_sku').on(t.sku),
    index('products_barcode').on(t.barcode),
    index('products_category').on(t.categoryId),
  ],
);

/** The serialized units of a rentable product: one row per physical item (asset ID on its label). */
export const units = sqliteTable(
  'units',
  {
    id: text('id').primaryKey(),
    productId: text('product_id')
      .notNull()
      .references(() => products.id),
    assetId: text('asset_id').notNull(),
    serial: text('serial'),
    status: text('status', { enum: UNIT_STATUSES }).notNull(),
    condition: text('condition'),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [uniqueIndex('units_asset_id').on(t.assetId), index('units_product').on(t.productId, t.status)],
);

/** A unit's history: every creation, status change and condition note, oldest first. */
export const unitMovements = sqliteTable(
  'unit_movements',
  {
    id: text('id').primaryKey(),
    unitId: text('unit_id')
      .notNull()
      .references(() => units.id),
    at: text('at').notNull(),
    actorId: text('actor_id').notNull(),
    kind: text('kind', { enum: UNIT_MOVEMENT_KINDS }).notNull(),
    fromStatus: text('from_status', { enum: UNIT_STATUSES }),
    toStatus: text('to_status', { enum: UNIT_STATUSES }),
    note: text('note'),
    /** what moved it (a reservation's id at check-out/return), null for a manager's own change */
    refId: text('ref_id'),
  },
  (t) => [index('unit_movements_unit').on(t.unitId, t.at)],
);

/**
 * Customers. The journal holds their ids only, never these details, so a customer's personal
 * data can be corrected and erased (Québec Law 25, GDPR). A deleted customer's row stays (sales
 * and orders still reference its id) with every personal field wiped and `deleted_at` set.
 */
export const customers = sqliteTable(
  'customers',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    email: text('email'),
    phone: text('phone'),
    createdAt: text('created_at').notNull(),
    /** street address, one line; the "Locate" button needs it */
    address: text('address'),
    postalCode: text('postal_code'),
    city: text('city'),
    notes: text('notes'),
    updatedAt: text('updated_at'),
    deletedAt: text('deleted_at'),
  },
  (t) => [index('customers_deleted_name').on(t.deletedAt, t.name)],
);

export const drawerSessions = sqliteTable(
  'drawer_sessions',
  {
    id: text('id').primaryKey(),
    number: integer('number').notNull(),
    status: text('status', { enum: DRAWER_SESSION_STATUSES }).notNull(),
    currency: text('currency', { enum: CURRENCIES }).notNull(),
    openedAt: text('opened_at').notNull(),
    openedBy: text('opened_by')
      .notNull()
      .references(() => users.id),
    float: integer('float').notNull(),
    floatCount: text('float_count').notNull(), // JSON
    closedAt: text('closed_at'),
    closedBy: text('closed_by').references(() => users.id),
    expected: integer('expected'),
    counted: integer('counted'),
    count: text('count'), // JSON
    overShort: integer('over_short'),
    zNumber: integer('z_number'),
    note: text('note'),
  },
  (t) => [uniqueIndex('drawer_sessions_number').on(t.number), index('drawer_sessions_status').on(t.status)],
);

export const sales = sqliteTable(
  'sales',
  {
    id: text('id').primaryKey(),
    receiptNumber: integer('receipt_number'),
    status: text('status', { enum: SALE_STATUSES }).notNull(),
    currency: text('currency', { enum: CURRENCIES }).notNull(),
    customerId: text('customer_id').references(() => customers.id),
    clerkId: text('clerk_id')
      .notNull()
      .references(() => users.id),
    drawerSessionId: text('drawer_session_id').references(() => drawerSessions.id),
    openedAt: text('opened_at').notNull(),
    completedAt: text('completed_at'),
    businessDate: text('business_date'),
    subtotal: integer('subtotal').notNull().default(0),
    taxTotal: integer('tax_total').notNull().default(0),
    total: integer('total').notNull().default(0),
    cashRounding: integer('cash_rounding').notNull().default(0),
    paid: integer('paid').notNull().default(0),
    cancelReason: text('cancel_reason', { enum: CANCEL_REASONS }),
    cancelMessage: text('cancel_message'),
    cancelledAt: text('cancelled_at'),
    cancelledBy: text('cancelled_by').references(() => users.id),
    refundedAmount: integer('refunded_amount').notNull().default(0),
    refundedAt: text('refunded_at'),
    completionSeq: integer('completion_seq'),
  },
  (t) => [
    uniqueIndex('sales_receipt').on(t.receiptNumber),
    // covering for period closings (count and sum of paid by business date and status)
    index('sales_business_date_paid').on(t.businessDate, t.status, t.paid),
    index('sales_status').on(t.status),
    index('sales_session').on(t.drawerSessionId),
    index('sales_customer').on(t.customerId),
    // the history's order and its cursor (listSales): newest first, ties broken by id; an open
    // ticket (no completion time) sorts as ''. A page over a year of sales reads its 500 rows
    // from here instead of sorting every sale (1-2 ms instead of 50-300 ms over 100,000 sales)
    index('sales_listed').on(sql`coalesce(${t.completedAt}, '')`, t.id),
  ],
);

export const saleLines = sqliteTable(
  'sale_lines',
  {
    id: text('id').primaryKey(),
    saleId: text('sale_id')
      .notNull()
      .references(() => sales.id),
    position: integer('position').notNull(),
    productId: text('product_id')
      .notNull()
      .references(() => products.id),
    sku: text('sku').notNull(),
    name: text('name').notNull(),
    quantity: integer('quantity').notNull(), // thousandths
    unitPrice: integer('unit_price').notNull(),
    listPrice: integer('list_price').notNull(),
    discountKind: text('discount_kind', { enum: DISCOUNT_KINDS }),
    discountValue: integer('discount_value'),
    discount: integer('discount').notNull().default(0),
    amount: integer('amount').notNull(),
    taxCategory: text('tax_category').notNull(),
  },
  (t) => [index('sale_lines_sale').on(t.saleId, t.position)],
);

export const saleTaxes = sqliteTable(
  'sale_taxes',
  {
    saleId: text('sale_id')
      .notNull()
      .references(() => sales.id),
    code: text('code').notNull(),
    ratePpm: integer('rate_ppm').notNull(),
    base: integer('base').notNull(),
    tax: integer('tax').notNull(),
    businessDate: text('business_date').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.saleId, t.code] }),
    index('sale_taxes_date').on(t.businessDate),
    // covering, per tax code and rate, for period closings (no sort, only the period's rows)
    index('sale_taxes_code_date').on(t.code, t.ratePpm, t.businessDate, t.base, t.tax),
  ],
);

export const tenders = sqliteTable(
  'tenders',
  {
    id: text('id').primaryKey(),
    saleId: text('sale_id')
      .notNull()
      .references(() => sales.id),
    method: text('method', { enum: TENDER_METHODS }).notNull(),
    amount: integer('amount').notNull(),
    tendered: integer('tendered'),
    change: integer('change'),
    reference: text('reference'),
    businessDate: text('business_date').notNull(),
  },
  (t) => [
    index('tenders_sale').on(t.saleId),
    index('tenders_date').on(t.businessDate, t.method),
    // covering, per method, for period closings
    index('tenders_method_date').on(t.method, t.businessDate, t.amount),
  ],
);

export const refunds = sqliteTable(
  'refunds',
  {
    id: text('id').primaryKey(),
    saleId: text('sale_id')
      .notNull()
      .references(() => sales.id),
    channel: text('channel', { enum: REFUND_CHANNELS }).notNull(),
    status: text('status', { enum: REFUND_STATUSES }).notNull(),
    amount: integer('amount').notNull(),
    drawerSessionId: text('drawer_session_id').references(() => drawerSessions.id),
    createdAt: text('created_at').notNull(),
    createdBy: text('created_by')
      .notNull()
      .references(() => users.id),
    businessDate: text('business_date').notNull(),
    completedAt: text('completed_at'),
    reference: text('reference'),
    /** 'sale': the whole cancelled sale; 'lines': some lines of a completed sale (a return) */
    kind: text('kind', { enum: REFUND_KINDS }).notNull().default('sale'),
  },
  // a sale may have several returns of lines: one refund row each
  (t) => [index('refunds_sale').on(t.saleId), index('refunds_date').on(t.businessDate)],
);

/** What a return of lines took back: the quantity and amount of each line. */
export const refundLines = sqliteTable(
  'refund_lines',
  {
    refundId: text('refund_id')
      .notNull()
      .references(() => refunds.id),
    saleLineId: text('sale_line_id')
      .notNull()
      .references(() => saleLines.id),
    quantity: integer('quantity').notNull(), // thousandths
    amount: integer('amount').notNull(),
  },
  (t) => [primaryKey({ columns: [t.refundId, t.saleLineId] }), index('refund_lines_line').on(t.saleLineId)],
);

/**
 * The contra entry of every refund, per tax rate, on the refund's business day: a whole sale's
 * taxes, or those of the returned lines. Z reports and closings subtract these.
 */
export const refundTaxes = sqliteTable(
  'refund_taxes',
  {
    refundId: text('refund_id')
      .notNull()
      .references(() => refunds.id),
    code: text('code').notNull(),
    ratePpm: integer('rate_ppm').notNull(),
    base: integer('base').notNull(),
    tax: integer('tax').notNull(),
    businessDate: text('business_date').notNull(),
  },
  (t) => [primaryKey({ columns: [t.refundId, t.code] }), index('refund_taxes_date').on(t.businessDate)],
);

export const orders = sqliteTable(
  'orders',
  {
    id: text('id').primaryKey(),
    number: text('number').notNull(),
    customerId: text('customer_id').references(() => customers.id),
    description: text('description').notNull(),
    total: integer('total').notNull(),
    currency: text('currency', { enum: CURRENCIES }).notNull(),
    createdAt: text('created_at').notNull(),
    /** 'order' (a bill paid at the counter) or 'reservation' (a rental: the columns below) */
    kind: text('kind', { enum: ORDER_KINDS }).notNull().default('order'),
    status: text('status', { enum: ORDER_DOCUMENT_STATUSES }),
    pickupAt: text('pickup_at'),
    returnAt: text('return_at'),
    subtotal: integer('subtotal').notNull().default(0),
    taxTotal: integer('tax_total').notNull().default(0),
    lateFees: integer('late_fees').notNull().default(0),
    deposit: integer('deposit').notNull().default(0),
    depositHeld: integer('deposit_held').notNull().default(0),
    notes: text('notes'),
    /** set by head office when two tills booked the same units offline */
    conflictNote: text('conflict_note'),
    conflictAt: text('conflict_at'),
    updatedAt: text('updated_at'),
  },
  (t) => [
    uniqueIndex('orders_number').on(t.number),
    index('orders_kind_pickup').on(t.kind, t.pickupAt),
    index('orders_customer').on(t.customerId),
  ],
);

/**
 * A reservation's lines: an item and how many, or one specific unit. The rental period and
 * whether the line holds its units (confirmed or checked out) are copied here so the
 * availability of an item is one index range: (product, holds, start) with end and quantity.
 */
export const reservationLines = sqliteTable(
  'reservation_lines',
  {
    id: text('id').primaryKey(),
    orderId: text('order_id')
      .notNull()
      .references(() => orders.id),
    position: integer('position').notNull(),
    productId: text('product_id')
      .notNull()
      .references(() => products.id),
    unitId: text('unit_id').references(() => units.id),
    name: text('name').notNull(),
    quantity: integer('quantity').notNull(), // whole items
    unitPrice: integer('unit_price').notNull(),
    amount: integer('amount').notNull(),
    taxCategory: text('tax_category').notNull(),
    deposit: integer('deposit').notNull(),
    blocks: text('blocks').notNull(), // JSON: the rate periods of the price
    startAt: text('start_at').notNull(),
    endAt: text('end_at').notNull(),
    holds: integer('holds', { mode: 'boolean' }).notNull(),
  },
  (t) => [
    index('reservation_lines_order').on(t.orderId, t.position),
    index('reservation_lines_availability').on(t.productId, t.holds, t.startAt, t.endAt, t.quantity),
    index('reservation_lines_unit').on(t.unitId),
  ],
);

/**
 * An intervention's lines (a repair or service job): a description (labour, a part) or an item
 * of the catalogue, a quantity in thousandths like a sale's, the unit price and tax category of
 * the sales' tax engine.
 */
export const interventionLines = sqliteTable(
  'intervention_lines',
  {
    id: text('id').primaryKey(),
    orderId: text('order_id')
      .notNull()
      .references(() => orders.id),
    position: integer('position').notNull(),
    productId: text('product_id').references(() => products.id),
    description: text('description').notNull(),
    quantity: integer('quantity').notNull(), // thousandths
    unitPrice: integer('unit_price').notNull(),
    amount: integer('amount').notNull(),
    taxCategory: text('tax_category').notNull(),
  },
  (t) => [index('intervention_lines_order').on(t.orderId, t.position)],
);

/** The units that left on a reservation (check-out scan) and came back (return scan). */
export const reservationUnits = sqliteTable(
  'reservation_units',
  {
    id: text('id').primaryKey(),
    orderId: text('order_id')
      .notNull()
      .references(() => orders.id),
    lineId: text('line_id')
      .notNull()
      .references(() => reservationLines.id),
    unitId: text('unit_id')
      .notNull()
      .references(() => units.id),
    outAt: text('out_at').notNull(),
    returnedAt: text('returned_at'),
    condition: text('condition'),
    toMaintenance: integer('to_maintenance', { mode: 'boolean' }).notNull().default(false),
    lateFee: integer('late_fee').notNull().default(0),
  },
  (t) => [index('reservation_units_order').on(t.orderId), index('reservation_units_unit').on(t.unitId)],
);

export const orderPayments = sqliteTable(
  'order_payments',
  {
    id: text('id').primaryKey(),
    orderId: text('order_id')
      .notNull()
      .references(() => orders.id),
    amount: integer('amount').notNull(), // applied to the order's balance
    method: text('method', { enum: PAYMENT_METHODS }).notNull(),
    explanation: text('explanation'),
    reference: text('reference'),
    tendered: integer('tendered'),
    change: integer('change'),
    cashRounding: integer('cash_rounding').notNull().default(0),
    clerkId: text('clerk_id')
      .notNull()
      .references(() => users.id),
    drawerSessionId: text('drawer_session_id').references(() => drawerSessions.id),
    at: text('at').notNull(),
    businessDate: text('business_date').notNull(),
  },
  (t) => [index('order_payments_order').on(t.orderId)],
);

export const drawerMovements = sqliteTable(
  'drawer_movements',
  {
    id: text('id').primaryKey(),
    sessionId: text('session_id')
      .notNull()
      .references(() => drawerSessions.id),
    kind: text('kind', { enum: DRAWER_MOVEMENT_KINDS }).notNull(),
    amount: integer('amount').notNull(), // signed
    reason: text('reason'),
    refId: text('ref_id'),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    at: text('at').notNull(),
  },
  (t) => [index('drawer_movements_session').on(t.sessionId)],
);

export const zReports = sqliteTable('z_reports', {
  number: integer('number').primaryKey(),
  sessionId: text('session_id')
    .notNull()
    .references(() => drawerSessions.id),
  report: text('report').notNull(), // JSON DrawerReport
  createdAt: text('created_at').notNull(),
});

export const periodClosings = sqliteTable(
  'period_closings',
  {
    id: text('id').primaryKey(),
    kind: text('kind', { enum: CLOSING_KINDS }).notNull(),
    period: text('period').notNull(),
    periodGrandTotal: integer('period_grand_total').notNull(),
    perpetualGrandTotal: integer('perpetual_grand_total').notNull(),
    report: text('report').notNull(), // JSON PeriodClosing
    closedAt: text('closed_at').notNull(),
    closedBy: text('closed_by')
      .notNull()
      .references(() => users.id),
  },
  (t) => [uniqueIndex('period_closings_period').on(t.kind, t.period)],
);

/**
 * The seal of each closing (Z report, day/month/year closing): the journal seq and hash it
 * closes over, signed with the till's Ed25519 key (kept outside the ledger). Re-chaining the
 * journal without that key cannot produce a matching seal; a journal cut before a sealed seq
 * is seen. Append-only (triggers in migration 0004).
 */
export const closingSeals = sqliteTable('closing_seals', {
  /** 'z:<number>' or '<kind>:<period>' */
  ref: text('ref').primaryKey(),
  kind: text('kind', { enum: SEAL_KINDS }).notNull(),
  /** the seq of the journal entry that records the closing (covers_seq + 1) */
  entrySeq: integer('entry_seq').notNull(),
  coversSeq: integer('covers_seq').notNull(),
  coversHash: text('covers_hash').notNull(),
  /** the exact text that was signed (canonical JSON) */
  signed: text('signed').notNull(),
  signature: text('signature').notNull(),
  publicKey: text('public_key').notNull(),
  keyFingerprint: text('key_fingerprint').notNull(),
  at: text('at').notNull(),
});

export const approvals = sqliteTable('approvals', {
  id: text('id').primaryKey(),
  command: text('command').notNull(),
  managerId: text('manager_id')
    .notNull()
    .references(() => users.id),
  requestedBy: text('requested_by')
    .notNull()
    .references(() => users.id),
  reason: text('reason').notNull(),
  refId: text('ref_id'),
  at: text('at').notNull(),
});

/** Gapless per-till counters (receipt, Z, drawer session, order numbers). */
/**
 * Tickets put on hold at the counter (a customer who went to fetch one more item) until a clerk
 * recalls them into the cart. The lines are the cart's sale.checkout lines as JSON, priced again
 * when the recalled cart is paid; `total` is the preview at parking time, for the list.
 */
export const parkedTickets = sqliteTable(
  'parked_tickets',
  {
    id: text('id').primaryKey(),
    label: text('label').notNull().default(''),
    customerId: text('customer_id').references(() => customers.id),
    lines: text('lines').notNull(), // JSON: [{productId, quantity, unitPrice?, discount?}]
    lineCount: integer('line_count').notNull(),
    total: integer('total').notNull(),
    parkedAt: text('parked_at').notNull(),
    parkedBy: text('parked_by')
      .notNull()
      .references(() => users.id),
    recalledAt: text('recalled_at'),
    recalledBy: text('recalled_by').references(() => users.id),
  },
  (t) => [index('parked_tickets_waiting').on(t.recalledAt, t.parkedAt)],
);

/**
 * Invoices and credit notes. A draft has no number; issuing gives it the next number of its
 * series (the till's own: two tills offline never collide; gapless inside the series, counter
 * `invoice:<series>`). An issued row's lines and totals never change (the service refuses);
 * a credit note names the invoice it corrects.
 */
export const invoices = sqliteTable(
  'invoices',
  {
    id: text('id').primaryKey(),
    kind: text('kind', { enum: INVOICE_KINDS }).notNull(),
    status: text('status', { enum: INVOICE_STATUSES }).notNull(),
    series: text('series'),
    seqInSeries: integer('seq_in_series'),
    number: text('number'),
    customerId: text('customer_id')
      .notNull()
      .references(() => customers.id),
    source: text('source', { enum: INVOICE_SOURCES }).notNull(),
    sourceId: text('source_id'),
    creditOf: text('credit_of'),
    currency: text('currency', { enum: CURRENCIES }).notNull(),
    subtotal: integer('subtotal').notNull(),
    taxTotal: integer('tax_total').notNull(),
    total: integer('total').notNull(),
    paid: integer('paid').notNull().default(0),
    credited: integer('credited').notNull().default(0),
    notes: text('notes'),
    dueDate: text('due_date'),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
    issuedAt: text('issued_at'),
  },
  (t) => [
    uniqueIndex('invoices_number').on(t.number),
    uniqueIndex('invoices_series_seq').on(t.series, t.seqInSeries),
    index('invoices_customer').on(t.customerId),
    index('invoices_credit_of').on(t.creditOf),
  ],
);

/** an invoice's lines: a description (or a catalogue item's name), quantity in thousandths, discount, tax category */
export const invoiceLines = sqliteTable(
  'invoice_lines',
  {
    id: text('id').primaryKey(),
    invoiceId: text('invoice_id')
      .notNull()
      .references(() => invoices.id),
    position: integer('position').notNull(),
    productId: text('product_id').references(() => products.id),
    description: text('description').notNull(),
    quantity: integer('quantity').notNull(), // thousandths
    unitPrice: integer('unit_price').notNull(),
    discountKind: text('discount_kind', { enum: DISCOUNT_KINDS }),
    discountValue: integer('discount_value'),
    discount: integer('discount').notNull().default(0),
    amount: integer('amount').notNull(),
    taxCategory: text('tax_category').notNull(),
  },
  (t) => [index('invoice_lines_invoice').on(t.invoiceId, t.position)],
);

/** money received against an invoice (a transfer, a cheque, a card at the terminal) */
export const invoicePayments = sqliteTable(
  'invoice_payments',
  {
    id: text('id').primaryKey(),
    invoiceId: text('invoice_id')
      .notNull()
      .references(() => invoices.id),
    amount: integer('amount').notNull(),
    method: text('method', { enum: PAYMENT_METHODS }).notNull(),
    reference: text('reference'),
    clerkId: text('clerk_id')
      .notNull()
      .references(() => users.id),
    at: text('at').notNull(),
  },
  (t) => [index('invoice_payments_invoice').on(t.invoiceId)],
);

export const counters = sqliteTable('counters', {
  name: text('name').primaryKey(),
  value: integer('value').notNull(),
});

/**
 * The journal: append-only (triggers in migration 0001 reject UPDATE and DELETE) and
 * hash-chained per device. `payload` is canonical JSON (sorted keys) so the hash can be
 * recomputed from the stored text alone.
 */
export const journal = sqliteTable(
  'journal',
  {
    seq: integer('seq').primaryKey(), // gapless per device, from 1
    id: text('id').notNull(),
    deviceId: text('device_id').notNull(),
    at: text('at').notNull(),
    actor: text('actor').notNull(),
    type: text('type').notNull(),
    payload: text('payload').notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [uniqueIndex('journal_id').on(t.id)],
);

/** Transactional outbox: one row per journal entry to push to head office (and special messages). */
export const outbox = sqliteTable(
  'outbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    seq: integer('seq').references(() => journal.seq),
    topic: text('topic').notNull(),
    payload: text('payload'),
    createdAt: text('created_at').notNull(),
    attempts: integer('attempts').notNull().default(0),
    sentAt: text('sent_at'),
  },
  (t) => [index('outbox_pending').on(t.sentAt, t.id)],
);

/**
 * This till's link to head office: one row (id = 1) once the till is enrolled; no row on a
 * standalone till. Written by the enrolment command (with its journal entry) and then by the
 * sync worker alone: acknowledgements (the seq and hash head office holds — a copy of the
 * chain the till cannot rewrite), reachability, and the reason pushing stopped (a fork or a
 * rewritten ledger). The device token is a secret and is never stored here.
 */
export const syncState = sqliteTable('sync_state', {
  id: integer('id').primaryKey(),
  headOffice: text('head_office').notNull(), // base URL, e.g. https://hq.example.ca
  storeId: text('store_id').notNull(), // the store head office enrolled this till into
  enrolledAt: text('enrolled_at').notNull(),
  enrolSeq: integer('enrol_seq').notNull(), // journal seq of the enrolment entry
  staleHours: integer('stale_hours').notNull().default(48), // banner after this long without a sync
  ackedSeq: integer('acked_seq').notNull().default(0),
  ackedHash: text('acked_hash').notNull(),
  ackedAt: text('acked_at'),
  lastAttemptAt: text('last_attempt_at'),
  lastContactAt: text('last_contact_at'), // last time head office answered at all
  offlineSince: text('offline_since'), // first failed attempt since the last answer (null: reachable)
  lastError: text('last_error'), // a code: UNREACHABLE, TIMEOUT, HTTP_503, UNAUTHORIZED…
  stoppedReason: text('stopped_reason', { enum: SYNC_STOP_REASONS }),
  stoppedAt: text('stopped_at'),
  stoppedDetail: text('stopped_detail'), // JSON: what head office answered
});

/** Print jobs written in the command's transaction; printed after commit by the print worker. */
export const printJobs = sqliteTable(
  'print_jobs',
  {
    id: text('id').primaryKey(),
    createdAt: text('created_at').notNull(),
    kind: text('kind').notNull(), // sale_receipt, refund_receipt, cancel_slip, x_report, z_report, drawer_slip, payment_slip, drawer_kick
    refId: text('ref_id'),
    payload: text('payload').notNull(), // JSON document model, laid out by electron/hardware
    kickDrawer: integer('kick_drawer', { mode: 'boolean' }).notNull().default(false),
    status: text('status', { enum: PRINT_JOB_STATUSES }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: text('next_attempt_at'),
    lastError: text('last_error'),
    printedAt: text('printed_at'),
    /** a manager chose to print this job although it was older than the printer's hold age */
    releasedAt: text('released_at'),
  },
  (t) => [index('print_jobs_status').on(t.status, t.createdAt)],
);

/**
 * Where this till stands in head office's change feed (issue 14): one row (id = 1) once a page
 * was applied — the store, the cursor (head office's change number of the last page applied) and
 * that page's SHA-256. Written only by the feed-apply command, with its `feed.applied` entry.
 */
export const feedState = sqliteTable('feed_state', {
  id: integer('id').primaryKey(),
  storeId: text('store_id').notNull(),
  cursor: integer('cursor').notNull(),
  pageHash: text('page_hash').notNull(),
  appliedAt: text('applied_at').notNull(),
});

/**
 * Master-data edits that lost at head office (the feed's history): a field's value replaced by
 * an edit received later from elsewhere, for managers to see on the till as at head office.
 */
export const masterHistory = sqliteTable(
  'master_history',
  {
    changeSeq: integer('change_seq').notNull(),
    n: integer('n').notNull(),
    entity: text('entity').notNull(),
    entityId: text('entity_id').notNull(),
    field: text('field').notNull(),
    lost: text('lost').notNull(),
    lostOrigin: text('lost_origin').notNull(),
    won: text('won').notNull(),
    wonOrigin: text('won_origin').notNull(),
    at: text('at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.changeSeq, t.n] }),
    index('master_history_record').on(t.entity, t.entityId),
  ],
);
