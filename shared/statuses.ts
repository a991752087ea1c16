/**
 * Every status and kind the ledger stores, defined once: db/schema.ts builds its column enums
 * from these, the contract's schemas and result types (shared/api) and the renderer's labels use
 * the same lists. (Roles: shared/roles.ts ROLES; unit statuses, tender and cancel reasons:
 * shared/api/schemas.ts — the same rule, older homes.)
 */

export const SALE_STATUSES = [
  'open',
  'completed',
  'voided',
  'cancelled',
  'refund_pending',
  'refunded',
] as const;
export type SaleStatus = (typeof SALE_STATUSES)[number];

export const DRAWER_SESSION_STATUSES = ['open', 'closed'] as const;
export type DrawerSessionStatus = (typeof DRAWER_SESSION_STATUSES)[number];

export const DRAWER_MOVEMENT_KINDS = [
  'float',
  'sale',
  'refund',
  'order_payment',
  'deposit_in',
  'deposit_out',
  'pay_in',
  'pay_out',
  'no_sale',
] as const;
export type DrawerMovementKind = (typeof DRAWER_MOVEMENT_KINDS)[number];

/**
 * an order: a bill paid at the counter, a rental reservation, or an intervention (a repair or
 * service job) — the last two with their own lines and life
 */
export const ORDER_KINDS = ['order', 'reservation', 'intervention'] as const;
export type OrderKind = (typeof ORDER_KINDS)[number];

/** a reservation's life: shared/state/reservation.ts is its machine */
export const RESERVATION_STATUSES = [
  'quote',
  'confirmed',
  'checked_out',
  'returned',
  'closed',
  'cancelled',
] as const;
export type ReservationStatus = (typeof RESERVATION_STATUSES)[number];

/**
 * an intervention's life (shared/state/intervention.ts is its machine): a quote, an order (the
 * customer accepted it), done (the work is finished), closed (paid); or cancelled
 */
export const INTERVENTION_STATUSES = ['quote', 'order', 'done', 'closed', 'cancelled'] as const;
export type InterventionStatus = (typeof INTERVENTION_STATUSES)[number];

/** what orders.status holds, by kind: a reservation's or an intervention's status */
export const ORDER_DOCUMENT_STATUSES = [...RESERVATION_STATUSES, 'order', 'done'] as const;
export type OrderDocumentStatus = (typeof ORDER_DOCUMENT_STATUSES)[number];

export const REFUND_CHANNELS = ['cash', 'card'] as const;
export type RefundChannel = (typeof REFUND_CHANNELS)[number];

export const REFUND_STATUSES = ['pending', 'completed'] as const;
export type RefundStatus = (typeof REFUND_STATUSES)[number];

export const CLOSING_KINDS = ['day', 'month', 'year'] as const;
export type ClosingKind = (typeof CLOSING_KINDS)[number];

export const PRINT_JOB_STATUSES = ['pending', 'printing', 'done', 'failed', 'cancelled'] as const;
export type PrintJobStatus = (typeof PRINT_JOB_STATUSES)[number];

export const ORDER_STATUSES = ['open', 'paid'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** a refund of the whole cancelled sale, or a return of some of a completed sale's lines */
export const REFUND_KINDS = ['sale', 'lines'] as const;
export type RefundKind = (typeof REFUND_KINDS)[number];

export const UNIT_MOVEMENT_KINDS = ['created', 'status', 'condition', 'serial'] as const;
export type UnitMovementKind = (typeof UNIT_MOVEMENT_KINDS)[number];

/** what a seal closes over: a Z report or a period closing */
export const SEAL_KINDS = ['z', ...CLOSING_KINDS] as const;
export type SealKind = (typeof SEAL_KINDS)[number];

/** why the sync worker stopped pushing (head office refused the till) */
export const SYNC_STOP_REASONS = ['FORK', 'LEDGER_REWRITTEN', 'UNAUTHORIZED'] as const;
export type SyncStopReason = (typeof SYNC_STOP_REASONS)[number];

/** a line's discount: an amount off, or a percentage (basis points) */
export const DISCOUNT_KINDS = ['amount', 'percent'] as const;
export type DiscountKind = (typeof DISCOUNT_KINDS)[number];

/**
 * an invoice's life (shared/state/invoice.ts is its machine): a draft (editable, deletable, no
 * number), issued (numbered, immutable from then on), sent (e-mailed), exported (to the
 * accounting software), paid, refunded. The stores' vocabulary has no word for "issued and not
 * yet sent": it is the status a numbered invoice has until it is sent, exported or paid.
 */
export const INVOICE_STATUSES = ['draft', 'issued', 'sent', 'exported', 'paid', 'refunded'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

/** an invoice, or a credit note (avoir) correcting an issued invoice */
export const INVOICE_KINDS = ['invoice', 'credit'] as const;
export type InvoiceKind = (typeof INVOICE_KINDS)[number];

/** what an invoice was made from: a customer alone, a completed sale or a reservation */
export const INVOICE_SOURCES = ['customer', 'sale', 'reservation'] as const;
export type InvoiceSource = (typeof INVOICE_SOURCES)[number];
