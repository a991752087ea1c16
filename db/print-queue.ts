import type Database from 'better-sqlite3';
import type { PrinterConfig, PrintJobInfo } from '../shared/api/types.ts';
import { businessDayStart } from '../shared/business-date.ts';
import type { PrintJobKind } from '../shared/ledger/print-jobs.ts';
import type { StoreSettings } from '../shared/store-settings.ts';
import { all, one } from './sql.ts';

/** The printer's configuration lives in the settings table under the key 'printer'. */
export function readPrinterConfig(sqlite: Database.Database): PrinterConfig | null {
  const r = one<{ value: string }>(sqlite, "SELECT value FROM settings WHERE key = 'printer'");
  return r ? (JSON.parse(r.value) as PrinterConfig) : null;
}

export interface JobRow {
  id: string;
  created_at: string;
  kind: PrintJobKind;
  ref_id: string | null;
  payload: string;
  kick_drawer: number;
  status: PrintJobInfo['status'];
  attempts: number;
  next_attempt_at: string | null;
  last_error: string | null;
  printed_at: string | null;
  released_at: string | null;
}

export function jobInfo(r: JobRow): PrintJobInfo {
  return {
    id: r.id,
    createdAt: r.created_at,
    kind: r.kind,
    refId: r.ref_id,
    status: r.status,
    kickDrawer: r.kick_drawer === 1,
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at,
    lastError: r.last_error,
    printedAt: r.printed_at,
    releasedAt: r.released_at,
  };
}

export function loadJob(sqlite: Database.Database, id: string): JobRow | undefined {
  return one<JobRow>(sqlite, 'SELECT * FROM print_jobs WHERE id = ?', id);
}

export function listJobs(sqlite: Database.Database, status: string | undefined, limit: number): JobRow[] {
  return status
    ? all<JobRow>(
        sqlite,
        'SELECT * FROM print_jobs WHERE status = ? ORDER BY created_at DESC, id DESC LIMIT ?',
        status,
        limit,
      )
    : all<JobRow>(sqlite, 'SELECT * FROM print_jobs ORDER BY created_at DESC, id DESC LIMIT ?', limit);
}

export function countJobs(sqlite: Database.Database): { pending: number; failed: number } {
  const r = one<{ pending: number; failed: number }>(
    sqlite,
    `SELECT COALESCE(SUM(status IN ('pending', 'printing')), 0) AS pending, COALESCE(SUM(status = 'failed'), 0) AS failed
     FROM print_jobs WHERE status IN ('pending', 'printing', 'failed')`,
  );
  return r ?? { pending: 0, failed: 0 };
}

/**
 * The OFFLINE mark ("HORS LIGNE", as Québec's SRM bills say when the till cannot reach the
 * revenue agency): printed only on a till enrolled with head office that could not reach it —
 * or whose journal head office refused — when the document was made. A till that was never
 * enrolled (a standalone store) has nowhere to send its sales and prints no mark. Returns since
 * when (the first failed attempt, or the refusal), or null.
 */
export function offlineSince(sqlite: Database.Database, jobCreatedAt: string): string | null {
  const r = one<{ offline_since: string | null; stopped_at: string | null }>(
    sqlite,
    'SELECT offline_since, stopped_at FROM sync_state WHERE id = 1',
  );
  if (!r) return null;
  const since = r.stopped_at ?? r.offline_since;
  return since && since <= jobCreatedAt ? since : null;
}

/** The counter numbering the DUPLICATA copies of one sale (the jobs themselves are pruned). */
export function receiptCopiesCounter(saleId: string): string {
  return `receipt_copies:${saleId}`;
}

/** Done jobs are kept this many days by default (the queue screen's history), then pruned. */
export const DEFAULT_JOB_RETENTION_DAYS = 30;

/**
 * Delete the jobs that are over — printed or cancelled — queued before `before` (ISO). A job
 * holds only references (shared/ledger/print-jobs.ts), so nothing of what was printed is lost:
 * the journal and the rows a reprint reads are never touched. Pending, printing and failed
 * jobs stay whatever their age: they still need the printer or a manager. Returns how many.
 */
export function prunePrintJobs(sqlite: Database.Database, before: string): number {
  return sqlite
    .prepare("DELETE FROM print_jobs WHERE status IN ('done', 'cancelled') AND created_at < ?")
    .run(before).changes;
}

/**
 * Jobs queued before this instant wait for a manager's choice instead of printing by themselves
 * (a printer configured for the first time once received ~4,700 old jobs at once): the start of
 * the current business day by default, or `holdOlderThanHours` before now when configured.
 */
export function holdCutoff(
  store: Pick<StoreSettings, 'timeZone' | 'closingHour'>,
  config: Pick<PrinterConfig, 'holdOlderThanHours'> | null,
  now: Date,
): string {
  const hours = config?.holdOlderThanHours;
  if (hours) return new Date(now.getTime() - hours * 3_600_000).toISOString();
  return businessDayStart(now, store.timeZone, store.closingHour).toISOString();
}

/** the jobs held back: waiting, queued before the cutoff, not released by a manager */
export const HELD_SQL = "status = 'pending' AND created_at < ? AND released_at IS NULL";

export function countHeld(sqlite: Database.Database, cutoff: string): number {
  return one<{ n: number }>(sqlite, `SELECT count(*) AS n FROM print_jobs WHERE ${HELD_SQL}`, cutoff)!.n;
}

/** The oldest job the worker may print now: waiting, and recent or released. */
export function nextPrintable(sqlite: Database.Database, cutoff: string): JobRow | undefined {
  return one<JobRow>(
    sqlite,
    `SELECT * FROM print_jobs WHERE status = 'pending' AND (created_at >= ? OR released_at IS NOT NULL)
     ORDER BY created_at, id LIMIT 1`,
    cutoff,
  );
}
