import type { PrinterStatus } from '../../shared/api/types.ts';
import { registerWorker, unregisterWorker } from '../hardware/runtime.ts';
import type { VirtualPrinter } from '../hardware/virtual.ts';
import { PrintWorker, type PrintWorkerOptions } from '../hardware/worker.ts';
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
  const w = new PrintWorker(app, opts);
  registerWorker(app.env, w);
  w.start();
  return {
    async stop() {
      await w.stop();
      unregisterWorker(app.env, w);
    },
    status: () => w.status(),
    kick: () => w.kick(),
    virtualPrinter: () => w.virtualPrinter,
  };
}
