import type Database from 'better-sqlite3';
import { type EntryIssue, parseEntry } from '../shared/ledger/entries.ts';

/** The first journal entry whose payload does not parse with its type's schema. */
export interface InvalidEntry {
  seq: number;
  type: string;
  code: 'UNKNOWN_ENTRY_TYPE' | 'ENTRY_INVALID';
  issues: EntryIssue[];
}

export interface EntriesReport {
  /** entries that parsed before the first bad one (all of them when none is bad) */
  parsed: number;
  firstInvalid: InvalidEntry | null;
  /** how many entries of each type were read */
  types: Record<string, number>;
}

/**
 * Parse every journal entry with the ledger's schemas (shared/ledger/entries.ts), in seq order,
 * and stop at the first that does not parse. The deep half of `ledger verify --deep`; the chain
 * itself is checked by verifyChain.
 */
export function checkEntries(sqlite: Database.Database): EntriesReport {
  const types: Record<string, number> = {};
  let parsed = 0;
  const batch = sqlite.prepare(
    'SELECT seq, type, payload FROM journal WHERE seq > ? ORDER BY seq LIMIT 4096',
  );
  let after = 0;
  for (;;) {
    const rows = batch.all(after) as { seq: number; type: string; payload: string }[];
    if (rows.length === 0) break;
    for (const r of rows) {
      types[r.type] = (types[r.type] ?? 0) + 1;
      const p = parseEntry(r.type, r.payload);
      if (!p.ok)
        return { parsed, firstInvalid: { seq: r.seq, type: r.type, code: p.code, issues: p.issues }, types };
      parsed++;
      after = r.seq;
    }
  }
  return { parsed, firstInvalid: null, types };
}
