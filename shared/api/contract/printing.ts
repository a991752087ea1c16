import { z } from 'zod';
import { PRINT_JOB_STATUSES } from '../../statuses.ts';
import { format, id, shortText } from '../schemas.ts';
import type {
  PrinterConfig,
  PrinterProfileInfo,
  PrinterStatus,
  PrintJobInfo,
  ReceiptPreview,
} from '../types.ts';

import { command, empty, jobRef, printerTransport, query, saleRef } from './def.ts';

/** printers & drawer hardware */
export const printingOps = {
  'printer.status': query<PrinterStatus>()(empty, 'clerk'),
  'printer.config': query<PrinterConfig | null>()(empty, 'manager'),
  'printer.configure': command<PrinterConfig>()(
    z
      .object({
        name: shortText.default('Imprimante'),
        transport: printerTransport,
        profileId: format(/^[a-z0-9-]{1,64}$/, 'profileId', 'a printer profile id'),
        drawerWarnSeconds: z.number().int().min(5).max(3600).default(60),
        /** printed (and cancelled) jobs are kept this long for the queue screen, then pruned */
        jobRetentionDays: z.number().int().min(1).max(3650).default(30),
        /** older jobs wait for a manager's choice; null: those from before the current business day */
        holdOlderThanHours: z.number().int().min(1).max(720).nullable().default(null),
      })
      .strict(),
    'manager',
  ),
  'printer.profiles': query<PrinterProfileInfo[]>()(empty, 'manager'),
  'printer.testPage': command<PrintJobInfo>()(empty, 'manager'),
  'print.jobs': query<PrintJobInfo[]>()(
    z
      .object({
        status: z.enum(PRINT_JOB_STATUSES).optional(),
        limit: z.number().int().min(1).max(500).default(100),
      })
      .strict(),
    'manager',
  ),
  'print.retry': command<PrintJobInfo>()(jobRef, 'manager'),
  /** the jobs held back for their age (printer.status heldJobs): print them all, or discard them */
  'print.releaseHeld': command<{ action: 'print' | 'discard'; count: number }>()(
    z.object({ action: z.enum(['print', 'discard']) }).strict(),
    'manager',
  ),
  'print.cancel': command<PrintJobInfo>()(jobRef, 'manager'),
  /** a DUPLICATA-marked copy of a sale's receipt, numbered and journaled (NF525 counts duplicates) */
  'print.reprint': command<PrintJobInfo>()(saleRef, 'clerk'),
  'receipt.preview': query<ReceiptPreview>()(
    z
      .object({ saleId: id.optional(), jobId: id.optional() })
      .strict()
      .refine((v) => (v.saleId === undefined) !== (v.jobId === undefined), {
        message: 'give either saleId or jobId',
        path: ['saleId'],
        params: { code: 'oneOf', fields: ['saleId', 'jobId'] },
      }),
    'clerk',
  ),
} as const;
