import { startBackups } from '../app/backups.ts';
import type { App } from '../app/index.ts';
import { startPrintWorker } from '../app/printing.ts';
import type { Host } from './server.ts';

/**
 * Work the print queue and the automatic backups beside a running web host (receipts and the
 * cash drawer are driven from wherever the till is) and shut everything down cleanly on
 * SIGINT/SIGTERM. Backups go to `backupDir` (default: `<ledger>.backups/` beside the file).
 */
export function runUntilSignal(app: App, host: Host, opts: { backupDir?: string } = {}): void {
  const printing = startPrintWorker(app, {
    log: (level, message) => {
      if (level !== 'info') console.warn(`[print] ${message}`);
    },
  });
  const backups = startBackups(app, {
    dir: opts.backupDir ?? `${app.ledger.file}.backups`,
    log: (level, message) => {
      if (level !== 'info') console.warn(`[backup] ${message}`);
    },
  });
  const stop = async () => {
    await backups.stop();
    await printing.stop();
    await host.close();
    app.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
