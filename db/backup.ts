import { copyFileSync, existsSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { privateDir, privateFile } from './file-modes.ts';
import { lastSeq, verifyChain } from './journal.ts';
import { acquireWriterLock, LedgerInUseError } from './writer-lock.ts';

/**
 * Online backup with SQLite's backup API (consistent while the till keeps selling) into a
 * rotating folder: `comptoir-s<journal seq, 12 digits>-<UTC stamp>.sqlite`.
 *
 * A copy counts only once it passes `PRAGMA quick_check` and a full chain verify: the backup API
 * copies pages as they are, so a damaged ledger gives a damaged copy, which is deleted and
 * reported — it never enters the folder, and so never pushes a good copy out of it.
 *
 * The folder keeps the `keep` copies that hold the most journal (by seq, not by the clock: a
 * clock set back one day named the new copy as the oldest, and `--keep 2` deleted it). The copy
 * just made is never removed by its own rotation.
 */
export const COPY_RE = /^comptoir-(?:s(\d{12})-)?(\d{8}T\d{6}Z)\.sqlite$/;

export class BackupError extends Error {
  override name = 'BackupError';
}

export interface CopyCheck {
  entries: number;
  lastSeq: number;
}

/** quick_check + the whole chain, on a copy or any ledger file; throws BackupError naming what failed. */
export function checkLedgerFile(file: string, onProgress?: (done: number, total: number) => void): CopyCheck {
  // read-write on purpose, and the file is in DELETE mode: closing leaves no -wal/-shm beside it
  const db = new Database(file, { fileMustExist: true });
  try {
    const qc = db.pragma('quick_check(20)', { simple: false }) as { quick_check: string }[];
    const problems = qc.map((r) => r.quick_check).filter((m) => m !== 'ok');
    if (problems.length) throw new BackupError(`quick_check failed: ${problems.slice(0, 3).join('; ')}`);
    const v = verifyChain(db, onProgress ? { onProgress } : {});
    if (!v.ok) throw new BackupError(`chain broken at seq ${v.firstBrokenSeq}: ${v.reason}`);
    return { entries: v.entries, lastSeq: lastSeq(db) };
  } catch (e) {
    if (e instanceof BackupError) throw e;
    // a page so damaged that SQLite cannot read it ('database disk image is malformed')
    throw new BackupError(`unreadable: ${(e as Error).message}`);
  } finally {
    db.close();
  }
}

export interface BackupResult {
  file: string;
  entries: number;
  lastSeq: number;
  /** copies the rotation removed */
  removed: string[];
}

export async function backupTo(
  sqlite: Database.Database,
  dir: string,
  opts: {
    keep?: number;
    now?: Date;
    onProgress?: (pagesDone: number, pagesTotal: number) => void;
    onCheckProgress?: (done: number, total: number) => void;
  } = {},
): Promise<BackupResult> {
  privateDir(dir);
  const stamp = (opts.now ?? new Date())
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  // copied under a name the rotation ignores, then renamed: an interrupted copy (the till shut
  // down mid-way, a full disk) or one that fails its check never stands in the folder
  const partial = join(dir, `comptoir-partial-${stamp}-${process.pid}.sqlite.partial`);
  let check: CopyCheck;
  let file: string;
  try {
    privateFile(partial); // the copy holds what the ledger holds: 0600 before a byte is written
    let pages = 0;
    await sqlite.backup(partial, {
      progress({ totalPages, remainingPages }) {
        pages = totalPages;
        opts.onProgress?.(totalPages - remainingPages, totalPages);
        return 1000; // pages per step
      },
    });
    opts.onProgress?.(pages, pages);
    // a copy is one self-contained file: the ledger's WAL mode would make whoever opens it later
    // (a check, a restore, an auditor) leave -wal and -shm files beside it
    const copy = new Database(partial);
    try {
      copy.pragma('journal_mode = DELETE');
    } finally {
      copy.close();
    }
    check = checkLedgerFile(partial, opts.onCheckProgress);
    file = join(dir, `comptoir-s${String(check.lastSeq).padStart(12, '0')}-${stamp}.sqlite`);
    renameSync(partial, file);
  } catch (e) {
    rmSync(partial, { force: true });
    if (e instanceof BackupError)
      throw new BackupError(`the ledger's copy does not hold, not kept: ${e.message}`);
    throw e;
  }
  const removed = rotate(dir, opts.keep ?? 14, file);
  return { file, entries: check.entries, lastSeq: check.lastSeq, removed };
}

export interface CopyInfo {
  file: string;
  name: string;
  /** the journal's last seq in the copy (-1: unreadable) */
  seq: number;
  stamp: string;
}

/** The folder's copies, the one holding the least journal first (ties: the older stamp first). */
export function listCopies(dir: string): CopyInfo[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const out: CopyInfo[] = [];
  for (const name of names) {
    const m = COPY_RE.exec(name);
    if (!m) continue;
    const file = join(dir, name);
    // copies named before the seq was in the name: read it
    const seq = m[1] !== undefined ? Number(m[1]) : seqOfFile(file);
    out.push({ file, name, seq, stamp: m[2]! });
  }
  return out.sort((a, b) => a.seq - b.seq || (a.stamp < b.stamp ? -1 : a.stamp > b.stamp ? 1 : 0));
}

function seqOfFile(file: string): number {
  try {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      return lastSeq(db);
    } finally {
      db.close();
    }
  } catch {
    return -1;
  }
}

function rotate(dir: string, keep: number, justMade: string): string[] {
  const copies = listCopies(dir).filter((c) => c.file !== justMade);
  const excess = copies.length + 1 - keep;
  const removed: string[] = [];
  for (const old of copies.slice(0, Math.max(0, excess))) {
    rmSync(old.file, { force: true });
    removed.push(old.file);
  }
  return removed;
}

export class RestoreError extends Error {
  override name = 'RestoreError';
}

/** A sale the current ledger holds and the restored copy does not (re-enter it by hand). */
export interface LostEntry {
  seq: number;
  type: string;
  at: string;
  saleId?: string;
  receiptNumber?: number;
  total?: number;
}

export interface RestoreResult {
  entries: number;
  /** the ledger as it was (with what its -wal held), one file; null when there was none */
  keptAs: string | null;
  /** the current ledger's last seq before the restore */
  previousSeq: number;
  /** sales acknowledged by the till that the restored copy lacks (or holds differently), by seq */
  lostSales: LostEntry[];
  /** every entry the restored copy lacks, by count */
  lostEntries: number;
  /** the lost sales written beside the ledger for the manager (null when none were lost) */
  reportFile: string | null;
}

/** entries that moved money for a customer: what a manager must enter again if they are lost */
const SALE_TYPES = new Set([
  'sale.completed',
  'sale.cancelled',
  'sale.refunded',
  'sale.refundCompleted',
  'order.paymentRecorded',
]);

/**
 * Restore a backup over `target`. Refused while any process holds the ledger's writer lock (a
 * till still running would keep writing into the file it has open and undo the restore). The
 * backup must pass quick_check and a full chain verify first. The current file is kept beside it
 * as `<target>.before-restore-<stamp>` WITH its -wal: a till killed with -9 leaves its last
 * commits only in the -wal, and deleting it (as this did) lost 25 of 25 acknowledged sales. Then
 * the entries the kept ledger holds beyond the backup are compared: every sale the till
 * acknowledged that the restored copy lacks is named by seq (and written to
 * `<target>.restore-lost.json`), so the manager can enter it again.
 */
export function restoreFrom(
  backupFile: string,
  target: string,
  opts: { onProgress?: (done: number, total: number) => void; now?: Date } = {},
): RestoreResult {
  let lock: ReturnType<typeof acquireWriterLock>;
  try {
    lock = acquireWriterLock(target, { program: 'ledger restore' });
  } catch (e) {
    if (e instanceof LedgerInUseError)
      throw new RestoreError(`${e.message} (stop the till before restoring)`);
    throw e;
  }
  try {
    let check: CopyCheck;
    // the backup is checked on a scratch copy: the check may write (journal mode) and must not touch it
    const scratch = `${target}.restore-check-${process.pid}`;
    copyFileSync(backupFile, scratch);
    try {
      const db = new Database(scratch);
      try {
        db.pragma('journal_mode = DELETE');
      } finally {
        db.close();
      }
      check = checkLedgerFile(scratch, opts.onProgress);
    } catch (e) {
      throw new RestoreError(`the backup does not hold: ${(e as Error).message}`);
    } finally {
      for (const ext of ['', '-wal', '-shm', '-journal']) rmSync(`${scratch}${ext}`, { force: true });
    }
    const stamp = (opts.now ?? new Date()).toISOString().replace(/[-:.]/g, '');
    let keptAs: string | null = null;
    let previousSeq = 0;
    let lost: { sales: LostEntry[]; entries: number } = { sales: [], entries: 0 };
    if (existsSync(target) && statSync(target).isFile()) {
      keptAs = `${target}.before-restore-${stamp}`;
      // the file and its -wal/-shm, byte for byte (nobody writes: we hold the lock), then folded
      // into one file, so the kept copy holds every commit the till acknowledged
      for (const ext of ['', '-wal', '-shm']) {
        if (existsSync(`${target}${ext}`)) copyFileSync(`${target}${ext}`, `${keptAs}${ext}`);
      }
      const kept = new Database(keptAs);
      try {
        kept.pragma('wal_checkpoint(TRUNCATE)');
        kept.pragma('journal_mode = DELETE');
        previousSeq = hasJournal(kept) ? lastSeq(kept) : 0;
      } finally {
        kept.close();
      }
      lost = lostSince(keptAs, backupFile);
    }
    // the restored file replaces the ledger and its -wal/-shm (now inside the kept copy)
    const tmp = `${target}.restoring-${process.pid}`;
    copyFileSync(backupFile, tmp);
    for (const ext of ['-wal', '-shm']) rmSync(`${target}${ext}`, { force: true });
    renameSync(tmp, target);
    let reportFile: string | null = null;
    if (lost.sales.length > 0) {
      reportFile = `${target}.restore-lost.json`;
      writeFileSync(
        reportFile,
        `${JSON.stringify({ restoredFrom: backupFile, keptAs, restoredSeq: check.lastSeq, previousSeq, lostSales: lost.sales }, null, 2)}\n`,
        { mode: 0o600 },
      );
    }
    return {
      entries: check.entries,
      keptAs,
      previousSeq,
      lostSales: lost.sales,
      lostEntries: lost.entries,
      reportFile,
    };
  } finally {
    lock.release();
  }
}

function hasJournal(db: Database.Database): boolean {
  return (
    db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'journal'").get() !== undefined
  );
}

/** Entries of `current` that `restored` lacks or holds with another hash (from the first difference on). */
function lostSince(current: string, restored: string): { sales: LostEntry[]; entries: number } {
  const cur = new Database(current, { readonly: true, fileMustExist: true });
  const res = new Database(restored, { readonly: true, fileMustExist: true });
  try {
    if (!hasJournal(cur)) return { sales: [], entries: 0 };
    const resHash = res.prepare('SELECT hash FROM journal WHERE seq = ?').pluck();
    // the first seq where they part: past the restored copy's end, or a different entry (a fork)
    const rows = cur
      .prepare('SELECT seq, type, at, hash, payload FROM journal ORDER BY seq DESC')
      .iterate() as IterableIterator<{
      seq: number;
      type: string;
      at: string;
      hash: string;
      payload: string;
    }>;
    const lostRows: { seq: number; type: string; at: string; payload: string }[] = [];
    for (const r of rows) {
      if (resHash.get(r.seq) === r.hash) break; // every older entry is shared (the chain says so)
      lostRows.push(r);
    }
    lostRows.reverse();
    const sales: LostEntry[] = [];
    for (const r of lostRows) {
      if (!SALE_TYPES.has(r.type)) continue;
      const p = JSON.parse(r.payload) as { saleId?: string; receiptNumber?: number; total?: number };
      const e: LostEntry = { seq: r.seq, type: r.type, at: r.at };
      if (typeof p.saleId === 'string') e.saleId = p.saleId;
      if (typeof p.receiptNumber === 'number') e.receiptNumber = p.receiptNumber;
      if (typeof p.total === 'number') e.total = p.total;
      sales.push(e);
    }
    return { sales, entries: lostRows.length };
  } finally {
    cur.close();
    res.close();
  }
}
