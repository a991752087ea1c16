import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/**
 * Bundles the Electron main process and the preload script (esbuild, CommonJS):
 *   electron/main.ts    → out/main/main.cjs
 *   electron/preload.ts → out/preload/preload.cjs
 *   db/integrity-worker.ts → out/db/integrity-worker.cjs (a worker thread: its own file)
 * Native modules (better-sqlite3, USB/serial printer adapters) stay external and ship
 * unpacked (electron-builder.yml asarUnpack). db/migrate.ts finds its SQL files through
 * import.meta.url; in the bundle that is pointed at <app>/db/ (unpacked from the asar so
 * plain fs can read it).
 */
const NATIVE = [
  'electron',
  'better-sqlite3',
  // printer adapters load native USB/serial bindings lazily; they ship in node_modules
  '@node-escpos/*',
  'usb',
  'serialport',
  '@serialport/*',
  'bufferutil',
  // loaded only in a packaged app (main.ts), requires electron and reads app-update.yml beside it
  'electron-updater',
  'utf-8-validate',
];

const importMetaShim = [
  'const __comptoirDbDir = require("node:path").join(__dirname, "..", "..", "db")',
  '  .replace(/app\\.asar([\\\\/])/, "app.asar.unpacked$1");',
  'const __comptoirImportMetaUrl = require("node:url").pathToFileURL(require("node:path").join(__comptoirDbDir, "migrate.js")).href;',
].join('\n');

export async function buildElectron(
  opts: { minify?: boolean; outDir?: string; quiet?: boolean } = {},
): Promise<void> {
  const out = opts.outDir ?? 'out';
  const common = {
    bundle: true,
    platform: 'node' as const,
    format: 'cjs' as const,
    target: 'node22',
    sourcemap: false,
    minify: opts.minify ?? false,
    legalComments: 'none' as const,
    logLevel: opts.quiet ? ('warning' as const) : ('info' as const),
  };
  await build({
    ...common,
    entryPoints: [fileURLToPath(new URL('../main.ts', import.meta.url))],
    outfile: `${out}/main/main.cjs`,
    external: NATIVE,
    banner: { js: importMetaShim },
    define: { 'import.meta.url': '__comptoirImportMetaUrl' },
  });
  // the start-up ledger check's worker thread (db/integrity.ts loads it from out/db/)
  await build({
    ...common,
    entryPoints: [fileURLToPath(new URL('../../db/integrity-worker.ts', import.meta.url))],
    outfile: `${out}/db/integrity-worker.cjs`,
    external: NATIVE,
  });
  await build({
    ...common,
    entryPoints: [fileURLToPath(new URL('../preload.ts', import.meta.url))],
    outfile: `${out}/preload/preload.cjs`,
    // a sandboxed preload may require('electron') and nothing else from disk
    external: ['electron'],
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  buildElectron().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
