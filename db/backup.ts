import { copyFileSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { privateDir, privateFile } from './file-modes.ts';
import { verifyChain } from './journal.ts';

/**
 * Online backup with SQLite's backup API (consistent while the till keeps selling) into a
 * rotating folder: `comptoir-YYYYMMDDTHHMMSSZ.sqlite`, keeping the newest `keep` files.
 */
export async function backupTo(
  sqlite: Database.Database,
  dir: string,
  opts: { keep?: number; now?: Date; onProgress?: (pagesDone: number, pagesTotal: number) => void } = {},
): Promise<string> {
  privateDir(dir);
  const stamp = (opts.now ?? new Date())
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  const file = join(dir, `comptoir-${stamp}.sqlite`);
  // copied under a name the rotation ignores, then renamed: an interrupted copy (the till shut
  // down mid-way, a full disk) never stands in the folder as the newest backup
  const partial = `${file}.partial`;
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
    renameSync(partial, file);
  } catch (e) {
    rmSync(partial, { force: true });
    throw e;
  }
  const keep = opts.keep ?? 14;
  const files = readdirSync(dir)
    .filter((f) => /^comptoir-\d{8}T\d{6}Z\.sqlite$/.test(f))
    .sort();
  for (const old of files.slice(0, Math.max(0, files.length - keep))) rmSync(join(dir, old));
  return file;
}

export class RestoreError extends Error {
  override name = 'RestoreError';
}

/**
 * Restore a backup over `target` (the till must be stopped). The backup's chain is verified
 * first; the current file is kept beside it as `<target>.before-restore-<stamp>`.
 */
export function restoreFrom(
  backupFile: string,
  target: string,
  opts: { onProgress?: (done: number, total: number) => void } = {},
): { entries: number } {
  const src = new Database(backupFile, { readonly: true, fileMustExist: true });
  let entries: number;
  try {
    const v = verifyChain(src, opts.onProgress ? { onProgress: opts.onProgress } : {});
    if (!v.ok) throw new RestoreError(`backup chain broken at seq ${v.firstBrokenSeq}: ${v.reason}`);
    entries = v.entries;
  } finally {
    src.close();
  }
  try {
    if (statSync(target).isFile()) {
      copyFileSync(target, `${target}.before-restore-${Date.now()}`);
    }
  } catch {
    // no current file: nothing to keep
  }
  for (const ext of ['-wal', '-shm']) rmSync(`${target}${ext}`, { force: true });
  copyFileSync(backupFile, target);
  return { entries };
}
