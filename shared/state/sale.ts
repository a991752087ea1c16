import type { SaleStatus } from '../api/types.ts';
import type { Machine } from './machine.ts';

/**
 * A sale's life. Corrections are new entries, never edits: a completed sale is never
 * changed back; it is cancelled (reason + message to the customer), and only a cancelled
 * sale can be refunded (the Bulgarian stores' rule, and NF525's "contra entries").
 * Card/online refunds wait for head office (refund_pending → refunded).
 */
export type SaleEvent = 'complete' | 'void' | 'cancel' | 'refundCash' | 'refundToCard' | 'refundCompleted';

export const SALE_MACHINE: Machine<SaleStatus, SaleEvent> = {
  open: { complete: 'completed', void: 'voided' },
  completed: { cancel: 'cancelled' },
  cancelled: { refundCash: 'refunded', refundToCard: 'refund_pending' },
  refund_pending: { refundCompleted: 'refunded' },
  refunded: {},
  voided: {},
};

/** Sales whose revenue counts in statistics and the balance. */
export const REVENUE_STATUSES: readonly SaleStatus[] = ['completed', 'cancelled'];
