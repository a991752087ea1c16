import { ulid } from 'ulid';
import { one, run, type WritableDB } from '../../db/sql.ts';
import type { Role } from '../../shared/roles.ts';
import { insertUser } from '../services/staff.ts';

export { readStore, writeStore } from '../services/store-settings.ts';

/** This till's device id (minted once, never changes). */
export function deviceId(sqlite: WritableDB): string {
  const r = one<{ value: string }>(sqlite, "SELECT value FROM settings WHERE key = 'device_id'");
  if (r) return JSON.parse(r.value) as string;
  const id = `till-${ulid()}`;
  run(sqlite, "INSERT INTO settings (key, value) VALUES ('device_id', ?)", JSON.stringify(id));
  return id;
}

/** Users are master data (synced from head office later); the journal records their use. */
export function addUser(
  sqlite: WritableDB,
  u: { id?: string; name: string; role: Role; pin: string; pinHash?: string },
): string {
  const id = u.id ?? ulid();
  insertUser(sqlite, {
    id,
    name: u.name,
    role: u.role,
    pin: u.pin,
    at: new Date().toISOString(),
    ...(u.pinHash ? { pinHash: u.pinHash } : {}),
  });
  return id;
}
