import type Database from 'better-sqlite3';
import { type BetterSQLite3Database, drizzle } from 'drizzle-orm/better-sqlite3';
import * as schema from './schema.ts';

/** drizzle's typed query builder over an open ledger connection (same connection, same transaction). */
export type Db = BetterSQLite3Database<typeof schema>;

export function drizzleOf(sqlite: Database.Database): Db {
  return drizzle(sqlite, { schema });
}
