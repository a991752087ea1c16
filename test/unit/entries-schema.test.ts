import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ENTRIES_SCHEMA_FILE } from '../../electron/cli/docs-entries.ts';
import { ENTRY_TYPES } from '../../shared/ledger/entries.ts';
import { buildEntriesJsonSchema } from '../../shared/ledger/entries-schema.ts';

describe('docs/ledger/entries.schema.json', () => {
  const committed = JSON.parse(readFileSync(ENTRIES_SCHEMA_FILE, 'utf8')) as Record<string, unknown>;

  it('is up to date with shared/ledger/entries.ts (run `npm run docs:entries` after changing it)', () => {
    expect(committed).toEqual(buildEntriesJsonSchema());
  });

  it('defines every entry type with its version and required fields', () => {
    const defs = committed.$defs as Record<string, { 'x-version': number; required?: string[] }>;
    expect(Object.keys(defs)).toEqual(ENTRY_TYPES);
    expect(defs['sale.completed']?.['x-version']).toBe(1);
    expect(defs['sale.completed']?.required).toEqual(expect.arrayContaining(['saleId', 'lines', 'total']));
  });
});
