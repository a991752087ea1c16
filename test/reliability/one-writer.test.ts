import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LedgerInUseError, openLedger } from '../../db/open.ts';
import { MANAGER_PIN, makeFixture } from '../helpers/fixture.ts';
import { type HostChild, runChild, spawnHost } from '../helpers/host-child.ts';
import { ensureDrawer } from './workload.ts';

/**
 * One writer per ledger, as the issue found it: two `npm run host` on one file and 120
 * concurrent checkouts gave 45 HTTP 500s (SQLITE_BUSY: transactions started deferred), and one
 * internal error logged to a stderr on a full disk ended the host.
 */
let fx: ReturnType<typeof makeFixture>;
let productIds: string[];
const hosts: HostChild[] = [];

beforeAll(() => {
  fx = makeFixture();
  ensureDrawer({ app: fx.app, token: fx.manager, productIds: [] });
  productIds = fx.products.filter((p) => p.taxCategory === 'standard').map((p) => p.id);
  // the table a support tool (or any program that ignores our lock) writes into
  fx.app.env.sqlite.exec('CREATE TABLE support_tool (at TEXT)');
  fx.app.close();
}, 60_000);

afterAll(async () => {
  for (const h of hosts) await h.stop();
  fx?.cleanup();
});

async function login(h: HostChild): Promise<string> {
  const r = await h.api('auth.login', { userId: fx.managerId, pin: MANAGER_PIN });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return (r.body.result as { token: string }).token;
}

function checkout(h: HostChild, token: string, i: number) {
  return h.api(
    'sale.checkout',
    {
      lines: [{ productId: productIds[i % productIds.length]!, quantity: 1000 }],
      tenders: [{ method: 'cash', tendered: 100_000 }],
    },
    token,
  );
}

function completedSales(): number {
  const db = new Database(fx.file, { readonly: true });
  try {
    return (db.prepare("SELECT count(*) AS n FROM sales WHERE status = 'completed'").get() as { n: number })
      .n;
  } finally {
    db.close();
  }
}

/**
 * Another program writing the same file without our lock: short write transactions back to back
 * for `ms`, and once a hold longer than the ledger's busy_timeout (5 s).
 */
function supportTool(file: string, ms: number, longHoldMs: number) {
  const script = `
    const Database = require('better-sqlite3');
    const db = new Database(${JSON.stringify(file)}, { timeout: 10000 });
    const ins = db.prepare('INSERT INTO support_tool (at) VALUES (?)');
    const end = Date.now() + ${ms};
    const sleep = (t) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, t);
    let held = false, n = 0;
    while (Date.now() < end) {
      db.exec('BEGIN IMMEDIATE');
      ins.run(new Date().toISOString());
      if (!held && n > 50) { held = true; sleep(${longHoldMs}); } else sleep(2);
      db.exec('COMMIT');
      n++;
      sleep(1);
    }
    console.log('wrote', n);
  `;
  return runChildScript(script);
}

function runChildScript(script: string): Promise<{ code: number | null; out: string }> {
  return new Promise((res) => {
    const c = spawn(process.execPath, ['-e', script], {
      cwd: process.cwd(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    c.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    c.stderr.on('data', (d: Buffer) => {
      out += d.toString();
    });
    c.once('exit', (code) => res({ code, out }));
  });
}

describe('one writer per ledger', () => {
  it('a second host, a writing CLI and a second open in-process are refused at start, naming the holder', async () => {
    const a = await spawnHost(fx.file);
    hosts.push(a);
    const pid = a.child.pid!;
    const b = await spawnHost(fx.file).then(
      (h) => {
        hosts.push(h);
        return { started: true, out: h.output(), code: null as number | null };
      },
      (e: { code: number | null; out: string }) => ({ started: false, out: e.out, code: e.code }),
    );
    expect(b.started, b.out).toBe(false);
    expect(b.code).not.toBe(0);
    expect(b.out).toContain(`already open for writing by`);
    expect(b.out).toContain(`pid ${pid} `);
    // the demo seeder writes: refused the same way
    const seed = await runChild([
      process.execPath,
      '--import',
      'tsx',
      'electron/cli/demo-seed.ts',
      '--db',
      fx.file,
      '--force',
    ]);
    expect(seed.code, seed.out).not.toBe(0);
    expect(seed.out).toContain(`pid ${pid} `);
    let err: unknown;
    try {
      openLedger(fx.file).close();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(LedgerInUseError);
    expect((err as LedgerInUseError).holder).toMatchObject({ pid });
    // the host still sells
    const token = await login(a);
    expect((await checkout(a, token, 0)).status).toBe(200);
    await a.stop();
    hosts.splice(hosts.indexOf(a), 1);
    // once it is gone (however it ended), the ledger opens again
    openLedger(fx.file).close();
  }, 120_000);

  it('a writer that holds the lock dies with kill -9: the next one opens at once', async () => {
    const a = await spawnHost(fx.file);
    a.child.kill('SIGKILL');
    await a.exited;
    openLedger(fx.file).close();
  }, 120_000);

  it('120 concurrent checkouts while another program writes the file: no HTTP 500, busy is LEDGER_BUSY (503)', async () => {
    const a = await spawnHost(fx.file);
    hosts.push(a);
    const token = await login(a);
    const before = completedSales();
    const tool = supportTool(fx.file, 9000, 6000);
    await new Promise((r) => setTimeout(r, 300));
    const replies = await Promise.all(Array.from({ length: 120 }, (_, i) => checkout(a, token, i)));
    const toolDone = await tool;
    expect(toolDone.code, toolDone.out).toBe(0);
    const byStatus: Record<string, number> = {};
    for (const r of replies) {
      const k = r.status === 200 ? '200' : `${r.status} ${r.body.error?.code}`;
      byStatus[k] = (byStatus[k] ?? 0) + 1;
    }
    for (const k of Object.keys(byStatus))
      expect(['200', '503 LEDGER_BUSY'], `${JSON.stringify(byStatus)}\n${a.output()}`).toContain(k);
    // a busy reply wrote nothing; every other checkout is in the ledger
    await a.stop();
    hosts.splice(hosts.indexOf(a), 1);
    expect(completedSales() - before, JSON.stringify(byStatus)).toBe(byStatus['200'] ?? 0);
    expect(byStatus['200'] ?? 0).toBeGreaterThan(100);
  }, 180_000);

  it('stderr on a full disk (/dev/full): an internal error is logged into it and the host keeps selling', async () => {
    const full = openSync('/dev/full', 'w');
    let a: HostChild;
    try {
      a = await spawnHost(fx.file, { stderr: full });
    } finally {
      closeSync(full);
    }
    hosts.push(a);
    const token = await login(a);
    // an internal error: the print queue's table vanishes under the host (another program again)
    const db = new Database(fx.file, { timeout: 10_000 });
    db.exec('ALTER TABLE print_jobs RENAME TO print_jobs_gone');
    const bad = await checkout(a, token, 1);
    db.exec('ALTER TABLE print_jobs_gone RENAME TO print_jobs');
    db.close();
    expect(bad.status).toBe(500);
    expect(bad.body.error?.code).toBe('INTERNAL');
    await new Promise((r) => setTimeout(r, 500));
    expect(a.child.exitCode, a.output()).toBeNull();
    const good = await checkout(a, token, 2);
    expect(good.status, JSON.stringify(good.body)).toBe(200);
    expect(a.child.exitCode).toBeNull();
  }, 120_000);
});
