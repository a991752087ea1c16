/**
 * Every status and kind the ledger stores, defined once: db/schema.ts builds its column enums
 * from these, the contract's result types and the renderer's labels use the same lists.
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
  'pay_in',
  'pay_out',
  'no_sale',
] as const;
export type DrawerMovementKind = (typeof DRAWER_MOVEMENT_KINDS)[number];

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
