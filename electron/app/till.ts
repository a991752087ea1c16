import { warmCollation } from '../services/catalogue.ts';
import { type BackupOptions, type Backups, startBackups } from './backups.ts';
import type { App } from './index.ts';
import { type IntegrityOptions, startIntegrityCheck } from './integrity.ts';
import { type PrintWorkerHandle, type PrintWorkerOptions, startPrintWorker } from './printing.ts';
import type { Updates } from './updates.ts';

/**
 * One till runtime: the workers that live beside a ledger's process, started in one place for
 * the Electron main process and the web host alike (so a worker added here — sync — runs in both).
 *
 * - printing: works the print queue (receipts, the cash drawer). A printer that cannot be
 *   opened never stops the till: the failure is logged and printer.status says so.
 * - backups: the automatic copies of the ledger (after every Z and closing, every few hours).
 * - sync: head office's push/pull worker, plugged in by whoever builds it (electron/sync).
 *
 * Stopping tells every worker at once (synchronously: each one stops taking work before the
 * caller's next line, which may close the ledger) and resolves when each has finished the work
 * under way; closing the ledger stays the caller's job.
 */
export interface TillWorker {
  /** begin working; called once, after the ledger is open (never throws for a network that is down) */
  start(): void;
  /** stop taking new work and resolve once the work under way is finished */
  stop(): Promise<void>;
}

export interface TillOptions {
  /** the print worker's options; false: no print worker (a test, a tool) */
  printing?: PrintWorkerOptions | false;
  /** automatic backups; false or absent: none */
  backups?: BackupOptions | false;
  /** the sync worker, built for this app; absent: the till stays offline */
  sync?: (app: App) => TillWorker;
  /** the start-up check of every page and entry, in a worker; false: none (a test, a tool). Default on. */
  integrity?: IntegrityOptions | false;
  /** the app updater, built for this app (Electron main when packaged); absent: no updates */
  updates?: (app: App) => Updates;
  log?: (level: 'info' | 'warn' | 'error', message: string, err?: unknown) => void;
}

export interface Till {
  readonly printing: PrintWorkerHandle | null;
  readonly backups: Backups | null;
  readonly sync: TillWorker | null;
  readonly integrity: TillWorker | null;
  readonly updates: Updates | null;
  stop(): Promise<void>;
}

export function startTill(app: App, opts: TillOptions = {}): Till {
  const log = opts.log ?? (() => undefined);
  // ICU loads a collation on first use (~12 ms measured): not on the clerk's first search
  warmCollation(app.env.store.locale);
  let printing: PrintWorkerHandle | null = null;
  if (opts.printing !== false) {
    try {
      printing = startPrintWorker(app, opts.printing ?? {});
    } catch (e) {
      // the till still sells without a printer; the status bar shows it
      log('error', 'print worker did not start', e);
    }
  }
  let integrity: TillWorker | null = null;
  if (opts.integrity !== false) {
    try {
      integrity = startIntegrityCheck(app, { log, ...(opts.integrity ?? {}) });
      integrity.start();
    } catch (e) {
      // a check that cannot start is reported, never a reason not to sell
      log('error', 'ledger check did not start', e);
      integrity = null;
    }
  }
  const backups = opts.backups ? startBackups(app, opts.backups) : null;
  let sync: TillWorker | null = null;
  if (opts.sync) {
    try {
      sync = opts.sync(app);
      sync.start();
    } catch (e) {
      // selling never waits for head office
      log('error', 'sync worker did not start', e);
      sync = null;
    }
  }
  let updates: Updates | null = null;
  if (opts.updates) {
    try {
      updates = opts.updates(app);
      updates.start();
    } catch (e) {
      // the till keeps the version it has
      log('error', 'updater did not start', e);
      updates = null;
    }
  }
  let stopping: Promise<void> | null = null;
  return {
    printing,
    backups,
    sync,
    integrity,
    updates,
    stop() {
      stopping ??= Promise.all([
        updates?.stop(),
        sync?.stop(),
        backups?.stop(),
        printing?.stop(),
        integrity?.stop(),
      ]).then(() => undefined);
      return stopping;
    },
  };
}
