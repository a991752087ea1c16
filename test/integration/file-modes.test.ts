import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { backupTo } from '../../db/backup.ts';
import { openLedger } from '../../db/open.ts';

/**
 * The ledger, its WAL and its backups hold every sale and the PIN hashes: created 0600 in a
 * 0700 folder whatever the umask (a default umask of 022 makes SQLite's files 0644).
 */
const mode = (p: string) => statSync(p).mode & 0o777;
let dir = '';
const oldUmask = process.umask();
afterEach(() => {
  process.umask(oldUmask);
  rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(process.platform === 'win32')('file modes', () => {
  it('a new ledger in a new folder: file, -wal and -shm 0600, folder 0700; its backup too', async () => {
    dir = mkdtempSync(join(tmpdir(), 'comptoir-modes-'));
    process.umask(0o022);
    const file = join(dir, 'till', 'ledger.sqlite');
    const ledger = openLedger(file);
    try {
      ledger.sqlite.exec("INSERT INTO settings (key, value) VALUES ('modes-test', '1')");
      expect(mode(join(dir, 'till'))).toBe(0o700);
      expect(mode(file)).toBe(0o600);
      expect(mode(`${file}-wal`)).toBe(0o600);
      expect(mode(`${file}-shm`)).toBe(0o600);
      const { file: copy } = await backupTo(ledger.sqlite, join(dir, 'till', 'backups'));
      expect(mode(join(dir, 'till', 'backups'))).toBe(0o700);
      expect(mode(copy)).toBe(0o600);
    } finally {
      ledger.close();
    }
  });

  it('an existing ledger readable by others is narrowed to 0600 at open; an existing folder is left alone', () => {
    dir = mkdtempSync(join(tmpdir(), 'comptoir-modes-'));
    chmodSync(dir, 0o755);
    const file = join(dir, 'ledger.sqlite');
    writeFileSync(file, '');
    chmodSync(file, 0o644);
    openLedger(file).close();
    expect(mode(file)).toBe(0o600);
    expect(mode(dir)).toBe(0o755);
  });
});
