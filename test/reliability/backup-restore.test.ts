import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backupTo } from '../../db/backup.ts';
import { MANAGER_PIN, makeFixture } from '../helpers/fixture.ts';
import { type HostChild, runChild, spawnHost } from '../helpers/host-child.ts';
import { ensureDrawer } from './workload.ts';

/**
 * Backups you can trust and restores that never lose a sale, as the issue found them broken:
 * the clock set back one day + `--keep 2` deleted the new copy; a ledger with a zeroed page was
 * copied as good; `ledger restore` after a kill -9 deleted the -wal (25 of 25 acknowledged
 * sales lost); a restore while the host ran was silently undone.
 */
const CLI = ['--import', 'tsx', 'electron/cli/ledger.ts'];
const ledgerCli = (...args: string[]) => runChild([process.execPath, ...CLI, ...args]);

let fx: ReturnType<typeof makeFixture>;
const hosts: HostChild[] = [];

beforeAll(() => {
  fx = makeFixture();
  ensureDrawer({ app: fx.app, token: fx.manager, productIds: [] });
}, 60_000);

afterAll(async () => {
  for (const h of hosts) await h.stop();
  fx?.cleanup();
});

function sell(n: number): void {
  for (let i = 0; i < n; i++) {
    fx.app.call(
      'sale.checkout',
      {
        lines: [{ productId: fx.products[0]!.id, quantity: 1000 }],
        tenders: [{ method: 'cash', tendered: 100_000 }],
      },
      fx.manager,
    );
  }
}

const seqOf = (file: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare('SELECT max(seq) AS m FROM journal').get() as { m: number }).m;
  } finally {
    db.close();
  }
};

function folder(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const n of readdirSync(dir).sort())
    out[n] = createHash('sha256')
      .update(readFileSync(join(dir, n)))
      .digest('hex');
  return out;
}

/** A copy of `src` with one page of the `sales` table zeroed (the journal's pages untouched). */
function zeroSalesPage(src: string, dst: string): void {
  copyFileSync(src, dst);
  const db = new Database(dst, { readonly: true });
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  // a leaf in the middle of the table (not its root): SQLite opens the file and reads the journal
  // without noticing; only a b-tree walk (quick_check) or reading those sales does
  const leaves = db
    .prepare("SELECT pageno FROM dbstat WHERE name = 'sales' AND pagetype = 'leaf' ORDER BY pageno")
    .pluck()
    .all() as number[];
  if (leaves.length < 3) throw new Error(`sales has ${leaves.length} leaf pages: sell more first`);
  const page = leaves[Math.floor(leaves.length / 2)]!;
  db.close();
  const buf = readFileSync(dst);
  buf.fill(0, (page - 1) * pageSize, page * pageSize);
  writeFileSync(dst, buf);
}

describe('backups you can trust', () => {
  it('rotation keeps the copies holding the most journal: the clock set back one day + keep 2 keeps the new copy', async () => {
    const dir = join(fx.dir, 'rotation');
    const day = new Date('2026-11-26T15:00:00Z');
    sell(2);
    const a = await backupTo(fx.app.env.sqlite, dir, { keep: 2, now: day });
    sell(2);
    const b = await backupTo(fx.app.env.sqlite, dir, { keep: 2, now: new Date(day.getTime() + 3600_000) });
    sell(2);
    // the till's clock went back one day
    const c = await backupTo(fx.app.env.sqlite, dir, { keep: 2, now: new Date(day.getTime() - 86_400_000) });
    sell(2);
    // and the next copy, the clock still behind: the copy to drop is b (less journal), not c (older stamp)
    const d = await backupTo(fx.app.env.sqlite, dir, {
      keep: 2,
      now: new Date(day.getTime() - 86_400_000 + 3600_000),
    });
    expect(a.lastSeq).toBeLessThan(b.lastSeq);
    expect(b.lastSeq).toBeLessThan(c.lastSeq);
    expect(existsSync(d.file)).toBe(true);
    expect(existsSync(c.file)).toBe(true);
    expect(existsSync(b.file)).toBe(false);
    expect(existsSync(a.file)).toBe(false);
    expect(
      readdirSync(dir)
        .map((n) => seqOf(join(dir, n)))
        .sort((x, y) => x - y),
    ).toEqual([c.lastSeq, d.lastSeq]);
  });

  it('a ledger with a zeroed page is refused by ledger backup and never replaces good copies', async () => {
    const dir = join(fx.dir, 'good-copies');
    sell(150);
    const g1 = await ledgerCli('backup', '--db', fx.file, '--dir', dir, '--keep', '2');
    expect(g1.code, g1.out).toBe(0);
    sell(1);
    const g2 = await ledgerCli('backup', '--db', fx.file, '--dir', dir, '--keep', '2');
    expect(g2.code, g2.out).toBe(0);
    fx.app.env.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    const bad = join(fx.dir, 'zeroed.sqlite');
    zeroSalesPage(fx.file, bad);
    const before = folder(dir);
    const r = await ledgerCli('backup', '--db', bad, '--dir', dir, '--keep', '2');
    expect(r.code, r.out).toBe(1);
    expect(r.out).toMatch(/REFUSED backup .*(quick_check|malformed|unreadable)/);
    expect(folder(dir)).toEqual(before);
    // and ledger verify names it (the chain alone said OK)
    const v = await ledgerCli('verify', '--db', bad);
    expect(v.code, v.out).toBe(1);
    expect(v.out).toMatch(/BROKEN pages: quick_check/);
  }, 60_000);
});

describe('restore never loses a sale', () => {
  it('after kill -9: the kept copy holds every acknowledged sale and the restore names each one the backup lacks, by seq', async () => {
    const dir = join(fx.dir, 'before-kill');
    const backup = await backupTo(fx.app.env.sqlite, dir, { keep: 5 });
    fx.app.close();
    const h = await spawnHost(fx.file);
    hosts.push(h);
    const login = await h.api('auth.login', { userId: fx.managerId, pin: MANAGER_PIN });
    const token = (login.body.result as { token: string }).token;
    const acked: number[] = [];
    for (let i = 0; i < 25; i++) {
      const r = await h.api(
        'sale.checkout',
        {
          lines: [{ productId: fx.products[1]!.id, quantity: 1000 }],
          tenders: [{ method: 'cash', tendered: 100_000 }],
        },
        token,
      );
      expect(r.status).toBe(200);
      acked.push((r.body.result as { sale: { chain: { seq: number } } }).sale.chain.seq);
    }
    // a restore while the till runs is refused, naming it, and changes nothing
    const refused = await ledgerCli('restore', '--from', backup.file, '--db', fx.file);
    expect(refused.code, refused.out).toBe(1);
    expect(refused.out).toContain(`pid ${h.child.pid} `);
    const still = await h.api(
      'sale.checkout',
      {
        lines: [{ productId: fx.products[1]!.id, quantity: 1000 }],
        tenders: [{ method: 'cash', tendered: 100_000 }],
      },
      token,
    );
    expect(still.status).toBe(200);
    acked.push((still.body.result as { sale: { chain: { seq: number } } }).sale.chain.seq);
    h.child.kill('SIGKILL');
    await h.exited;
    hosts.splice(hosts.indexOf(h), 1);

    const r = await ledgerCli('restore', '--from', backup.file, '--db', fx.file);
    expect(r.code, r.out).toBe(0);
    const listed = [...r.out.matchAll(/^ {2}seq (\d+) sale\.completed/gm)].map((m) => Number(m[1]));
    expect(listed).toEqual(acked);
    const kept = /kept as (\S+)/.exec(r.out)?.[1];
    expect(kept, r.out).toBeDefined();
    const k = new Database(kept!, { readonly: true });
    const inKept = (
      k
        .prepare("SELECT seq FROM journal WHERE type = 'sale.completed' ORDER BY seq")
        .pluck()
        .all() as number[]
    ).filter((s) => s > backup.lastSeq);
    k.close();
    expect(inKept).toEqual(acked);
    const report = JSON.parse(readFileSync(`${fx.file}.restore-lost.json`, 'utf8')) as {
      lostSales: { seq: number }[];
    };
    expect(report.lostSales.map((s) => s.seq).filter((s) => acked.includes(s))).toEqual(acked);
    expect(seqOf(fx.file)).toBe(backup.lastSeq);
    rmSync(`${fx.file}.restore-lost.json`);
  }, 180_000);
});
