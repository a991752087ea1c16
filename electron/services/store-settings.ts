import type Database from 'better-sqlite3';
import { one, run, type WritableDB } from '../../db/sql.ts';
import { DEFAULT_STORE, type StoreSettings } from '../../shared/store-settings.ts';

/** The store's settings row (written at first run, synced down from head office later). */
export function readStore(sqlite: Database.Database): StoreSettings | null {
  const r = one<{ value: string }>(sqlite, "SELECT value FROM settings WHERE key = 'store'");
  return r ? { ...DEFAULT_STORE, ...(JSON.parse(r.value) as Partial<StoreSettings>) } : null;
}

export function writeStore(sqlite: WritableDB, store: StoreSettings): void {
  run(
    sqlite,
    "INSERT INTO settings (key, value) VALUES ('store', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
    JSON.stringify(store),
  );
}
