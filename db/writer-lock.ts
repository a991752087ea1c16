import { closeSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename } from 'node:path';
import Database from 'better-sqlite3';

/**
 * One writer per ledger. Two processes selling into one file (two web hosts, the desktop app and
 * a host, a restore under a running till) interleave their commands and their tail reads: with
 * deferred transactions that was 45 HTTP 500s in 120 checkouts, and a restore was silently undone
 * by the till that still had the old file open.
 *
 * The lock is SQLite's own file lock, taken on a sidecar `<ledger>.writer` database and held for
 * the life of the connection (a write transaction that is never committed: a RESERVED lock).
 * Why this and not a pid file: the operating system drops the lock when the process dies, however
 * it dies (kill -9, power cut, a crashed Electron), so there is no stale lock to clean up and no
 * pid to guess about; it is the same locking (POSIX fcntl / Windows LockFileEx) that already
 * guards the ledger itself, so it holds wherever the ledger can safely live. Why not on the ledger
 * file: a lock held there would also block our own commits and the readers (verify, backups).
 *
 * Who holds it is written beside it in `<ledger>.writer.json` (pid, host, program, since) by the
 * holder after it has the lock, so a refused process can name the holder; that file is only
 * information — a stale one left by a killed process is overwritten by the next holder.
 */
export interface LockHolder {
  pid: number;
  host: string;
  program: string;
  since: string;
}

export class LedgerInUseError extends Error {
  override name = 'LedgerInUseError';
  readonly code = 'LEDGER_IN_USE';
  constructor(
    readonly file: string,
    readonly holder: LockHolder | null,
  ) {
    super(
      holder
        ? `the ledger ${file} is already open for writing by ${holder.program} (pid ${holder.pid} on ${holder.host}, since ${holder.since}): close it first, one process writes a ledger at a time`
        : `the ledger ${file} is already open for writing by another process: close it first, one process writes a ledger at a time`,
    );
  }
}

export interface WriterLock {
  readonly lockFile: string;
  release(): void;
}

export function lockFileOf(ledgerFile: string): string {
  return `${ledgerFile}.writer`;
}

export function holderFileOf(ledgerFile: string): string {
  return `${ledgerFile}.writer.json`;
}

/** What this process is, as the refused one will read it. */
function thisProgram(): string {
  const script = process.argv[1] ? basename(process.argv[1]) : '';
  const electron = (process.versions as Record<string, string | undefined>).electron;
  return electron ? `Comptoir (Electron ${script})`.trim() : `node ${script}`.trim();
}

/** The holder named in `<ledger>.writer.json`, or null when it is missing or unreadable. */
export function readHolder(ledgerFile: string): LockHolder | null {
  try {
    const h = JSON.parse(readFileSync(holderFileOf(ledgerFile), 'utf8')) as Partial<LockHolder>;
    if (typeof h.pid !== 'number' || typeof h.host !== 'string') return null;
    return {
      pid: h.pid,
      host: h.host,
      program: typeof h.program === 'string' ? h.program : '?',
      since: typeof h.since === 'string' ? h.since : '?',
    };
  } catch {
    return null;
  }
}

/**
 * Take the ledger's writer lock or throw LedgerInUseError naming the holder. Never waits: a second
 * till started by mistake should say so at once, not hang.
 */
export function acquireWriterLock(ledgerFile: string, opts: { program?: string } = {}): WriterLock {
  const lockFile = lockFileOf(ledgerFile);
  // create it 0600 before SQLite opens it (SQLite would create it 0644)
  try {
    closeSync(openSync(lockFile, 'a', 0o600));
  } catch {
    // SQLite reports a folder that cannot be written to below
  }
  const db = new Database(lockFile, { timeout: 0 });
  try {
    db.pragma('journal_mode = DELETE');
    db.exec('BEGIN IMMEDIATE');
  } catch (e) {
    db.close();
    const code = (e as { code?: string }).code ?? '';
    if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
      // the holder writes its name right after taking the lock: give it a moment
      let holder = readHolder(ledgerFile);
      for (let i = 0; i < 10 && !holder; i++) {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
        holder = readHolder(ledgerFile);
      }
      throw new LedgerInUseError(ledgerFile, holder);
    }
    throw e;
  }
  const me: LockHolder = {
    pid: process.pid,
    host: hostname(),
    program: opts.program ?? thisProgram(),
    since: new Date().toISOString(),
  };
  const holderFile = holderFileOf(ledgerFile);
  const tmp = `${holderFile}.${process.pid}.tmp`;
  try {
    const fd = openSync(tmp, 'w', 0o600);
    try {
      writeSync(fd, `${JSON.stringify(me)}\n`);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, holderFile);
  } catch {
    // the lock holds without its label; a refused process then says "another process"
    rmSync(tmp, { force: true });
  }
  let held = true;
  return {
    lockFile,
    release() {
      if (!held) return;
      held = false;
      // our label goes first, so nobody reads it once another process may hold the lock
      if (readHolder(ledgerFile)?.pid === process.pid) rmSync(holderFile, { force: true });
      try {
        db.exec('ROLLBACK');
      } finally {
        db.close();
      }
    },
  };
}
