import type { App } from '../app/index.ts';
import { headOfficeSync, ledgerSecretStore } from '../app/sync.ts';
import { startTill, type TillOptions } from '../app/till.ts';
import type { Host } from './server.ts';

/**
 * A log line that cannot be written (stderr on a full disk, a closed pipe, a terminal gone) must
 * never end the till: console.* already drops such errors, but a direct write to the stream
 * (progress lines) emits an 'error' that, unheard, ends the process. The sale was committed
 * whatever the log says.
 */
export function keepRunningWhenLogsFail(): void {
  for (const s of [process.stdout, process.stderr]) s.on('error', () => undefined);
}

/**
 * Work the print queue, the automatic backups and head-office sync beside a running web host (receipts and the
 * cash drawer are driven from wherever the till is) and shut everything down cleanly on
 * SIGINT/SIGTERM. Backups go to `backupDir` (default: `<ledger>.backups/` beside the file).
 */
export function runUntilSignal(
  app: App,
  host: Host,
  opts: { backupDir?: string; sync?: TillOptions['sync'] } = {},
): void {
  const till = startTill(app, {
    printing: {
      log: (level, message) => {
        if (level !== 'info') console.warn(`[print] ${message}`);
      },
    },
    backups: {
      dir: opts.backupDir ?? `${app.ledger.file}.backups`,
      log: (level, message) => {
        if (level !== 'info') console.warn(`[backup] ${message}`);
      },
    },
    // head office: idle until an administrator enrols the till from Settings
    sync:
      opts.sync ??
      headOfficeSync({
        secrets: ledgerSecretStore(app.ledger.file),
        log: (level, message) => {
          if (level !== 'info') console.warn(`[sync] ${message}`);
        },
      }),
    log: (_level, message, err) => console.warn(`[till] ${message}`, err ?? ''),
  });
  const stop = async () => {
    await till.stop();
    await host.close();
    app.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
