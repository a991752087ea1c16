import type Database from 'better-sqlite3';

declare const readableBrand: unique symbol;
declare const writableBrand: unique symbol;

/**
 * The two handles on the till's ledger (Signal-Desktop's ReadableDB / WritableDB). Queries get a
 * ReadableDB, commands the WritableDB (the one writer connection openLedger returns). The read
 * helpers below take any connection; the write helpers (`run`, `nextCounter`, the journal's
 * append) want a WritableDB, which a ReadableDB is not — so a query that writes, or calls a
 * function that writes, does not compile. The two brands are unrelated on purpose: neither
 * handle is assignable to the other, so a query handler declared over the writable Env is a
 * compile error too (method parameters are compared both ways). At run time the dispatcher runs
 * every query under `PRAGMA query_only` (readOnly below), so even a raw `prepare(…).run()` from
 * a query is refused by SQLite.
 */
export type ReadableDB = Database.Database & { readonly [readableBrand]: true };
export type WritableDB = Database.Database & { readonly [writableBrand]: true };
/** Either handle: what a function that only reads takes (commands call readers too). */
export type AnyDB = ReadableDB | WritableDB;

/** The ledger's writer connection (openLedger; a CLI or test that opened its own file to write). */
export function writer(sqlite: Database.Database): WritableDB {
  return sqlite as WritableDB;
}

/** The same connection as a query sees it (the dispatcher runs queries on it under readOnly). */
export function reader(sqlite: Database.Database): ReadableDB {
  return sqlite as ReadableDB;
}

/**
 * Run `fn` with the connection refusing every write (SQLITE_READONLY), then put it back: how
 * queries run. Outside a transaction only — a command never runs under it.
 */
export function readOnly<T>(sqlite: Database.Database, fn: () => T): T {
  stmt(sqlite, 'PRAGMA query_only = ON').run();
  try {
    return fn();
  } finally {
    stmt(sqlite, 'PRAGMA query_only = OFF').run();
  }
}

/**
 * Prepared-statement cache per connection. better-sqlite3 compiles a statement on every
 * prepare(); the hot path (a sale) runs a dozen statements, so they are compiled once.
 */
const caches = new WeakMap<Database.Database, Map<string, Database.Statement>>();

export function stmt(sqlite: Database.Database, sql: string): Database.Statement {
  let cache = caches.get(sqlite);
  if (!cache) {
    cache = new Map();
    caches.set(sqlite, cache);
  }
  let s = cache.get(sql);
  if (!s) {
    s = sqlite.prepare(sql);
    cache.set(sql, s);
  }
  return s;
}

export function one<T>(sqlite: Database.Database, sql: string, ...params: unknown[]): T | undefined {
  return stmt(sqlite, sql).get(...params) as T | undefined;
}

export function all<T>(sqlite: Database.Database, sql: string, ...params: unknown[]): T[] {
  return stmt(sqlite, sql).all(...params) as T[];
}

export function run(sqlite: WritableDB, sql: string, ...params: unknown[]): Database.RunResult {
  return stmt(sqlite, sql).run(...params);
}

/** Next value of a gapless counter; call inside the transaction that uses it. */
export function nextCounter(sqlite: WritableDB, name: string): number {
  const row = one<{ value: number }>(
    sqlite,
    'INSERT INTO counters (name, value) VALUES (?, 1) ON CONFLICT(name) DO UPDATE SET value = value + 1 RETURNING value',
    name,
  );
  return row!.value;
}
