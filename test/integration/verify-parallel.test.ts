import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendEntry, verifyChain } from '../../db/journal.ts';
import { migrate } from '../../db/migrate.ts';
import { verifyFileParallel } from '../../db/verify-parallel.ts';

// The parallel verifier (used by `ledger verify`) must give exactly verifyChain's answer,
// also when the break sits on a slice boundary. 3 slices of 400 entries: 1–400, 401–800, 801–1200.
const N = 1200;
let dir: string;
let file: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'comptoir-verify-'));
  file = join(dir, 'ledger.sqlite');
  const db = new Database(file);
  migrate(db);
  db.transaction(() => {
    for (let i = 1; i <= N; i++) {
      appendEntry(db, {
        id: `E${String(i).padStart(25, '0')}`,
        deviceId: 'till-1',
        at: new Date(Date.UTC(2026, 10, 26, 12, 0, 0, i)).toISOString(),
        actor: 'clerk-1',
        type: 'sale.completed',
        payload: { n: i, lines: [{ sku: `SKU-${i}`, amount: i * 7 }] },
      });
    }
  })();
  db.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function tampered(name: string, edit: (db: Database.Database) => void): string {
  const copy = join(dir, `${name}.sqlite`);
  const src = new Database(file, { readonly: true });
  src.exec(`VACUUM INTO '${copy}'`);
  src.close();
  const db = new Database(copy);
  db.exec('DROP TRIGGER journal_no_update; DROP TRIGGER journal_no_delete');
  edit(db);
  db.close();
  return copy;
}

function single(f: string) {
  const db = new Database(f, { readonly: true });
  try {
    return verifyChain(db);
  } finally {
    db.close();
  }
}

describe('verifyFileParallel', () => {
  it('a sound chain: same entries and last hash as verifyChain', async () => {
    const p = await verifyFileParallel(file, { threads: 3, minEntries: 0 });
    expect(p).toEqual(single(file));
    expect(p).toMatchObject({ ok: true, entries: N });
  });

  const cases: [string, (db: Database.Database) => void, number][] = [
    [
      'payload in slice 2',
      (db) => db.prepare("UPDATE journal SET payload = '{}' WHERE seq = 555").run(),
      555,
    ],
    ['first row of slice 2', (db) => db.prepare("UPDATE journal SET actor = 'x' WHERE seq = 401").run(), 401],
    ['last row of slice 1', (db) => db.prepare("UPDATE journal SET hash = 'ab' WHERE seq = 400").run(), 400],
    ['deleted boundary row', (db) => db.prepare('DELETE FROM journal WHERE seq = 800').run(), 800],
    [
      'device in slice 3',
      (db) => db.prepare("UPDATE journal SET device_id = 'till-2' WHERE seq = 1000").run(),
      1000,
    ],
    [
      'two breaks: the first wins',
      (db) => db.exec("UPDATE journal SET at = 'x' WHERE seq IN (1100, 300)"),
      300,
    ],
  ];
  for (const [name, edit, seq] of cases) {
    it(`${name}: first broken seq ${seq}, as verifyChain says`, async () => {
      const f = tampered(name.replace(/\W+/g, '-'), edit);
      const p = await verifyFileParallel(f, { threads: 3, minEntries: 0 });
      const s = single(f);
      expect(p.firstBrokenSeq).toBe(seq);
      expect(p).toMatchObject({
        ok: false,
        firstBrokenSeq: s.firstBrokenSeq,
        reason: s.reason,
        entries: s.entries,
      });
    });
  }
});
