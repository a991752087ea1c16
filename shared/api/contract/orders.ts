import { z } from 'zod';
import { id, PAYMENT_METHODS, positiveAmount, shortText } from '../schemas.ts';
import type { Order } from '../types.ts';

import { command, query } from './def.ts';

/** orders: the counter "add a payment" flow */
export const ordersOps = {
  'order.create': command<Order>()(
    z
      .object({
        customerId: id.optional(),
        description: shortText,
        total: positiveAmount,
      })
      .strict(),
    'clerk',
  ),
  'order.recordPayment': command<Order>()(
    z
      .object({
        orderId: id,
        amount: positiveAmount,
        method: z.enum(PAYMENT_METHODS),
        explanation: z.string().trim().max(500).optional(),
        reference: z.string().trim().max(200).optional(),
        tendered: positiveAmount.optional(),
      })
      .strict(),
    'clerk',
  ),
  'order.get': query<Order>()(z.object({ orderId: id }).strict(), 'clerk'),
  'order.list': query<Order[]>()(z.object({ q: z.string().max(100).optional() }).strict(), 'clerk'),
} as const;
