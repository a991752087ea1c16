import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createApp } from '../app/index.ts';
import { runUntilSignal } from './lifecycle.ts';
import { startHost } from './server.ts';

/**
 * `npm run host -- --db <file> --port <n> [--host 127.0.0.1] [--static out/renderer] [--backup-dir dir] [--secrets-dir dir]`
 * Runs the web host alone on an existing ledger and prints the one URL that carries the
 * launch secret. Binding anything but loopback is allowed only with --host and warned about.
 */
export async function runHostCli(argv: string[]): Promise<void> {
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
  if (!existsSync(file)) {
    console.error(`no ledger at ${file} — create one with \`npm run demo:seed\` (or \`npm start\`)`);
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
  console.log(`Comptoir web host on ${host.origin} (ledger ${file}, till key ${app.secrets.fingerprint})`);
  console.log(`Open: ${host.url}`);
  runUntilSignal(app, host, values['backup-dir'] ? { backupDir: resolve(values['backup-dir']) } : {});
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  runHostCli(process.argv.slice(2)).catch((e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
