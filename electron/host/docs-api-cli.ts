import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildOpenApi } from './api-docs.ts';

/** `npm run docs:api`: regenerates docs/api/openapi.json from the contract's zod schemas. */
export const OPENAPI_FILE = resolve(dirname(fileURLToPath(import.meta.url)), '../../docs/api/openapi.json');

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const doc = buildOpenApi();
  mkdirSync(dirname(OPENAPI_FILE), { recursive: true });
  writeFileSync(OPENAPI_FILE, `${JSON.stringify(doc, null, 2)}\n`);
  console.log(`wrote ${OPENAPI_FILE} (${Object.keys(doc.paths as object).length} paths)`);
}
