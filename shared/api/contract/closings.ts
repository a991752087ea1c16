import { z } from 'zod';
import { isoDate, isoMonth, isoYear } from '../schemas.ts';
import type { IntegrityStatus, PeriodClosing, SalesReportRow, VerifyResult } from '../types.ts';

import { command, empty, query } from './def.ts';

/** closings & statistics */
export const closingsOps = {
  'period.close': command<PeriodClosing>()(
    // `print`: also queue the closing report on the receipt printer
    z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('day'), period: isoDate, print: z.boolean().optional() }).strict(),
      z.object({ kind: z.literal('month'), period: isoMonth, print: z.boolean().optional() }).strict(),
      z.object({ kind: z.literal('year'), period: isoYear, print: z.boolean().optional() }).strict(),
    ]),
    'manager',
  ),
  'period.list': query<PeriodClosing[]>()(empty, 'manager'),
  'report.sales': query<SalesReportRow[]>()(
    z
      .object({
        from: isoDate,
        to: isoDate,
        groupBy: z.enum(['day', 'tender', 'taxRate', 'clerk', 'hour', 'category']),
      })
      .strict(),
    'manager',
  ),
  'ledger.verify': query<VerifyResult>()(empty, 'manager'),
  /** the start-up check of every page and entry, run in the background (null: no till runtime here) */
  'ledger.integrity': query<IntegrityStatus | null>()(empty, 'manager'),
} as const;
