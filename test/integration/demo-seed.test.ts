import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkEntries } from '../../db/entries-check.ts';
import { verifyChain } from '../../db/journal.ts';

/** `npm run demo:seed` as a child process: one month of history, then the ledger is inspected. */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function seedCli(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'electron/cli/demo-seed.ts', ...args],
      { cwd: ROOT, encoding: 'utf8', timeout: 120_000 },
      (error, stdout, stderr) =>
        resolve({ code: error ? ((error.code as number | undefined) ?? null) : 0, out: stdout, err: stderr }),
    );
  });
}

let dir: string;
let file: string;
let run: { code: number | null; out: string; err: string };
let db: Database.Database;
const n = (sql: string, ...p: unknown[]) => (db.prepare(sql).get(...p) as { n: number }).n;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'comptoir-demo-'));
  file = join(dir, 'demo.sqlite');
  // "today" is Thursday 26 Nov 2026: one month = 26 Oct → 25 Nov (27 open days, Sundays closed)
  run = await seedCli(['--db', file, '--months', '1', '--seed', '7', '--now', '2026-11-26T15:00:00Z']);
  db = new Database(file, { readonly: true, fileMustExist: true });
}, 120_000);

afterAll(() => {
  db?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('demo:seed --months 1', () => {
  it('exits 0 and prints the users with their PINs', () => {
    expect(run.code, run.err).toBe(0);
    expect(run.out).toMatch(/clerk\s+Camille Tremblay\s+PIN 1234/);
    expect(run.out).toMatch(/manager\s+Martin Gagnon\s+PIN 9876/);
    expect(run.out).toMatch(/admin\s+Sophie Lévesque\s+PIN 5555/);
  });

  it('produces a ledger whose whole chain verifies', () => {
    const v = verifyChain(db);
    expect(v.ok).toBe(true);
    expect(v.entries).toBe(n('SELECT count(*) AS n FROM journal'));
    expect(v.entries).toBeGreaterThan(1000);
  });

  it('wrote only entries that parse with their schemas (shared/ledger/entries.ts)', () => {
    const r = checkEntries(db);
    expect(r.firstInvalid).toBeNull();
    expect(r.parsed).toBe(n('SELECT count(*) AS n FROM journal'));
    // the demo's month exercises the sale, drawer, order, closing and staff entries
    for (const t of [
      'sale.completed',
      'sale.refunded',
      'drawer.closed',
      'period.closed',
      'order.paymentRecorded',
    ])
      expect(r.types[t] ?? 0).toBeGreaterThan(0);
  });

  it('has a Québec catalogue, categories with subcategories, and ~50 customers', () => {
    expect(n('SELECT count(*) AS n FROM products')).toBeGreaterThanOrEqual(180);
    expect(
      n('SELECT count(*) AS n FROM products WHERE rental_day IS NOT NULL AND deposit IS NOT NULL'),
    ).toBeGreaterThan(40);
    expect(n("SELECT count(*) AS n FROM products WHERE tax_category <> 'standard'")).toBeGreaterThan(0);
    expect(n('SELECT count(DISTINCT barcode) AS n FROM products')).toBe(
      n('SELECT count(*) AS n FROM products'),
    );
    expect(n('SELECT count(*) AS n FROM categories WHERE parent_id IS NOT NULL')).toBeGreaterThan(10);
    expect(n('SELECT count(*) AS n FROM customers')).toBe(50);
    const store = JSON.parse(
      (db.prepare("SELECT value FROM settings WHERE key = 'store'").get() as { value: string }).value,
    );
    expect(store).toMatchObject({ currency: 'CAD', jurisdiction: 'CA-QC', timeZone: 'America/Toronto' });
  });

  it('sells 30–80 tickets per open day, never on Sundays, with gapless receipt numbers', () => {
    const days = db
      .prepare(
        'SELECT business_date AS d, count(*) AS n FROM sales WHERE receipt_number IS NOT NULL GROUP BY business_date',
      )
      .all() as { d: string; n: number }[];
    expect(days.length).toBe(27);
    for (const d of days) {
      expect(d.n, d.d).toBeGreaterThanOrEqual(30);
      expect(d.n, d.d).toBeLessThanOrEqual(80);
      expect(new Date(`${d.d}T12:00:00Z`).getUTCDay(), d.d).not.toBe(0);
    }
    const r = db
      .prepare('SELECT count(*) AS n, max(receipt_number) AS mx FROM sales WHERE receipt_number IS NOT NULL')
      .get() as {
      n: number;
      mx: number;
    };
    expect(r.mx).toBe(r.n);
  });

  it('mixes tenders (cash, card, split) and has cancels with cash and card refunds', () => {
    const methods = (db.prepare('SELECT DISTINCT method FROM tenders').all() as { method: string }[]).map(
      (m) => m.method,
    );
    expect(methods).toEqual(expect.arrayContaining(['cash', 'card']));
    expect(
      n('SELECT count(*) AS n FROM (SELECT sale_id FROM tenders GROUP BY sale_id HAVING count(*) > 1)'),
    ).toBeGreaterThan(0);
    expect(n("SELECT count(*) AS n FROM refunds WHERE channel = 'cash'")).toBeGreaterThan(0);
    expect(n("SELECT count(*) AS n FROM refunds WHERE channel = 'card'")).toBeGreaterThan(0);
    expect(n("SELECT count(*) AS n FROM sales WHERE status = 'refunded' AND cancelled_at IS NULL")).toBe(0);
    expect(
      n("SELECT count(*) AS n FROM drawer_movements WHERE kind IN ('pay_in', 'pay_out')"),
    ).toBeGreaterThan(0);
    expect(n('SELECT count(*) AS n FROM orders')).toBeGreaterThan(0);
  });

  it('closes every day: drawer Z report with a blind count, day closing; the month closing; drawer left closed', () => {
    expect(n('SELECT count(*) AS n FROM z_reports')).toBe(27);
    expect(n("SELECT count(*) AS n FROM period_closings WHERE kind = 'day'")).toBe(27);
    expect(n("SELECT count(*) AS n FROM period_closings WHERE kind = 'month' AND period = '2026-10'")).toBe(
      1,
    );
    expect(n("SELECT count(*) AS n FROM drawer_sessions WHERE status = 'open'")).toBe(0);
    expect(n('SELECT count(*) AS n FROM drawer_sessions WHERE over_short <> 0')).toBeGreaterThan(0);
    expect(n('SELECT count(*) AS n FROM drawer_sessions WHERE over_short = 0')).toBeGreaterThan(0);
    // the day after the history (today) is untouched
    expect(n("SELECT count(*) AS n FROM sales WHERE business_date >= '2026-11-26'")).toBe(0);
  });

  it('stores full-strength PIN hashes at the end (the cheap seeding hashes are gone)', () => {
    const hashes = db.prepare('SELECT pin_hash FROM users').all() as { pin_hash: string }[];
    expect(hashes).toHaveLength(3);
    for (const h of hashes) expect(h.pin_hash.startsWith('scrypt$16384$8$1$')).toBe(true);
  });

  it('refuses to seed over the existing ledger without --force, leaving it as it was', async () => {
    const before = n('SELECT count(*) AS n FROM journal');
    const again = await seedCli(['--db', file, '--months', '1']);
    expect(again.code).toBe(1);
    expect(again.err).toContain('use --force');
    expect(n('SELECT count(*) AS n FROM journal')).toBe(before);
  });
});
