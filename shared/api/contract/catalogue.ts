import { z } from 'zod';
import { id } from '../schemas.ts';
import type { Category, Product } from '../types.ts';

import { empty, query } from './def.ts';

/** catalogue (customers: customers.ts) */
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
} as const;
