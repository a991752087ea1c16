import { scryptSync } from 'node:crypto';
import Database from 'better-sqlite3';
import { monotonicFactory } from 'ulid';
import { chainHash, entryText, GENESIS_HASH } from '../../../db/journal.ts';
import { migrate } from '../../../db/migrate.ts';
import { type WritableDB, writer } from '../../../db/sql.ts';
import { canonicalJson } from '../../../shared/canonical-json.ts';
import type { Entry, EntryType } from '../../../shared/ledger/entries.ts';
import type { Role } from '../../../shared/roles.ts';
import type { StoreSettings } from '../../../shared/store-settings.ts';
import { prng } from '../lib.ts';

/**
 * Building blocks for generated ledgers: a fresh file with the real migrations, fixed
 * settings, users with known PINs, deterministic ids, and a journal writer that does what
 * appendEntry does (same text, same hash) without re-reading the tail for every row.
 * Everything is seeded: the same generator version gives the same file, byte for byte.
 */
export function createLedgerFile(file: string): WritableDB {
  const sqlite = new Database(file);
  // generation only: one big transaction, no rollback journal, no fsync
  sqlite.pragma('journal_mode = OFF');
  sqlite.pragma('synchronous = OFF');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('cache_size = -262144');
  migrate(sqlite);
  sqlite.prepare('UPDATE __migrations SET applied_at = ?').run('2025-01-01T00:00:00.000Z');
  return writer(sqlite);
}

/** Leave the file as the app leaves it (WAL mode), fully written, with no -wal/-shm beside it. */
export function finishLedgerFile(sqlite: Database.Database): void {
  sqlite.pragma('journal_mode = WAL');
  sqlite.close();
}

export function ids(seed: number): (t: number) => string {
  const f = monotonicFactory(prng(seed));
  return (t: number) => f(t);
}

/** The same format as electron/services/pin.ts hashPin, with a seeded salt. */
export function pinHash(pin: string, rand: () => number): string {
  const salt = Buffer.from(Array.from({ length: 16 }, () => Math.floor(rand() * 256)));
  const hash = scryptSync(pin, salt, 32, { N: 16_384, r: 8, p: 1 });
  return `scrypt$16384$8$1$${salt.toString('hex')}$${hash.toString('hex')}`;
}

export function writeSettings(sqlite: Database.Database, store: StoreSettings, deviceId: string): void {
  const ins = sqlite.prepare('INSERT INTO settings (key, value) VALUES (?, ?)');
  ins.run('store', JSON.stringify(store));
  ins.run('device_id', JSON.stringify(deviceId));
}

export function addUserRow(
  sqlite: Database.Database,
  u: { id: string; name: string; role: Role; pin: string },
  rand: () => number,
  createdAt: string,
): void {
  sqlite
    .prepare(
      'INSERT INTO users (id, name, role, pin_hash, failed_attempts, active, created_at) VALUES (?, ?, ?, ?, 0, 1, ?)',
    )
    .run(u.id, u.name, u.role, pinHash(u.pin, rand), createdAt);
}

/** appendEntry, for a generator that owns the only connection: seq and tail kept in memory. */
export class JournalWriter {
  seq = 0;
  prev = GENESIS_HASH;
  private insert: Database.Statement;
  private outbox: Database.Statement | null;

  constructor(
    sqlite: Database.Database,
    readonly deviceId: string,
    opts: { outbox: boolean },
  ) {
    this.insert = sqlite.prepare(
      'INSERT INTO journal (seq, id, device_id, at, actor, type, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.outbox = opts.outbox
      ? sqlite.prepare("INSERT INTO outbox (seq, topic, payload, created_at) VALUES (?, 'journal', NULL, ?)")
      : null;
  }

  append<K extends EntryType>(
    id: string,
    at: string,
    actor: string,
    type: K,
    payload: Entry<K>,
  ): { seq: number; hash: string } {
    return this.appendText(id, at, actor, type, canonicalJson(payload));
  }

  /** `payload` must already be canonical JSON. */
  appendText(
    id: string,
    at: string,
    actor: string,
    type: string,
    payload: string,
  ): { seq: number; hash: string } {
    const seq = this.seq + 1;
    const hash = chainHash(
      this.prev,
      entryText({ seq, id, device_id: this.deviceId, at, actor, type, payload }),
    );
    this.insert.run(seq, id, this.deviceId, at, actor, type, payload, this.prev, hash);
    this.outbox?.run(seq, at);
    this.seq = seq;
    this.prev = hash;
    return { seq, hash };
  }
}
