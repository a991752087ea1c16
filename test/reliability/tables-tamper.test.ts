import { execFile } from 'node:child_process';
import { copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLedgerReadonly } from '../../db/open.ts';
import { checkProjections } from '../../db/projection-check.ts';
import { makeFixture } from '../helpers/fixture.ts';
import { ensureDrawer, randomStep, rng } from './workload.ts';

/**
 * Business tables are covered (issue 10): `UPDATE sales SET total=…`, a tender deleted, a line's
 * quantity changed with sqlite3 left the chain whole and `ledger verify` said OK while the day's
 * sales report changed. Now verify rebuilds those rows from the journal and names the first that
 * differs — table, key, column, both values — through the CLI, exit 1. A ledger built by real
 * commands (sales, returns, cancellations, cash and card refunds, orders) verifies clean.
 */
const run = promisify(execFile);
const CLI = join(process.cwd(), 'electron/cli/ledger.ts');

let dir: string;
let base: string;
let caseNo = 0;

beforeAll(() => {
  const f = makeFixture();
  dir = f.dir;
  const till = { app: f.app, token: f.manager, productIds: f.products.map((p) => p.id) };
  ensureDrawer(till);
  const r = rng(20261203);
  for (let i = 0; i < 200; i++) randomStep(till, r);
  // a shift ends (Z report), the next one starts
  f.app.call('drawer.close', { count: { '2000': 3, '100': 7, '25': 12 } }, f.manager);
  ensureDrawer(till);
  for (let i = 0; i < 200; i++) randomStep(till, r);
  // a closed business day (yesterday's, in the store's zone: today's is still open)
  const today = f.app.env.sqlite.prepare('SELECT max(business_date) AS d FROM sales').get() as { d: string };
  const yesterday = new Date(Date.parse(`${today.d}T12:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  f.app.call('period.close', { kind: 'day', period: yesterday }, f.manager);
  // a ticket left open at the counter: a line added then changed, one added then removed, one kept
  const ticket = f.app.call('sale.open', {}, f.manager);
  const [p0, p1, p2] = till.productIds;
  let t = f.app.call('sale.addLine', { saleId: ticket.id, productId: p0!, quantity: 1000 }, f.manager);
  f.app.call('sale.updateLine', { saleId: ticket.id, lineId: t.lines[0]!.id, quantity: 3000 }, f.manager);
  t = f.app.call('sale.addLine', { saleId: ticket.id, productId: p1!, quantity: 2000 }, f.manager);
  f.app.call('sale.removeLine', { saleId: ticket.id, lineId: t.lines[1]!.id }, f.manager);
  f.app.call('sale.addLine', { saleId: ticket.id, productId: p2 ?? p0!, quantity: 1000 }, f.manager);
  f.app.env.sqlite.pragma('wal_checkpoint(TRUNCATE)');
  base = f.file;
  f.app.close();
}, 120_000);
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

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

/** A copy edited with sqlite3 as someone with the file would (the tables have no triggers to drop here). */
function tampered(edit: (db: Database.Database) => void): string {
  const file = join(dir, `tables-${++caseNo}.sqlite`);
  copyFileSync(base, file);
  const db = new Database(file);
  db.pragma('foreign_keys = OFF');
  for (const t of db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name != 'journal'")
    .all() as {
    name: string;
  }[])
    db.exec(`DROP TRIGGER "${t.name}"`);
  edit(db);
  db.pragma('journal_mode = DELETE');
  db.close();
  return file;
}

const one = <T>(file: string, sql: string): T => {
  const db = openLedgerReadonly(file);
  try {
    return db.prepare(sql).get() as T;
  } finally {
    db.close();
  }
};

describe('tamper: business tables against the journal', () => {
  it('the ledger built by real commands verifies: tables match, every kind of row present', async () => {
    const db = openLedgerReadonly(base);
    const r = checkProjections(db);
    db.close();
    expect(r.first).toBeNull();
    expect(r.ok).toBe(true);
    for (const t of [
      'sales',
      'sale_lines',
      'sale_taxes',
      'tenders',
      'refunds',
      'drawer_sessions',
      'z_reports',
      'drawer_movements',
      'order_payments',
      'period_closings',
      'approvals',
    ])
      expect(r.rows[t], t).toBeGreaterThan(0);
    const cli = await cliVerify(base);
    expect(cli.code, cli.out).toBe(0);
    expect(cli.out).toMatch(/OK tables: rows match the journal/);
  });

  const cases: {
    name: string;
    edit: (db: Database.Database) => { key: string; table: string; column: string };
  }[] = [
    {
      name: 'UPDATE sales SET total',
      edit: (db) => {
        const s = db
          .prepare("SELECT id FROM sales WHERE status = 'completed' ORDER BY rowid LIMIT 1 OFFSET 3")
          .get() as {
          id: string;
        };
        db.prepare('UPDATE sales SET total = total - 4709 WHERE id = ?').run(s.id);
        return { table: 'sales', key: s.id, column: 'total' };
      },
    },
    {
      name: 'a cancelled sale put back to completed',
      edit: (db) => {
        const s = db.prepare("SELECT id FROM sales WHERE status = 'cancelled' LIMIT 1").get() as {
          id: string;
        };
        db.prepare("UPDATE sales SET status = 'completed' WHERE id = ?").run(s.id);
        return { table: 'sales', key: s.id, column: 'status' };
      },
    },
    {
      name: 'a stray completed sale inserted',
      edit: (db) => {
        const row = db.prepare('SELECT * FROM sales ORDER BY rowid LIMIT 1').get() as Record<string, unknown>;
        const id = '01JZZZZZZZZZZZZZZZZZZZZZZZ';
        const cols = Object.keys(row);
        db.prepare(`INSERT INTO sales (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`).run(
          ...cols.map((c) => (c === 'id' ? id : c === 'receipt_number' ? 999_999 : row[c])),
        );
        return { table: 'sales', key: id, column: '(row)' };
      },
    },
    {
      name: "a line's quantity changed",
      edit: (db) => {
        const l = db
          .prepare(
            "SELECT l.id FROM sale_lines l JOIN sales s ON s.id = l.sale_id WHERE s.status = 'completed' LIMIT 1",
          )
          .get() as { id: string };
        db.prepare('UPDATE sale_lines SET quantity = quantity + 1000 WHERE id = ?').run(l.id);
        return { table: 'sale_lines', key: l.id, column: 'quantity' };
      },
    },
    {
      name: 'a tax row lowered',
      edit: (db) => {
        const t = db
          .prepare('SELECT sale_id, code FROM sale_taxes ORDER BY rowid LIMIT 1 OFFSET 5')
          .get() as {
          sale_id: string;
          code: string;
        };
        db.prepare('UPDATE sale_taxes SET tax = tax - 1 WHERE sale_id = ? AND code = ?').run(
          t.sale_id,
          t.code,
        );
        return { table: 'sale_taxes', key: `${t.sale_id}/${t.code}`, column: 'tax' };
      },
    },
    {
      name: 'a tender deleted',
      edit: (db) => {
        const t = db.prepare('SELECT sale_id FROM tenders ORDER BY rowid LIMIT 1 OFFSET 2').get() as {
          sale_id: string;
        };
        db.prepare(
          'DELETE FROM tenders WHERE rowid = (SELECT min(rowid) FROM tenders WHERE sale_id = ?)',
        ).run(t.sale_id);
        return { table: 'tenders', key: t.sale_id, column: '(rows of the sale)' };
      },
    },
    {
      name: 'a tender turned from cash into card',
      edit: (db) => {
        const t = db.prepare("SELECT id FROM tenders WHERE method = 'cash' LIMIT 1").get() as { id: string };
        db.prepare("UPDATE tenders SET method = 'card' WHERE id = ?").run(t.id);
        return { table: 'tenders', key: t.id, column: 'method' };
      },
    },
    {
      name: 'a refund amount raised',
      edit: (db) => {
        const r = db.prepare('SELECT id FROM refunds LIMIT 1').get() as { id: string };
        db.prepare('UPDATE refunds SET amount = amount + 500 WHERE id = ?').run(r.id);
        return { table: 'refunds', key: r.id, column: 'amount' };
      },
    },
    {
      name: 'a refund deleted',
      edit: (db) => {
        const r = db.prepare('SELECT id FROM refunds LIMIT 1').get() as { id: string };
        db.prepare('DELETE FROM refunds WHERE id = ?').run(r.id);
        return { table: 'refunds', key: r.id, column: '(row)' };
      },
    },
    {
      name: "a drawer's count raised to hide a shortage",
      edit: (db) => {
        const d = db.prepare("SELECT id FROM drawer_sessions WHERE status = 'closed' LIMIT 1").get() as {
          id: string;
        };
        db.prepare(
          'UPDATE drawer_sessions SET counted = counted + 12250, over_short = over_short + 12250 WHERE id = ?',
        ).run(d.id);
        return { table: 'drawer_sessions', key: d.id, column: 'counted' };
      },
    },
    {
      name: "a Z report's over/short rewritten",
      edit: (db) => {
        const z = db.prepare('SELECT number FROM z_reports LIMIT 1').get() as { number: number };
        db.prepare("UPDATE z_reports SET report = json_set(report, '$.overShort', 0) WHERE number = ?").run(
          z.number,
        );
        return { table: 'z_reports', key: String(z.number), column: 'report.overShort' };
      },
    },
    {
      name: 'a Z report deleted',
      edit: (db) => {
        const z = db.prepare('SELECT number FROM z_reports LIMIT 1').get() as { number: number };
        db.prepare('DELETE FROM z_reports WHERE number = ?').run(z.number);
        return { table: 'z_reports', key: String(z.number), column: '(row)' };
      },
    },
    {
      name: "a sale's cash into the drawer lowered",
      edit: (db) => {
        const m = db
          .prepare("SELECT id FROM drawer_movements WHERE kind = 'sale' ORDER BY rowid LIMIT 1 OFFSET 4")
          .get() as { id: string };
        db.prepare('UPDATE drawer_movements SET amount = amount - 100 WHERE id = ?').run(m.id);
        return { table: 'drawer_movements', key: m.id, column: 'amount' };
      },
    },
    {
      name: 'a pay-in deleted',
      edit: (db) => {
        const m = db.prepare("SELECT id FROM drawer_movements WHERE kind = 'pay_in' LIMIT 1").get() as {
          id: string;
        };
        db.prepare('DELETE FROM drawer_movements WHERE id = ?').run(m.id);
        return { table: 'drawer_movements', key: m.id, column: '(row: pay_in)' };
      },
    },
    {
      name: 'a stray pay-out inserted',
      edit: (db) => {
        const m = db.prepare("SELECT * FROM drawer_movements WHERE kind = 'pay_in' LIMIT 1").get() as Record<
          string,
          unknown
        >;
        const id = '01JZZZZZZZZZZZZZZZZZZZZZZY';
        const cols = Object.keys(m);
        db.prepare(
          `INSERT INTO drawer_movements (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`,
        ).run(
          ...cols.map((c) => (c === 'id' ? id : c === 'kind' ? 'pay_out' : c === 'amount' ? -5000 : m[c])),
        );
        return { table: 'drawer_movements', key: id, column: '(row)' };
      },
    },
    {
      name: "an order payment's amount lowered",
      edit: (db) => {
        const p = db.prepare('SELECT id FROM order_payments ORDER BY rowid LIMIT 1').get() as { id: string };
        db.prepare('UPDATE order_payments SET amount = amount - 1000 WHERE id = ?').run(p.id);
        return { table: 'order_payments', key: p.id, column: 'amount' };
      },
    },
    {
      name: "a cash order payment's drawer movement raised",
      edit: (db) => {
        const m = db
          .prepare("SELECT id FROM drawer_movements WHERE kind = 'order_payment' ORDER BY rowid LIMIT 1")
          .get() as { id: string };
        db.prepare('UPDATE drawer_movements SET amount = amount + 500 WHERE id = ?').run(m.id);
        return { table: 'drawer_movements', key: m.id, column: 'amount' };
      },
    },
    {
      name: "a day closing's perpetual grand total rewritten",
      edit: (db) => {
        const c = db.prepare('SELECT id FROM period_closings LIMIT 1').get() as { id: string };
        db.prepare(
          'UPDATE period_closings SET perpetual_grand_total = perpetual_grand_total + 100000 WHERE id = ?',
        ).run(c.id);
        return { table: 'period_closings', key: c.id, column: 'perpetual_grand_total' };
      },
    },
    {
      name: "a day closing's report totals rewritten (json_set)",
      edit: (db) => {
        const c = db.prepare('SELECT id FROM period_closings LIMIT 1').get() as { id: string };
        db.prepare(
          "UPDATE period_closings SET report = json_set(report, '$.salesTotal', json_extract(report, '$.salesTotal') - 5000) WHERE id = ?",
        ).run(c.id);
        return { table: 'period_closings', key: c.id, column: 'report.salesTotal' };
      },
    },
    {
      name: 'an approval put on another manager',
      edit: (db) => {
        const a = db.prepare('SELECT id FROM approvals ORDER BY rowid LIMIT 1').get() as { id: string };
        db.prepare(
          "UPDATE approvals SET manager_id = (SELECT id FROM users WHERE role = 'admin' LIMIT 1) WHERE id = ?",
        ).run(a.id);
        return { table: 'approvals', key: a.id, column: '(row)' };
      },
    },
    {
      name: "an open ticket's line quantity raised",
      edit: (db) => {
        const l = db
          .prepare(
            "SELECT l.id FROM sale_lines l JOIN sales s ON s.id = l.sale_id WHERE s.status = 'open' ORDER BY l.rowid LIMIT 1",
          )
          .get() as { id: string };
        db.prepare('UPDATE sale_lines SET quantity = quantity + 1000 WHERE id = ?').run(l.id);
        return { table: 'sale_lines', key: l.id, column: 'quantity' };
      },
    },
    {
      name: "an open ticket's line deleted",
      edit: (db) => {
        const l = db
          .prepare(
            "SELECT l.id FROM sale_lines l JOIN sales s ON s.id = l.sale_id WHERE s.status = 'open' ORDER BY l.rowid DESC LIMIT 1",
          )
          .get() as { id: string };
        db.prepare('DELETE FROM sale_lines WHERE id = ?').run(l.id);
        return { table: 'sale_lines', key: l.id, column: '(row)' };
      },
    },
  ];

  for (const c of cases)
    it(`${c.name}: ledger verify names the table, the key and the column, exit 1`, async () => {
      let where = { key: '', table: '', column: '' };
      const file = tampered((db) => {
        where = c.edit(db);
      });
      // the chain still holds: only the tables can tell
      const cli = await cliVerify(file);
      expect(cli.code, cli.out).toBe(1);
      expect(cli.out).toMatch(/chain holds/);
      expect(cli.out).toContain(`BROKEN tables:`);
      expect(cli.out).toContain(`first: ${where.table} key ${where.key} column ${where.column}:`);
      expect(one<{ n: number }>(file, 'SELECT count(*) AS n FROM journal').n).toBeGreaterThan(400);
    });
});
