import { z } from 'zod';
import { id, shortText } from '../schemas.ts';
import type { Customer, CustomerDeleteReport, CustomerDetail } from '../types.ts';

import { command, query } from './def.ts';

const email = z.email('must be an email address').max(200);
const phone = z.string().trim().max(40);
const address = z.string().trim().max(300);
const postalCode = z.string().trim().max(20);
const city = z.string().trim().max(100);
const notes = z.string().trim().max(2000);

/** customers: the counter's customer accounts (personal data outside the journal) */
export const customersOps = {
  'customer.search': query<Customer[]>()(z.object({ q: z.string().max(100) }).strict(), 'clerk'),
  'customer.get': query<CustomerDetail>()(z.object({ customerId: id }).strict(), 'clerk'),
  'customer.create': command<Customer>()(
    z
      .object({
        name: shortText,
        email: email.optional(),
        phone: phone.optional(),
        address: address.optional(),
        postalCode: postalCode.optional(),
        city: city.optional(),
        notes: notes.optional(),
      })
      .strict(),
    'clerk',
  ),
  /** a field left out is kept; null (or '') clears it */
  'customer.update': command<Customer>()(
    z
      .object({
        customerId: id,
        name: shortText.optional(),
        email: email.or(z.literal('')).nullable().optional(),
        phone: phone.nullable().optional(),
        address: address.nullable().optional(),
        postalCode: postalCode.nullable().optional(),
        city: city.nullable().optional(),
        notes: notes.nullable().optional(),
      })
      .strict(),
    'clerk',
  ),
  /**
   * Delete one or several customers (the multi-select list). A customer with documents in
   * progress is refused and listed with them; the others are deleted — their personal data
   * erased — in the same command. All refused: CONFLICT with the report in details.
   */
  'customer.delete': command<CustomerDeleteReport>()(
    z.object({ customerIds: z.array(id).min(1, 'pick at least one customer').max(200) }).strict(),
    'clerk',
  ),
} as const;
