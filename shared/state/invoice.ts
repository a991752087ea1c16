import { INVOICE_STATUSES, type InvoiceStatus } from '../statuses.ts';
import type { Machine } from './machine.ts';

/**
 * An invoice's life. A draft is edited and deleted freely; issuing numbers it (gapless per
 * series) and freezes it: from then on only its status moves — sent, exported, paid (a payment
 * brings the balance to zero, or a manager by hand), refunded — and corrections are credit notes.
 * No event leads back to draft.
 */
export { INVOICE_STATUSES, type InvoiceStatus };

export const INVOICE_EVENTS = ['edit', 'issue', 'send', 'export', 'pay', 'refund', 'credit'] as const;
export type InvoiceEvent = (typeof INVOICE_EVENTS)[number];

/** the statuses a manager may set by hand, and the event that reaches each */
export const MANUAL_INVOICE_STATUSES = ['sent', 'exported', 'paid', 'refunded'] as const;
export type ManualInvoiceStatus = (typeof MANUAL_INVOICE_STATUSES)[number];
export const INVOICE_EVENT_TO: Readonly<Record<ManualInvoiceStatus, InvoiceEvent>> = {
  sent: 'send',
  exported: 'export',
  paid: 'pay',
  refunded: 'refund',
};

/** an issued invoice, whatever it became since: sent, exported, paid (credit notes still allowed) */
const issuedMoves = (self: InvoiceStatus) => {
  const m: Partial<Record<InvoiceEvent, InvoiceStatus>> = { credit: self };
  for (const to of MANUAL_INVOICE_STATUSES) if (to !== self) m[INVOICE_EVENT_TO[to]] = to;
  return m;
};

export const INVOICE_MACHINE: Machine<InvoiceStatus, InvoiceEvent> = {
  draft: { edit: 'draft', issue: 'issued' },
  issued: issuedMoves('issued'),
  sent: issuedMoves('sent'),
  exported: issuedMoves('exported'),
  paid: issuedMoves('paid'),
  refunded: {},
};

/** statuses where a payment may still be recorded */
export const PAYABLE_INVOICE_STATUSES: readonly InvoiceStatus[] = ['issued', 'sent', 'exported'];
