import type Database from 'better-sqlite3';

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

export function run(sqlite: Database.Database, sql: string, ...params: unknown[]): Database.RunResult {
  return stmt(sqlite, sql).run(...params);
}

/** Next value of a gapless counter; call inside the transaction that uses it. */
export function nextCounter(sqlite: Database.Database, name: string): number {
  const row = one<{ value: number }>(
    sqlite,
    'INSERT INTO counters (name, value) VALUES (?, 1) ON CONFLICT(name) DO UPDATE SET value = value + 1 RETURNING value',
    name,
  );
  return row!.value;
}
