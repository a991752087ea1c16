import { z } from 'zod';
import { id, shortText } from '../schemas.ts';
import type { Category, Customer, Product } from '../types.ts';

import { command, empty, query } from './def.ts';

/** catalogue & customers */
export const catalogueOps = {
  'catalogue.search': query<Product[]>()(
    z
      .object({
        q: z.string().max(100).default(''),
        categoryId: id.optional(),
        limit: z.number().int().min(1).max(200).default(30),
      })
      .strict(),
    'clerk',
  ),
  'catalogue.byBarcode': query<Product | null>()(
    z.object({ code: z.string().trim().min(1).max(64) }).strict(),
    'clerk',
  ),
  'catalogue.categories': query<Category[]>()(empty, 'clerk'),
  'customer.search': query<Customer[]>()(z.object({ q: z.string().max(100) }).strict(), 'clerk'),
  'customer.create': command<Customer>()(
    z
      .object({
        name: shortText,
        email: z.email('must be an email address').max(200).optional(),
        phone: z.string().trim().max(40).optional(),
      })
      .strict(),
    'clerk',
  ),
} as const;
