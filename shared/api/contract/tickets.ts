import { z } from 'zod';
import { id, saleLineInput } from '../schemas.ts';
import type { ParkedTicket, Product, RecalledTicket } from '../types.ts';

import { command, empty, query } from './def.ts';

/** the counter: tickets on hold (park, list, recall) and the manager's quick keys */
export const ticketsOps = {
  /** Put the cart on hold: one journal entry with its lines; the cart itself stays in the renderer. */
  'ticket.park': command<ParkedTicket>()(
    z
      .object({
        lines: z.array(saleLineInput).min(1).max(500),
        customerId: id.optional(),
        label: z.string().trim().max(60).default(''),
      })
      .strict(),
    'clerk',
  ),
  /** The tickets on hold, oldest first (the customer who waited longest). */
  'ticket.parked': query<ParkedTicket[]>()(empty, 'clerk'),
  /** Take a ticket on hold back into the cart: it leaves the list (INVALID_STATE when already taken). */
  'ticket.recall': command<RecalledTicket>()(z.object({ ticketId: id }).strict(), 'clerk'),
  /** The counter's grid of favourite items, in order (retired products left out). */
  'quickKeys.list': query<Product[]>()(empty, 'clerk'),
  /** A manager sets the grid: 1 to 24 sold products, each once (a grid is never set empty: the counter then shows results only). */
  'quickKeys.set': command<Product[]>()(
    z.object({ productIds: z.array(id).min(1).max(24) }).strict(),
    'manager',
  ),
} as const;
