import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * The ledger, its -wal/-shm and its backups hold every sale and the users' PIN hashes: only the
 * account the till runs as may read them. Files are created 0600 (SQLite gives -wal and -shm the
 * mode of the database file), and a folder we create is 0700. An existing folder (the current
 * directory of `npm run host -- --db till.sqlite`) is not ours to change. Windows keeps its ACLs.
 */
const POSIX = process.platform !== 'win32';

/** Make `dir` (recursively) when missing, 0700 whatever the umask. */
export function privateDir(dir: string): void {
  if (existsSync(dir)) return;
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (POSIX) chmodSync(dir, 0o700); // the umask may have narrowed, never widened, but be exact
}

/** Create `file` empty with mode 0600 when missing (in a private folder), or narrow it to 0600. */
export function privateFile(file: string): void {
  if (file === ':memory:' || file === '') return;
  privateDir(dirname(file));
  if (!existsSync(file)) closeSync(openSync(file, 'wx', 0o600));
  if (POSIX) chmodSync(file, 0o600);
}
