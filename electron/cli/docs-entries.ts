import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildEntriesJsonSchema } from '../../shared/ledger/entries-schema.ts';

/** `npm run docs:entries`: regenerates docs/ledger/entries.schema.json from shared/ledger/entries.ts. */
export const ENTRIES_SCHEMA_FILE = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../../docs/ledger/entries.schema.json',
);

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const doc = buildEntriesJsonSchema();
  mkdirSync(dirname(ENTRIES_SCHEMA_FILE), { recursive: true });
  writeFileSync(ENTRIES_SCHEMA_FILE, `${JSON.stringify(doc, null, 2)}\n`);
  console.log(`wrote ${ENTRIES_SCHEMA_FILE} (${Object.keys(doc.$defs as object).length} entry types)`);
}
