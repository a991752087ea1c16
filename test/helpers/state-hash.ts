import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';

/**
 * A SHA-256 over everything a command could change in a ledger: the schema (sqlite_master),
 * `PRAGMA user_version`, and the content of every table — every column of every row, read
 * with 64-bit integers intact, rows in rowid (or primary-key) order. Two equal hashes mean
 * no row, column, table, index, trigger or schema version differs.
 *
 * The connection's own view is hashed, so uncommitted writes of an open transaction would
 * show; callers hash between commands.
 */
export function stateHash(sqlite: Database.Database): string {
  const h = createHash('sha256');
  const userVersion = sqlite.pragma('user_version', { simple: true });
  h.update(`user_version=${String(userVersion)}\n`);
  const master = sqlite
    .prepare(
      "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_stat%' ORDER BY type, name",
    )
    .all() as { type: string; name: string; tbl_name: string; sql: string | null }[];
  for (const m of master) h.update(`${m.type}\0${m.name}\0${m.tbl_name}\0${m.sql ?? ''}\n`);
  for (const m of master) {
    if (m.type !== 'table') continue;
    h.update(`#table ${m.name}\n`);
    for (const row of tableRows(sqlite, m.name)) h.update(row);
  }
  return h.digest('hex');
}

/** One canonical text line per row, in rowid order (or sorted, for WITHOUT ROWID / virtual tables). */
const cache = new WeakMap<Database.Database, Map<string, { stmt: Database.Statement; sorted: boolean }>>();

function tableRows(sqlite: Database.Database, table: string): string[] {
  let byTable = cache.get(sqlite);
  if (!byTable) {
    byTable = new Map();
    cache.set(sqlite, byTable);
  }
  let c = byTable.get(table);
  if (!c) {
    const q = `"${table.replaceAll('"', '""')}"`;
    try {
      c = { stmt: sqlite.prepare(`SELECT rowid, * FROM ${q} ORDER BY rowid`), sorted: true };
    } catch {
      // WITHOUT ROWID table: no rowid; the primary key is part of every row, so a sort orders by content
      c = { stmt: sqlite.prepare(`SELECT * FROM ${q}`), sorted: false };
    }
    c.stmt.raw().safeIntegers();
    byTable.set(table, c);
  }
  const { sorted } = c;
  const rows = c.stmt.all() as unknown[][];
  const lines = rows.map((r) => `${r.map(cell).join('\u0001')}\n`);
  if (!sorted) lines.sort();
  return lines;
}

function cell(v: unknown): string {
  if (v === null) return 'N';
  if (typeof v === 'bigint') return `I${v.toString()}`;
  if (typeof v === 'number') return `R${Object.is(v, -0) ? '-0' : String(v)}`;
  if (typeof v === 'string') return `T${JSON.stringify(v)}`;
  if (Buffer.isBuffer(v)) return `B${v.toString('hex')}`;
  return `?${String(v)}`;
}

/** SHA-256 of the database image as the connection sees it (main file + WAL): the literal bytes. */
export function imageHash(sqlite: Database.Database): string {
  return createHash('sha256').update(sqlite.serialize()).digest('hex');
}
