import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type Database from 'better-sqlite3';

/**
 * Applies the migrations that drizzle-kit generated in db/migrations.
 *
 * Why not drizzle's own migrator: it cannot stop at migration N (our one-test-per-migration
 * discipline migrates to N−1, inserts, then migrates to N), and it runs with foreign keys
 * on. SQLite's table-rebuild migrations need `foreign_keys=OFF` (the pragma is a no-op
 * inside a transaction, so it is switched before BEGIN) and a `foreign_key_check` before
 * commit, so a migration that breaks references rolls back whole.
 */
export const MIGRATIONS_DIR = new URL('./migrations/', import.meta.url);

export interface MigrationFile {
  idx: number;
  tag: string;
  statements: string[];
  hash: string;
}

let cached: MigrationFile[] | null = null;

export function loadMigrations(): MigrationFile[] {
  if (cached) return cached;
  const journal = JSON.parse(readFileSync(new URL('meta/_journal.json', MIGRATIONS_DIR), 'utf8')) as {
    entries: { idx: number; tag: string }[];
  };
  cached = journal.entries.map((e) => {
    // CRLF → LF so a Windows checkout hashes the same as the file the database recorded
    const sql = readFileSync(new URL(`${e.tag}.sql`, MIGRATIONS_DIR), 'utf8').replace(/\r\n/g, '\n');
    return {
      idx: e.idx,
      tag: e.tag,
      statements: sql
        .split('--> statement-breakpoint')
        .map((s) => s.trim())
        .filter(Boolean),
      hash: createHash('sha256').update(sql).digest('hex'),
    };
  });
  return cached;
}

export class MigrationError extends Error {
  override name = 'MigrationError';
}

/** Migrate up to and including migration `to` (default: the latest). Returns the tags applied. */
export function migrate(sqlite: Database.Database, opts: { to?: number } = {}): string[] {
  sqlite.exec(
    'CREATE TABLE IF NOT EXISTS __migrations (idx INTEGER PRIMARY KEY, tag TEXT NOT NULL, hash TEXT NOT NULL, applied_at TEXT NOT NULL)',
  );
  const all = loadMigrations();
  const applied = sqlite.prepare('SELECT idx, tag, hash FROM __migrations ORDER BY idx').all() as {
    idx: number;
    tag: string;
    hash: string;
  }[];
  for (const a of applied) {
    const f = all[a.idx];
    if (!f)
      throw new MigrationError(`database has migration ${a.tag} that this build does not know: newer app?`);
    if (f.hash !== a.hash) throw new MigrationError(`migration ${a.tag} changed after it was applied`);
  }
  const target = opts.to ?? all.length - 1;
  const pending = all.filter((m) => m.idx >= applied.length && m.idx <= target);
  if (pending.length === 0) return [];

  const fkWasOn = sqlite.pragma('foreign_keys', { simple: true }) === 1;
  sqlite.pragma('foreign_keys = OFF');
  try {
    const insert = sqlite.prepare(
      'INSERT INTO __migrations (idx, tag, hash, applied_at) VALUES (?, ?, ?, ?)',
    );
    sqlite.transaction(() => {
      for (const m of pending) {
        for (const stmt of m.statements) sqlite.exec(stmt);
        insert.run(m.idx, m.tag, m.hash, new Date().toISOString());
      }
      const broken = sqlite.pragma('foreign_key_check') as unknown[];
      if (broken.length > 0) {
        throw new MigrationError(
          `foreign_key_check failed after migration: ${JSON.stringify(broken.slice(0, 5))}`,
        );
      }
    })();
  } finally {
    if (fkWasOn) sqlite.pragma('foreign_keys = ON');
  }
  return pending.map((m) => m.tag);
}
