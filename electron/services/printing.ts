import {
  countHeld,
  countJobs,
  HELD_SQL,
  holdCutoff,
  type JobRow,
  jobInfo,
  listJobs,
  loadJob,
  offlineSince,
  readPrinterConfig,
  receiptCopiesCounter,
} from '../../db/print-queue.ts';
import { nextCounter, one, run } from '../../db/sql.ts';
import type { OpParsed } from '../../shared/api/contract.ts';
import type {
  PrinterConfig,
  PrinterProfileInfo,
  PrinterStatus,
  PrintJobInfo,
  ReceiptPreview,
} from '../../shared/api/types.ts';
import { CommandError, notFound } from '../../shared/errors.ts';
import type { PrintJob } from '../../shared/ledger/print-jobs.ts';
import type { CommandContext, ReadEnv } from './context.ts';
import { type PrintJobRow, printDocument } from './print-documents.ts';
import { loadSale } from './sale-read.ts';

/**
 * Printer operations. Commands write one journal entry each (configure, test page, retry,
 * cancel, reprint); the worker's own status updates of a job row are bookkeeping, not commands.
 */

function requireJob(ctx: CommandContext, jobId: string): JobRow {
  const j = loadJob(ctx.sqlite, jobId);
  if (!j) throw notFound('jobId', jobId, 'printJob');
  return j;
}

function newJob(ctx: CommandContext, id: string): PrintJobInfo {
  return jobInfo(loadJob(ctx.sqlite, id)!);
}

export const printingHandlers = {
  'printer.configure'(ctx: CommandContext, input: OpParsed<'printer.configure'>): PrinterConfig {
    if (!ctx.env.printers.hasProfile(input.profileId)) {
      throw notFound('profileId', input.profileId, 'printerProfile');
    }
    const config: PrinterConfig = {
      name: input.name,
      transport: input.transport,
      profileId: input.profileId,
      drawerWarnSeconds: input.drawerWarnSeconds,
      jobRetentionDays: input.jobRetentionDays,
      holdOlderThanHours: input.holdOlderThanHours,
    };
    run(
      ctx.sqlite,
      "INSERT INTO settings (key, value) VALUES ('printer', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
      JSON.stringify(config),
    );
    ctx.record('printer.configured', { ...config });
    return config;
  },

  'printer.testPage'(ctx: CommandContext, _input: OpParsed<'printer.testPage'>): PrintJobInfo {
    const config = readPrinterConfig(ctx.sqlite);
    if (!config) throw new CommandError('INVALID_STATE', 'no printer is configured');
    const id = ctx.print('test_page', {});
    ctx.record('printer.testPage', { jobId: id, profileId: config.profileId });
    return newJob(ctx, id);
  },

  'print.retry'(ctx: CommandContext, input: OpParsed<'print.retry'>): PrintJobInfo {
    const j = requireJob(ctx, input.jobId);
    if (j.status !== 'failed' && j.status !== 'pending') {
      throw new CommandError('INVALID_STATE', `cannot retry a print job that is ${j.status}`, {
        details: { status: j.status },
      });
    }
    // a manager retrying a job has chosen to print it, however old it is
    run(
      ctx.sqlite,
      "UPDATE print_jobs SET status = 'pending', next_attempt_at = NULL, last_error = NULL, released_at = coalesce(released_at, ?) WHERE id = ?",
      ctx.atIso,
      j.id,
    );
    ctx.record('print.retried', { jobId: j.id, kind: j.kind, refId: j.ref_id, previous: j.status });
    return newJob(ctx, j.id);
  },

  'print.cancel'(ctx: CommandContext, input: OpParsed<'print.cancel'>): PrintJobInfo {
    const j = requireJob(ctx, input.jobId);
    if (j.status !== 'failed' && j.status !== 'pending') {
      throw new CommandError('INVALID_STATE', `cannot cancel a print job that is ${j.status}`, {
        details: { status: j.status },
      });
    }
    run(ctx.sqlite, "UPDATE print_jobs SET status = 'cancelled' WHERE id = ?", j.id);
    ctx.record('print.cancelled', { jobId: j.id, kind: j.kind, refId: j.ref_id, previous: j.status });
    return newJob(ctx, j.id);
  },

  /**
   * The manager's choice for the jobs held back for their age (a printer configured for the
   * first time, or back after days off): print them all now, or discard them (cancelled, kept
   * in the queue's history). One journal entry with how many and the cutoff.
   */
  'print.releaseHeld'(
    ctx: CommandContext,
    input: OpParsed<'print.releaseHeld'>,
  ): { action: 'print' | 'discard'; count: number } {
    const config = readPrinterConfig(ctx.sqlite);
    if (!config) throw new CommandError('INVALID_STATE', 'no printer is configured');
    const before = holdCutoff(ctx.store, config, ctx.at);
    const r =
      input.action === 'print'
        ? run(ctx.sqlite, `UPDATE print_jobs SET released_at = ? WHERE ${HELD_SQL}`, ctx.atIso, before)
        : run(ctx.sqlite, `UPDATE print_jobs SET status = 'cancelled' WHERE ${HELD_SQL}`, before);
    if (r.changes === 0) {
      throw new CommandError('INVALID_STATE', 'no print job is held back', {
        details: { reason: 'noneHeld' },
      });
    }
    ctx.record('print.heldReleased', { action: input.action, count: r.changes, before });
    return { action: input.action, count: r.changes };
  },

  /** A numbered DUPLICATA: gapless per till (counter 'receipt_duplicate'), and the copy number of that sale. */
  'print.reprint'(ctx: CommandContext, input: OpParsed<'print.reprint'>): PrintJobInfo {
    const sale = loadSale(ctx.sqlite, input.saleId);
    if (sale.receiptNumber === null) {
      throw new CommandError('INVALID_STATE', `sale ${sale.id} has no receipt (it is ${sale.status})`, {
        details: { status: sale.status },
      });
    }
    const number = nextCounter(ctx.sqlite, 'receipt_duplicate');
    // the copy number of this sale: counted apart from the jobs, which are pruned once printed
    const copy = nextCounter(ctx.sqlite, receiptCopiesCounter(sale.id));
    const cash = sale.tenders.find((t) => t.method === 'cash');
    const id = ctx.print('sale_receipt', {
      saleId: sale.id,
      changeDue: cash?.change ?? 0,
      duplicate: { number, copy },
    });
    ctx.record('receipt.duplicated', {
      saleId: sale.id,
      receiptNumber: sale.receiptNumber,
      duplicateNumber: number,
      copy,
      jobId: id,
    });
    return newJob(ctx, id);
  },
};

export const printingQueries = {
  'printer.status'(env: ReadEnv): PrinterStatus {
    const w = env.runtime.printer;
    if (w) return w.status();
    const config = readPrinterConfig(env.sqlite);
    const c = countJobs(env.sqlite);
    const heldBefore = config ? holdCutoff(env.store, config, env.now()) : null;
    return {
      state: config ? 'offline' : 'none',
      drawerOpen: null,
      drawerOpenSince: null,
      drawerWarning: false,
      pendingJobs: c.pending,
      failedJobs: c.failed,
      heldJobs: heldBefore ? countHeld(env.sqlite, heldBefore) : 0,
      heldBefore,
      name: config?.name ?? null,
      profileId: config?.profileId ?? null,
      lastError: config ? 'the print worker is not running' : null,
      checkedAt: null,
    };
  },

  'printer.config'(env: ReadEnv): PrinterConfig | null {
    return readPrinterConfig(env.sqlite);
  },

  'printer.profiles'(env: ReadEnv): PrinterProfileInfo[] {
    return env.printers.profiles();
  },

  'print.jobs'(env: ReadEnv, input: OpParsed<'print.jobs'>): PrintJobInfo[] {
    return listJobs(env.sqlite, input.status, input.limit).map(jobInfo);
  },

  /** The virtual printer's rendering of the very bytes the printer gets (or would get). */
  'receipt.preview'(env: ReadEnv, input: OpParsed<'receipt.preview'>): ReceiptPreview {
    let row: PrintJobRow & Pick<JobRow, 'kick_drawer'> & { id: string | null };
    if (input.jobId) {
      const j = loadJob(env.sqlite, input.jobId);
      if (!j) throw notFound('jobId', input.jobId, 'printJob');
      row = j;
    } else {
      const j = one<JobRow>(
        env.sqlite,
        "SELECT * FROM print_jobs WHERE kind = 'sale_receipt' AND ref_id = ? ORDER BY created_at, id LIMIT 1",
        input.saleId,
      );
      if (j) row = j;
      else {
        // no job left (pruned, or never queued): the receipt as the sale printed it
        const sale = loadSale(env.sqlite, input.saleId!);
        const cash = sale.tenders.find((t) => t.method === 'cash');
        const payload: PrintJob<'sale_receipt'> = { saleId: sale.id, changeDue: cash?.change ?? 0 };
        row = {
          id: null,
          kind: 'sale_receipt',
          payload: JSON.stringify(payload),
          kick_drawer: 0,
          created_at: sale.completedAt ?? sale.openedAt,
        };
      }
    }
    const config = readPrinterConfig(env.sqlite);
    const doc = printDocument(env.sqlite, row);
    const page = env.printers.preview(
      env.store,
      doc,
      { kickDrawer: row.kick_drawer === 1, offlineSince: offlineSince(env.sqlite, row.created_at) },
      config,
    );
    return { jobId: row.id, kind: row.kind, ...page };
  },
};
