import { execFile } from 'node:child_process';
import { copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type JournalRow, verifyChain } from '../../db/journal.ts';
import { openLedger, openLedgerReadonly } from '../../db/open.ts';
import { makeFixture } from '../helpers/fixture.ts';
import { ensureDrawer, randomStep, rng } from './workload.ts';

/**
 * Tamper: an attacker holding the ledger file drops the append-only triggers and edits the
 * journal. Whatever one column of one row they change, `verifyChain` and `ledger verify`
 * name that row's seq as the first broken one.
 */
const run = promisify(execFile);
const CLI = join(process.cwd(), 'electron/cli/ledger.ts');
const COLUMNS = ['seq', 'id', 'device_id', 'at', 'actor', 'type', 'payload', 'prev_hash', 'hash'] as const;
type Column = (typeof COLUMNS)[number];

let dir: string;
let base: string;
let n: number;
let rows: JournalRow[];
let caseNo = 0;

beforeAll(() => {
  const f = makeFixture();
  dir = f.dir;
  const till = { app: f.app, token: f.manager, productIds: f.products.map((p) => p.id) };
  ensureDrawer(till);
  const r = rng(20261126);
  const count = () =>
    (f.app.env.sqlite.prepare('SELECT count(*) AS n FROM journal').get() as { n: number }).n;
  while (count() < 300) randomStep(till, r);
  f.app.env.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  base = f.file;
  f.app.close();
  const s = openLedgerReadonly(base);
  rows = s.prepare('SELECT * FROM journal ORDER BY seq').all() as JournalRow[];
  s.close();
  n = rows.length;
}, 120_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A copy of the ledger, edited as an attacker would: triggers dropped, then `sql` run. */
function tampered(edit: (db: Database.Database) => void): string {
  const file = join(dir, `tampered-${++caseNo}.sqlite`);
  copyFileSync(base, file);
  const db = new Database(file);
  db.pragma('foreign_keys = OFF'); // the outbox references journal.seq
  db.exec('DROP TRIGGER journal_no_update; DROP TRIGGER journal_no_delete;');
  edit(db);
  db.close();
  return file;
}

function verifyFile(file: string) {
  const s = openLedgerReadonly(file);
  try {
    return verifyChain(s);
  } finally {
    s.close();
  }
}

/** `npm run ledger -- verify --db <file>` in a child process: exit code and output. */
async function cliVerify(file: string): Promise<{ code: number; out: string }> {
  try {
    const r = await run(process.execPath, ['--import', 'tsx', CLI, 'verify', '--db', file], {
      cwd: process.cwd(),
    });
    return { code: 0, out: r.stdout };
  } catch (e) {
    const x = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof x.code === 'number' ? x.code : -1, out: `${x.stdout ?? ''}${x.stderr ?? ''}` };
  }
}

/** A different value of the same kind: one character changed, same length. */
function flip(s: string, at = Math.floor(s.length / 2)): string {
  const c = s[at]!;
  const alt = /\d/.test(c)
    ? String((Number(c) + 1) % 10)
    : c === 'A'
      ? 'B'
      : /[a-z]/.test(c)
        ? c === 'a'
          ? 'b'
          : 'a'
        : 'A';
  return s.slice(0, at) + alt + s.slice(at + 1);
}

function changed(col: Column, row: JournalRow): unknown {
  switch (col) {
    case 'seq':
      return row.seq === 1 ? 0 : n + 1000; // moved out of its place
    case 'payload': {
      // change a digit if there is one (an amount), else a letter
      const i = row.payload.search(/\d/);
      return flip(row.payload, i >= 0 ? i : row.payload.length - 3);
    }
    case 'at':
      return flip(row.at, row.at.length - 6); // one second later or earlier
    default:
      return flip(row[col]);
  }
}

describe('tamper: any change to the journal is reported at the changed row', () => {
  it('built a ledger of a few hundred entries through real commands, and it verifies', async () => {
    expect(n).toBeGreaterThanOrEqual(300);
    expect(verifyFile(base)).toMatchObject({ ok: true, entries: n, firstBrokenSeq: null });
    const cli = await cliVerify(base);
    expect(cli.code, cli.out).toBe(0);
  });

  const cases: { name: string; seqOf: () => number; edit: (db: Database.Database) => void }[] = [];
  const positions = [
    ['first', () => rows[0]!],
    ['middle', () => rows[Math.floor(n / 2)]!],
    ['last', () => rows[n - 1]!],
  ] as const;
  for (const col of COLUMNS) {
    for (const [where, rowOf] of positions) {
      cases.push({
        name: `${col} of the ${where} row`,
        seqOf: () => rowOf().seq,
        edit: (db) => {
          const row = rowOf();
          const v = changed(col, row);
          expect(v).not.toEqual(row[col]);
          const r = db.prepare(`UPDATE journal SET ${col} = ? WHERE seq = ?`).run(v, row.seq);
          expect(r.changes).toBe(1);
        },
      });
    }
  }
  for (const [where, rowOf] of positions.slice(0, 2)) {
    cases.push({
      name: `the ${where} row deleted`,
      seqOf: () => rowOf().seq,
      edit: (db) => expect(db.prepare('DELETE FROM journal WHERE seq = ?').run(rowOf().seq).changes).toBe(1),
    });
  }
  cases.push({
    name: 'two neighbouring rows swapped (middle)',
    seqOf: () => rows[Math.floor(n / 2)]!.seq,
    edit: (db) => {
      const a = rows[Math.floor(n / 2)]!.seq;
      db.prepare('UPDATE journal SET seq = -1 WHERE seq = ?').run(a);
      db.prepare('UPDATE journal SET seq = ? WHERE seq = ?').run(a, a + 1);
      db.prepare('UPDATE journal SET seq = ? WHERE seq = -1').run(a + 1);
    },
  });
  cases.push({
    name: 'two neighbouring rows swapped (last two)',
    seqOf: () => n - 1,
    edit: (db) => {
      db.prepare('UPDATE journal SET seq = -1 WHERE seq = ?').run(n - 1);
      db.prepare('UPDATE journal SET seq = ? WHERE seq = ?').run(n - 1, n);
      db.prepare('UPDATE journal SET seq = ? WHERE seq = -1').run(n);
    },
  });

  it(`verifyChain and ledger verify name the changed row (${COLUMNS.length} columns × first/middle/last, deletions, swaps)`, async () => {
    const results: { name: string; expected: number; file: string }[] = [];
    for (const c of cases) {
      const file = tampered(c.edit);
      const expected = c.seqOf();
      const v = verifyFile(file);
      expect({ case: c.name, ok: v.ok, firstBrokenSeq: v.firstBrokenSeq }).toEqual({
        case: c.name,
        ok: false,
        firstBrokenSeq: expected,
      });
      // the till refuses to open a ledger whose tail (last 64 entries) is broken
      if (expected > n - 64) expect(() => openLedger(file).close(), c.name).toThrow(/journal tail is broken/);
      results.push({ name: c.name, expected, file });
    }
    // the CLI (a child process each, ~1–2 s): every column once, rotating first/middle/last, plus the
    // deletions and swaps — a few children at a time
    const cli = results.filter((_, i) => i >= COLUMNS.length * 3 || i % 3 === Math.floor(i / 3) % 3);
    expect(cli.length).toBe(COLUMNS.length + (results.length - COLUMNS.length * 3));
    for (let i = 0; i < cli.length; i += 3) {
      const batch = cli.slice(i, i + 3);
      const outs = await Promise.all(batch.map((b) => cliVerify(b.file)));
      batch.forEach((b, j) => {
        const o = outs[j]!;
        expect({ case: b.name, code: o.code }, o.out).toEqual({ case: b.name, code: 1 });
        expect(o.out, b.name).toContain(`first broken seq ${b.expected}:`);
      });
    }
  }, 120_000);
});
