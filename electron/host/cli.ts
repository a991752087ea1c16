import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createApp } from '../app/index.ts';
import { keepRunningWhenLogsFail, runUntilSignal } from './lifecycle.ts';
import { startHost } from './server.ts';

/**
 * `npm run host -- --db <file> --port <n> [--host 127.0.0.1] [--static out/renderer] [--backup-dir dir] [--secrets-dir dir]`
 * Runs the web host alone on a ledger (a new one when the file does not exist) and prints the one URL that carries the
 * launch secret. Binding anything but loopback is allowed only with --host and warned about.
 */
export async function runHostCli(argv: string[]): Promise<void> {
  keepRunningWhenLogsFail();
  const { values } = parseArgs({
    args: argv,
    options: {
      db: { type: 'string' },
      port: { type: 'string', default: '4710' },
      host: { type: 'string', default: '127.0.0.1' },
      static: { type: 'string' },
      'backup-dir': { type: 'string' },
      'secrets-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help || !values.db) {
    console.log(
      'usage: npm run host -- --db <ledger.sqlite> [--port 4710] [--host 127.0.0.1] [--static out/renderer] [--backup-dir dir] [--secrets-dir dir]',
    );
    process.exitCode = values.help ? 0 : 2;
    return;
  }
  const file = resolve(values.db);
  // a file that does not exist is a new till: the ledger is created and the first visit opens
  // the setup screen (store, country, first administrator), as docs/desktop-and-host.md says
  const fresh = !existsSync(file);
  if (fresh && !existsSync(dirname(file))) {
    console.error(`no folder ${dirname(file)} for a new ledger ${file}`);
    process.exitCode = 2;
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--port must be 0..65535, got ${values.port}`);
    process.exitCode = 2;
    return;
  }
  if (!['127.0.0.1', '::1', 'localhost'].includes(values.host)) {
    console.warn(
      `warning: binding ${values.host} exposes the till beyond this machine (the launch secret still applies)`,
    );
  }
  // the till's signing key and PIN pepper: a 0600 file in a 0700 folder, default <ledger>.secrets/
  const app = createApp({
    file,
    ...(values['secrets-dir'] ? { secrets: resolve(values['secrets-dir']) } : {}),
  });
  const host = await startHost({
    app,
    port,
    host: values.host === 'localhost' ? '127.0.0.1' : values.host,
    ...(values.static ? { staticDir: values.static } : {}),
  });
  console.log(
    `Comptoir web host on ${host.origin} (${fresh ? 'new ledger' : 'ledger'} ${file}, till key ${app.secrets.fingerprint})`,
  );
  if (app.call('store.info', {}).needsSetup) console.log('No user yet: the page opens the setup screen.');
  console.log(`Open: ${host.url}`);
  runUntilSignal(app, host, values['backup-dir'] ? { backupDir: resolve(values['backup-dir']) } : {});
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  runHostCli(process.argv.slice(2)).catch((e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
