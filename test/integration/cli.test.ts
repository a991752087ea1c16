import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Fixture, makeFixture } from '../helpers/fixture.ts';

/** The ledger CLI and the standalone export verifier, run as child processes (Node 24 + tsx). */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function runTs(script: string, args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', script, ...args],
      { cwd: ROOT, encoding: 'utf8', timeout: 30_000 },
      (error, stdout, stderr) => {
        resolve({ code: error ? ((error.code as number | undefined) ?? null) : 0, out: stdout, err: stderr });
      },
    );
  });
}
const ledger = (...args: string[]) => runTs('electron/cli/ledger.ts', args);
const verifyExport = (file: string) => runTs('scripts/verify-export.ts', [file]);

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

let f: Fixture;
let entries: number;
let lastHash: string;

/** A copy of the good ledger with one journal row edited (triggers dropped first, as an attacker would). */
function tampered(name: string, sql: string, ...params: unknown[]): string {
  const copy = join(f.dir, name);
  copyFileSync(f.file, copy);
  const db = new Database(copy);
  db.exec('PRAGMA foreign_keys = OFF; DROP TRIGGER journal_no_update; DROP TRIGGER journal_no_delete;');
  expect(db.prepare(sql).run(...params).changes).toBe(1);
  db.close();
  return copy;
}

beforeAll(() => {
  f = makeFixture();
  const { app, clerk, manager, products } = f;
  app.call('drawer.open', { float: { '2000': 5, '500': 4 } }, clerk);
  const saleIds: string[] = [];
  for (let i = 0; i < 6; i++) {
    f.clock.advance(60_000);
    const r = app.call(
      'sale.checkout',
      {
        lines: [{ productId: products[i % 3]!.id, quantity: 1000 * (i + 1) }],
        tenders: [{ method: 'cash', tendered: 100_000 }],
      },
      clerk,
    );
    saleIds.push(r.sale.id);
  }
  app.call('sale.cancel', { saleId: saleIds[1]!, reason: 'defective', message: 'Désolé' }, clerk);
  app.call('sale.refundCash', { saleId: saleIds[1]!, customerConfirmed: true, saleConfirmed: true }, manager);
  app.call('drawer.payIn', { amount: 500, reason: 'monnaie' }, clerk);
  const tail = app.env.sqlite.prepare('SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1').get() as {
    seq: number;
    hash: string;
  };
  entries = tail.seq;
  lastHash = tail.hash;
  app.close(); // checkpoints the WAL: the file alone is the whole ledger
});

afterAll(() => f?.cleanup());

describe('ledger verify', () => {
  it('exits 0 with a summary of the chain and the seals on a good ledger, without writing to it', async () => {
    const before = sha(f.file);
    const r = await ledger('verify', '--db', f.file);
    expect(r.code).toBe(0);
    expect(r.out.trim().split('\n')).toHaveLength(3);
    expect(r.out).toMatch(/^OK tables: rows match the journal/m);
    expect(r.out).toMatch(/^OK seals: /m);
    expect(r.out).toContain(`${entries} journal entries, chain holds, last hash ${lastHash}`);
    expect(sha(f.file)).toBe(before);
  });

  it('exits 1 and names the first broken seq when any column of a row is edited or a row deleted', async () => {
    const cases = [
      {
        seq: 7,
        sql: `UPDATE journal SET payload = replace(payload, '}', ',"x":1}') WHERE seq = ?`,
        why: 'hash does not match the entry',
      },
      {
        seq: 4,
        sql: "UPDATE journal SET at = '2020-01-01T00:00:00.000Z' WHERE seq = ?",
        why: 'hash does not match',
      },
      { seq: entries, sql: "UPDATE journal SET actor = 'X' WHERE seq = ?", why: 'hash does not match' },
      { seq: 6, sql: 'UPDATE journal SET hash = prev_hash WHERE seq = ?', why: 'hash does not match' },
      { seq: 5, sql: 'DELETE FROM journal WHERE seq = ?', why: 'seq 5 missing' },
    ];
    const runs = await Promise.all(
      cases.map((c, i) => ledger('verify', '--db', tampered(`t${i}.sqlite`, c.sql, c.seq))),
    );
    runs.forEach((r, i) => {
      const c = cases[i]!;
      expect(r.code, c.sql).toBe(1);
      expect(r.out, c.sql).toContain(`first broken seq ${c.seq}: ${c.why}`);
    });
  });
});

describe('ledger backup / restore', () => {
  it('round-trips: the restored ledger verifies with the same entries and last hash', async () => {
    const dir = join(f.dir, 'backups');
    const b = await ledger('backup', '--db', f.file, '--dir', dir, '--keep', '3');
    expect(b.code).toBe(0);
    const files = readdirSync(dir);
    expect(files).toHaveLength(1);
    const target = join(f.dir, 'restored.sqlite');
    const r = await ledger('restore', '--from', join(dir, files[0]!), '--db', target);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`${entries} journal entries`);
    const v = await ledger('verify', '--db', target);
    expect(v.code).toBe(0);
    expect(v.out).toContain(`${entries} journal entries, chain holds, last hash ${lastHash}`);
  });

  it('refuses to restore a backup whose chain is broken, leaving the target untouched', async () => {
    const bad = tampered('bad-backup.sqlite', "UPDATE journal SET type = 'x' WHERE seq = ?", 3);
    const target = join(f.dir, 'keep.sqlite');
    copyFileSync(f.file, target);
    const before = sha(target);
    const r = await ledger('restore', '--from', bad, '--db', target);
    expect(r.code).toBe(1);
    expect(r.out).toContain('seq 3');
    expect(sha(target)).toBe(before);
  });
});

describe('ledger export + scripts/verify-export.ts', () => {
  it('exports one JSON line per entry that the standalone script verifies, and detects edits', async () => {
    const out = join(f.dir, 'journal.jsonl');
    const [toFile, toStdout] = await Promise.all([
      ledger('export', '--db', f.file, '--out', out),
      ledger('export', '--db', f.file),
    ]);
    expect(toFile.code).toBe(0);
    expect(toStdout.code).toBe(0);
    const text = readFileSync(out, 'utf8');
    expect(toStdout.out).toBe(text);
    const lines = text.trim().split('\n');
    expect(lines).toHaveLength(entries);
    expect(Object.keys(JSON.parse(lines[0]!)).sort()).toEqual(
      ['actor', 'at', 'device_id', 'hash', 'id', 'payload', 'prev_hash', 'seq', 'type'].sort(),
    );

    // edit the total inside one sale's payload; drop another line
    const k = lines.findIndex((l) => JSON.parse(l).type === 'sale.completed');
    const e = JSON.parse(lines[k]!);
    const edited = [...lines];
    edited[k] = JSON.stringify({ ...e, payload: e.payload.replace(/"total":(\d+)/, '"total":1') });
    expect(edited[k]).not.toBe(lines[k]);
    const editedFile = join(f.dir, 'edited.jsonl');
    writeFileSync(editedFile, `${edited.join('\n')}\n`);
    const gapFile = join(f.dir, 'gap.jsonl');
    writeFileSync(gapFile, `${lines.filter((_, i) => i !== 2).join('\n')}\n`);

    const [ok, bad, gap] = await Promise.all([
      verifyExport(out),
      verifyExport(editedFile),
      verifyExport(gapFile),
    ]);
    expect(ok.code).toBe(0);
    expect(ok.out).toContain(`OK ${entries} entries, chain holds, last hash ${lastHash}`);
    expect(bad.code).toBe(1);
    expect(bad.out).toContain(`(seq ${e.seq}): hash does not match`);
    expect(gap.code).toBe(1);
    expect(gap.out).toContain('seq 3 expected, found 4');
  });
});

describe('ledger usage errors', () => {
  it('exits 2 with the usage for no verb, an unknown verb, a missing --db, an unknown option', async () => {
    const argss = [[], ['frobnicate', '--db', 'x'], ['verify'], ['export', '--db', f.file, '--bogus']];
    const runs = await Promise.all(argss.map((a) => ledger(...a)));
    runs.forEach((r, i) => {
      expect(r.code, argss[i]!.join(' ')).toBe(2);
      expect(r.err).toContain('usage: npm run ledger');
    });
  });

  it('exits 2 when the file does not exist, and does not create it', async () => {
    const missing = join(f.dir, 'nope.sqlite');
    const r = await ledger('verify', '--db', missing);
    expect(r.code).toBe(2);
    expect(r.err).toContain('does not exist');
    expect(readdirSync(f.dir)).not.toContain('nope.sqlite');
  });
});
