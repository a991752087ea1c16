import { copyFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { chainHash, entryText, GENESIS_HASH, type JournalRow } from '../../db/journal.ts';

/**
 * What an attacker holding the ledger file can do without the till's key: drop the append-only
 * triggers, edit, and recompute the chain with the public formula.
 */
export function tamperCopy(src: string, dst: string, edit: (db: Database.Database) => void): string {
  copyFileSync(src, dst);
  const db = new Database(dst);
  try {
    db.pragma('foreign_keys = OFF'); // the outbox references journal.seq
    const triggers = db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'").all() as {
      name: string;
    }[];
    for (const t of triggers) db.exec(`DROP TRIGGER "${t.name}"`);
    edit(db);
    db.pragma('journal_mode = DELETE');
  } finally {
    db.close();
  }
  return dst;
}

/** Re-chain every entry from `fromSeq` with the public formula (the 25-line script of the issue). */
export function rechain(db: Database.Database, fromSeq = 1): void {
  const rows = db.prepare('SELECT * FROM journal WHERE seq >= ? ORDER BY seq').all(fromSeq) as JournalRow[];
  let prev =
    fromSeq === 1
      ? GENESIS_HASH
      : (db.prepare('SELECT hash FROM journal WHERE seq = ?').get(fromSeq - 1) as { hash: string }).hash;
  const upd = db.prepare('UPDATE journal SET prev_hash = ?, hash = ? WHERE seq = ?');
  db.transaction(() => {
    for (const r of rows) {
      const h = chainHash(prev, entryText(r));
      upd.run(prev, h, r.seq);
      prev = h;
    }
  })();
}
