import type { App } from '../app/index.ts';
import { startPrintWorker } from '../app/printing.ts';
import type { Host } from './server.ts';

/**
 * Work the print queue beside a running web host (receipts and the cash drawer are driven
 * from wherever the till is) and shut both down cleanly on SIGINT/SIGTERM.
 */
export function runUntilSignal(app: App, host: Host): void {
  const printing = startPrintWorker(app, {
    log: (level, message) => {
      if (level !== 'info') console.warn(`[print] ${message}`);
    },
  });
  const stop = async () => {
    await printing.stop();
    await host.close();
    app.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
