import type { PrinterStatus } from '../../shared/api/types.ts';
import type { VirtualPrinter } from '../hardware/virtual.ts';
import { PrintWorker, type PrintWorkerOptions } from '../hardware/worker.ts';
import { printDocument } from '../services/print-documents.ts';
import type { App } from './index.ts';

export type { PrintWorkerOptions };

export interface PrintWorkerHandle {
  /** stop polling and wait for the job being sent (if any) to finish */
  stop(): Promise<void>;
  /** the status bar's data (same as the 'printer.status' query) */
  status(): PrinterStatus;
  /** wake the worker now (it also wakes on every ledger event and on a poll) */
  kick(): void;
  /** the in-memory printer when the configured transport is 'virtual' (demo mode) */
  virtualPrinter(): VirtualPrinter | null;
}

/**
 * Start working the print queue of `app` (call once, after createApp, in the Electron main
 * process or the web host). Printer status changes are pushed to `opts.onStatus`.
 */
export function startPrintWorker(app: App, opts: PrintWorkerOptions = {}): PrintWorkerHandle {
  const w = new PrintWorker(
    {
      env: app.env,
      subscribe: (fn) => app.subscribe(fn),
      printDocument: (row) => printDocument(app.env.sqlite, row),
    },
    opts,
  );
  // the printer queries read the worker's status through the till's runtime, like backup.status
  const runtime = { status: () => w.status() };
  app.env.runtime.printer = runtime;
  w.start();
  return {
    async stop() {
      await w.stop();
      if (app.env.runtime.printer === runtime) app.env.runtime.printer = null;
    },
    status: () => w.status(),
    kick: () => w.kick(),
    virtualPrinter: () => w.virtualPrinter,
  };
}
