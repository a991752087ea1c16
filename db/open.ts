import Database from 'better-sqlite3';
import { privateFile } from './file-modes.ts';
import { verifyTail } from './journal.ts';
import { migrate } from './migrate.ts';
import { type WritableDB, writer } from './sql.ts';
import { acquireWriterLock, LedgerInUseError } from './writer-lock.ts';

export { LedgerInUseError };

export interface Ledger {
  /** the one writer connection: commands write through it, queries read it under query_only */
  sqlite: WritableDB;
  file: string;
  close(): void;
}

/** What a damaged ledger's refusal tells whoever started the till (a CLI line, Electron's start dialog). */
export const RESTORE_HINT =
  'restore the newest good backup: npm run ledger -- restore --from <backups folder>/<newest>.sqlite --db <ledger>';

export class LedgerOpenError extends Error {
  override name = 'LedgerOpenError';
  /** LEDGER_DAMAGED: the file cannot be read as a ledger, or its journal's tail is broken */
  readonly code = 'LEDGER_DAMAGED';
}

/** SQLite's answers for a file that is not (or no longer) a readable database. */
const DAMAGED = new Set(['SQLITE_NOTADB', 'SQLITE_CORRUPT']);

/**
 * Open the till's ledger: one writer connection, WAL, synchronous=FULL (a commit is on disk
 * before the clerk is told "done"), foreign keys on, a busy timeout for readers (backup,
 * the CLI) that share the file. Takes the ledger's writer lock first (a second writing process
 * is refused with LedgerInUseError naming the holder). Migrates, then checks the chain's tail so a damaged file is
 * refused at start rather than written to.
 *
 * The hot paths use cached better-sqlite3 statements (db/sql.ts); drizzle's
 * typed query builder is there for code that wants it (db/drizzle.ts) and is not loaded at
 * start, which keeps a till's (and every CLI's) start-up short.
 */
export function openLedger(
  file: string,
  opts: { migrate?: boolean; checkTail?: boolean; program?: string } = {},
): Ledger {
  privateFile(file); // before SQLite creates it (with the umask's 0644) and its -wal/-shm
  // one writer per ledger, refused at once with the holder named (db/writer-lock.ts)
  const lock = acquireWriterLock(file, opts.program ? { program: opts.program } : {});
  let sqlite: Database.Database;
  try {
    sqlite = new Database(file);
  } catch (e) {
    lock.release();
    throw e;
  }
  try {
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    if (opts.migrate !== false) migrate(sqlite);
    if (opts.checkTail !== false) {
      const tail = verifyTail(sqlite);
      if (!tail.ok)
        throw new LedgerOpenError(
          `${file}: journal tail is broken at seq ${tail.firstBrokenSeq}: ${tail.reason} — the till refuses to write into it; ${RESTORE_HINT}`,
        );
    }
  } catch (e) {
    sqlite.close();
    lock.release();
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && DAMAGED.has(code))
      throw new LedgerOpenError(
        `${file}: the file is damaged (${(e as Error).message}) — the till refuses to open it; ${RESTORE_HINT}`,
      );
    throw e;
  }
  return {
    sqlite: writer(sqlite),
    file,
    close: () => {
      try {
        sqlite.close();
      } finally {
        lock.release();
      }
    },
  };
}

/** Open read-only (verify, export): never migrates, never writes. */
export function openLedgerReadonly(file: string): Database.Database {
  const sqlite = new Database(file, { readonly: true, fileMustExist: true });
  sqlite.pragma('busy_timeout = 5000');
  return sqlite;
}
