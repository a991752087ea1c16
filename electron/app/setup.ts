import type Database from 'better-sqlite3';
import { ulid } from 'ulid';
import type { Role } from '../../shared/roles.ts';
import { DEFAULT_STORE, type StoreSettings } from '../../shared/store-settings.ts';
import { hashPin } from '../services/pin.ts';
import { one, run } from '../services/sql.ts';

/** Settings rows: the store, and this till's device id (minted once, never changes). */
export function readStore(sqlite: Database.Database): StoreSettings | null {
  const r = one<{ value: string }>(sqlite, "SELECT value FROM settings WHERE key = 'store'");
  return r ? { ...DEFAULT_STORE, ...(JSON.parse(r.value) as Partial<StoreSettings>) } : null;
}

export function writeStore(sqlite: Database.Database, store: StoreSettings): void {
  run(
    sqlite,
    "INSERT INTO settings (key, value) VALUES ('store', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
    JSON.stringify(store),
  );
}

export function deviceId(sqlite: Database.Database): string {
  const r = one<{ value: string }>(sqlite, "SELECT value FROM settings WHERE key = 'device_id'");
  if (r) return JSON.parse(r.value) as string;
  const id = `till-${ulid()}`;
  run(sqlite, "INSERT INTO settings (key, value) VALUES ('device_id', ?)", JSON.stringify(id));
  return id;
}

/** Users are master data (synced from head office later); the journal records their use. */
export function addUser(
  sqlite: Database.Database,
  u: { id?: string; name: string; role: Role; pin: string },
): string {
  const id = u.id ?? ulid();
  run(
    sqlite,
    'INSERT INTO users (id, name, role, pin_hash, failed_attempts, active, created_at) VALUES (?, ?, ?, ?, 0, 1, ?)',
    id,
    u.name,
    u.role,
    hashPin(u.pin),
    new Date().toISOString(),
  );
  return id;
}
