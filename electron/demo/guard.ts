import { existsSync, rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { acquireWriterLock, LedgerInUseError } from '../../db/writer-lock.ts';

/**
 * The demo seed never writes over a real ledger: a file that already has journal entries or
 * users is refused unless `force`, which deletes it (and its -wal/-shm) first. Kept apart from
 * seed.ts so the CLI can refuse before loading the whole application.
 */
export class SeedRefusedError extends Error {
  override name = 'SeedRefusedError';
}

export function refuseNonEmpty(file: string, force: boolean): void {
  if (!existsSync(file)) return;
  // never replace (or seed into) a ledger a till is selling into: --force would delete it under it
  try {
    acquireWriterLock(file).release();
  } catch (e) {
    if (e instanceof LedgerInUseError) throw new SeedRefusedError(e.message);
    throw e;
  }
  let entries = 0;
  let users = 0;
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    db.prepare('SELECT count(*) FROM sqlite_master').get();
  } catch {
    db.close();
    if (!force)
      throw new SeedRefusedError(`${file} exists and is not a SQLite ledger; use --force to replace it`);
    for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
    return;
  }
  try {
    const has = (t: string) =>
      db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(t);
    if (has('journal')) entries = (db.prepare('SELECT count(*) AS n FROM journal').get() as { n: number }).n;
    if (has('users')) users = (db.prepare('SELECT count(*) AS n FROM users').get() as { n: number }).n;
  } finally {
    db.close();
  }
  if (entries === 0 && users === 0) return;
  if (!force) {
    throw new SeedRefusedError(
      `${file} already holds a ledger (${entries} journal entries, ${users} users); use --force to replace it`,
    );
  }
  for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
}
