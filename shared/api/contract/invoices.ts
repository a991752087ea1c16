import { z } from 'zod';
import { MANUAL_INVOICE_STATUSES } from '../../state/invoice.ts';
import { INVOICE_KINDS, INVOICE_STATUSES } from '../../statuses.ts';
import {
  discount,
  id,
  MAX_AMOUNT,
  PAYMENT_METHODS,
  positiveAmount,
  quantity,
  shortText,
} from '../schemas.ts';
import type { Invoice, InvoiceSummary } from '../types.ts';

import { command, query } from './def.ts';

/**
 * A line of an invoice: a description (a service, a fee) or an item of the catalogue (its name,
 * price and tax category unless given). Quantities in thousandths, a discount like a sale line's.
 * A unit price may be negative (a deposit deducted), but an invoice's total never is: that is
 * what a credit note is for.
 */
export const invoiceLine = z
  .object({
    productId: id.optional(),
    description: shortText.optional(),
    quantity,
    unitPrice: z
      .number()
      .int('must be whole minor units (cents)')
      .min(-MAX_AMOUNT)
      .max(MAX_AMOUNT)
      .optional(),
    discount: discount.optional(),
    taxCategory: z.string().trim().min(1).max(40).optional(),
  })
  .strict();

const notes = z.string().trim().max(2000).optional();
const dueDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD')
  .optional();

/** invoices and credit notes: drafts edited freely, issued ones numbered per till series and frozen */
export const invoicesOps = {
  /** a draft for a customer (with lines), or from a completed sale or a reservation (their lines copied) */
  'invoice.create': command<Invoice>()(
    z
      .object({
        customerId: id,
        from: z
          .discriminatedUnion('kind', [
            z.object({ kind: z.literal('sale'), saleId: id }).strict(),
            z.object({ kind: z.literal('reservation'), reservationId: id }).strict(),
          ])
          .optional(),
        lines: z.array(invoiceLine).max(500).default([]),
        notes,
        dueDate,
      })
      .strict(),
    'clerk',
  ),
  /** a draft's lines, notes or due date replaced (refused once issued) */
  'invoice.update': command<Invoice>()(
    z.object({ invoiceId: id, lines: z.array(invoiceLine).max(500).optional(), notes, dueDate }).strict(),
    'clerk',
  ),
  /** a draft deleted (the screen asks for confirmation); an issued invoice never is */
  'invoice.delete': command<{ invoiceId: string }>()(z.object({ invoiceId: id }).strict(), 'clerk'),
  /** the next number of this till's series; the invoice is frozen from then on */
  'invoice.issue': command<Invoice>()(z.object({ invoiceId: id }).strict(), 'clerk'),
  /** a manager sets the status by hand, saying why */
  'invoice.setStatus': command<Invoice>()(
    z
      .object({
        invoiceId: id,
        to: z.enum(MANUAL_INVOICE_STATUSES),
        reason: z.string().trim().min(1, 'required').max(500),
      })
      .strict(),
    'manager',
  ),
  /** money received against an issued invoice: Paid once the balance is zero (cash goes through a sale) */
  'invoice.recordPayment': command<Invoice>()(
    z
      .object({
        invoiceId: id,
        amount: positiveAmount,
        method: z.enum(PAYMENT_METHODS.filter((m) => m !== 'cash') as ['card', 'cheque', 'transfer']),
        reference: z.string().trim().max(100).optional(),
      })
      .strict(),
    'clerk',
  ),
  /**
   * a credit note (avoir) correcting an issued invoice: all of it, or some of its lines (a
   * quantity of each, at most what is left to credit). Issued at once, in the till's credit series.
   */
  'invoice.credit': command<Invoice>()(
    z
      .object({
        invoiceId: id,
        lines: z
          .array(z.object({ lineId: id, quantity }).strict())
          .min(1)
          .max(500)
          .optional(),
        reason: z.string().trim().min(1, 'required').max(500),
      })
      .strict(),
    'manager',
  ),
  'invoice.get': query<Invoice>()(z.object({ invoiceId: id }).strict(), 'clerk'),
  'invoice.list': query<InvoiceSummary[]>()(
    z
      .object({
        q: z.string().max(100).optional(),
        customerId: id.optional(),
        status: z.enum(INVOICE_STATUSES).optional(),
        kind: z.enum(INVOICE_KINDS).optional(),
        limit: z.number().int().min(1).max(500).default(100),
      })
      .strict(),
    'clerk',
  ),
} as const;
