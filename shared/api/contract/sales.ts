import { z } from 'zod';
import { SALE_STATUSES } from '../../statuses.ts';
import {
  amount,
  approval,
  CANCEL_REASONS,
  discount,
  id,
  isoDate,
  longText,
  quantity,
  saleLineInput,
  shortText,
  tender,
} from '../schemas.ts';
import type { CheckoutResult, Sale, SaleSummary } from '../types.ts';

import { command, query, saleRef } from './def.ts';

/** sales (tickets) */
export const salesOps = {
  'sale.open': command<Sale>()(z.object({ customerId: id.optional() }).strict(), 'clerk'),
  'sale.addLine': command<Sale>()(
    saleLineInput.extend({ saleId: id, approval: approval.optional() }).strict(),
    'clerk',
  ),
  'sale.updateLine': command<Sale>()(
    z
      .object({
        saleId: id,
        lineId: id,
        quantity: quantity.optional(),
        unitPrice: amount.optional(),
        discount: discount.nullable().optional(),
        approval: approval.optional(),
      })
      .strict(),
    'clerk',
  ),
  'sale.removeLine': command<Sale>()(z.object({ saleId: id, lineId: id }).strict(), 'clerk'),
  'sale.attachCustomer': command<Sale>()(
    z.object({ saleId: id, customerId: id.nullable() }).strict(),
    'clerk',
  ),
  'sale.complete': command<CheckoutResult>()(
    z.object({ saleId: id, tenders: z.array(tender).min(1).max(10) }).strict(),
    'clerk',
  ),
  /** The counter's fast path: the cart lives in the renderer, one command commits it. */
  'sale.checkout': command<CheckoutResult>()(
    z
      .object({
        lines: z.array(saleLineInput).min(1).max(500),
        customerId: id.optional(),
        tenders: z.array(tender).min(1).max(10),
        approval: approval.optional(),
      })
      .strict(),
    'clerk',
  ),
  // a clerk needs a manager's PIN; a manager voiding a ticket approves it by their own login
  'sale.void': command<Sale>()(z.object({ saleId: id, approval: approval.optional() }).strict(), 'clerk'),
  'sale.cancel': command<Sale>()(
    z
      .object({
        saleId: id,
        reason: z.enum(CANCEL_REASONS),
        message: longText.default(''),
        approval: approval.optional(),
      })
      .strict(),
    'clerk',
  ),
  /** Cash-channel refund: the clerk has identified the customer and the sale. */
  'sale.refundCash': command<Sale>()(
    z
      .object({
        saleId: id,
        // ticked boxes, each refused with its own code (a bare literal's issue would not say which rule)
        customerConfirmed: z.boolean().refine((v) => v, {
          message: 'the customer must be identified',
          params: { code: 'customerConfirm' },
        }),
        saleConfirmed: z.boolean().refine((v) => v, {
          message: 'the sale must be confirmed with the customer',
          params: { code: 'saleConfirm' },
        }),
        approval: approval.optional(),
      })
      .strict(),
    'clerk',
  ),
  /**
   * Card/online-channel refund: pending until head office completes it. `cardReference` is the
   * card payment's reference (the terminal's slip), which head office refunds against.
   */
  'sale.refundToCard': command<Sale>()(
    z.object({ saleId: id, cardReference: shortText.optional(), approval: approval.optional() }).strict(),
    'clerk',
  ),
  /**
   * A return of some lines of a completed sale (a quantity of each), refunded in cash at the
   * till: each line's share of its amount and the taxes per rate of the returned lines
   * (shared/returns.ts), the store's cash rule, a manager's approval as for a cash refund.
   * The sale stays completed; a sale with returned lines is no longer cancelled whole.
   */
  'sale.returnLines': command<Sale>()(
    z
      .object({
        saleId: id,
        lines: z
          .array(z.object({ lineId: id, quantity: quantity }).strict())
          .min(1)
          .max(500),
        customerConfirmed: z.literal(true, 'the customer must be identified'),
        approval: approval.optional(),
      })
      .strict(),
    'clerk',
  ),
  'sale.completeRefund': command<Sale>()(z.object({ saleId: id, reference: shortText }).strict(), 'admin'),
  'sale.get': query<Sale>()(saleRef, 'clerk'),
  'sale.byReceipt': query<Sale | null>()(
    z.object({ receiptNumber: z.number().int().min(1) }).strict(),
    'clerk',
  ),
  'sale.list': query<SaleSummary[]>()(
    z
      .object({
        q: z.string().max(100).optional(),
        from: isoDate.optional(),
        to: isoDate.optional(),
        status: z.enum(SALE_STATUSES).optional(),
        limit: z.number().int().min(1).max(500).default(50),
        /**
         * Cursor: the id of the last sale of the previous page. Sales are listed newest first
         * (completion time, then id), so the next page starts right after that sale, whatever
         * was sold since: no sale is skipped or repeated while the clerk scrolls.
         */
        after: id.optional(),
      })
      .strict(),
    'clerk',
  ),
} as const;
