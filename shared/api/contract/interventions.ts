import { z } from 'zod';
import { amount, id, quantity, shortText } from '../schemas.ts';
import type { Intervention, InterventionSummary } from '../types.ts';

import { command, query } from './def.ts';

/**
 * A line of an intervention: labour or a part by its description, or an item of the catalogue
 * (its name, price and tax category unless given). Quantities in thousandths, like a sale's.
 */
export const interventionLine = z
  .object({
    productId: id.optional(),
    description: shortText.optional(),
    quantity,
    /** the unit price (the catalogue's for an item when left out) */
    unitPrice: amount.optional(),
    /** the sales tax engine's category (the item's, or 'standard') */
    taxCategory: z.string().trim().min(1).max(40).optional(),
  })
  .strict();

const lines = z.array(interventionLine).min(1, 'at least one line').max(200);

/** interventions (repair or service jobs) from a customer; payments go through order.recordPayment */
export const interventionsOps = {
  'intervention.create': command<Intervention>()(
    z
      .object({
        customerId: id,
        /** what the job is: "Réparation tronçonneuse" */
        description: shortText,
        /** a quote the customer will accept, or an order straight away */
        status: z.enum(['quote', 'order']).default('quote'),
        lines: z.array(interventionLine).max(200).default([]),
        notes: z.string().trim().max(2000).optional(),
      })
      .strict(),
    'clerk',
  ),
  'intervention.addLines': command<Intervention>()(z.object({ interventionId: id, lines }).strict(), 'clerk'),
  /** accept (→ order), complete (→ done), close (→ closed, paid in full) or cancel (nothing paid) */
  'intervention.setStatus': command<Intervention>()(
    z
      .object({
        interventionId: id,
        to: z.enum(['order', 'done', 'closed', 'cancelled']),
        reason: z.string().trim().max(500).optional(),
      })
      .strict(),
    'clerk',
  ),
  'intervention.get': query<Intervention>()(z.object({ interventionId: id }).strict(), 'clerk'),
  'intervention.list': query<InterventionSummary[]>()(
    z
      .object({
        q: z.string().max(100).optional(),
        customerId: id.optional(),
        /** only those still in progress (quote, order, done) */
        open: z.boolean().optional(),
        limit: z.number().int().min(1).max(500).default(100),
      })
      .strict(),
    'clerk',
  ),
} as const;
