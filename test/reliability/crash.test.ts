import { type ChildProcess, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyChain } from '../../db/journal.ts';
import { openLedger } from '../../db/open.ts';
import { MANAGER_PIN, makeFixture } from '../helpers/fixture.ts';

/**
 * Crash: a child process runs random valid commands on a ledger file; the parent kills it
 * with SIGKILL at a random moment (20–300 ms after it is ready), then checks the file:
 * it opens, the chain verifies, every sale the child reported as committed is there (and
 * not open), receipt numbers are gapless, the drawer sums agree — then restarts the child.
 * COMPTOIR_CRASH_KILLS sets the number of kills (default 20, which keeps the suite inside its
 * 15 minutes; a soak run sets 1000); COMPTOIR_CRASH_SEED replays a run.
 */
const KILLS = Math.max(1, Number(process.env.COMPTOIR_CRASH_KILLS ?? 20) || 20);
const SEED = Number(process.env.COMPTOIR_CRASH_SEED ?? Math.floor(Math.random() * 2 ** 31));
const CHILD = join(process.cwd(), 'test/helpers/crash-child.ts');

const children = new Set<ChildProcess>();
let dir: string | null = null;
afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** mulberry32: the parent's kill delays and child seeds, replayable from SEED */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Run {
  committed: { id: string; receipt: number }[];
  killedAfterReady: boolean;
  /** ms from `go` to `ready` (open + migrate check + tail check + login + drawer) */
  startMs: number;
}

/**
 * A child that has loaded its modules (Node type-stripping + the app take seconds on a busy machine) and
 * waits for `go`: the next victim is started while the parent checks the ledger.
 */
interface Warm {
  loaded: Promise<void>;
  /** tell it to open the ledger and work; kill it `delayMs` after it says ready */
  run(seed: number, delayMs: number): Promise<Run>;
}

function spawnWarm(file: string, env: NodeJS.ProcessEnv): Warm {
  const child = spawn(process.execPath, ['--experimental-transform-types', '--no-warnings', CHILD, file], {
    cwd: process.cwd(),
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  children.add(child);
  let out = '';
  let err = '';
  let killed = false;
  let ready = false;
  let goAt = 0;
  let startMs = 0;
  let delay = 0;
  const committed: Run['committed'] = [];
  let onLoaded: () => void = () => {};
  let onFail: (e: Error) => void = () => {};
  let onDone: (r: Run) => void = () => {};
  const loaded = new Promise<void>((res, rej) => {
    onLoaded = res;
    onFail = rej;
  });
  const done = new Promise<Run>((res, rej) => {
    onDone = res;
    const prev = onFail;
    onFail = (e) => {
      prev(e);
      rej(e);
    };
  });
  done.catch(() => {}); // observed through run()
  loaded.catch(() => {});
  child.stdout!.setEncoding('utf8');
  child.stderr!.setEncoding('utf8');
  child.stdout!.on('data', (chunk: string) => {
    out += chunk;
    let nl = out.indexOf('\n');
    while (nl >= 0) {
      const line = out.slice(0, nl);
      out = out.slice(nl + 1);
      nl = out.indexOf('\n');
      if (line === 'loaded') onLoaded();
      else if (line === 'ready' && !ready) {
        ready = true;
        startMs = Date.now() - goAt;
        setTimeout(() => {
          killed = true;
          child.kill('SIGKILL');
        }, delay);
      } else {
        const m = /^committed (\S+) (\d+)$/.exec(line);
        if (m) committed.push({ id: m[1]!, receipt: Number(m[2]) });
      }
    }
    // a partial last line (cut by the kill) is not a report: it stays in `out` and is dropped
  });
  child.stderr!.on('data', (c: string) => {
    err += c;
  });
  child.on('error', (e) => onFail(e));
  // 'close', not 'exit': every line the child wrote has been read by then
  child.on('close', (code, signal) => {
    children.delete(child);
    if (killed && signal === 'SIGKILL') onDone({ committed, killedAfterReady: ready, startMs });
    else onFail(new Error(`child exited on its own (code ${code}, signal ${signal}):\n${err}`));
  });
  return {
    loaded,
    async run(seed, delayMs) {
      await loaded;
      delay = delayMs;
      goAt = Date.now();
      child.stdin!.write(`go ${seed}\n`);
      return done;
    },
  };
}

type Q = <T>(sql: string, ...p: unknown[]) => T[];

/** Every check made on the ledger after a kill. Returns the number of journal entries. */
function checkLedger(file: string, reported: Map<string, number>): { entries: number; sales: number } {
  const ledger = openLedger(file); // migrates (no-op) and checks the chain's tail: throws if broken
  try {
    const s = ledger.sqlite;
    const q: Q = (sql, ...p) => s.prepare(sql).all(...p) as never;
    const v = verifyChain(s);
    expect(v, 'chain verifies').toMatchObject({ ok: true, firstBrokenSeq: null });

    // every journal entry has its outbox row (written in the same transaction)
    const [jo] = q<{ j: number; o: number }>(
      "SELECT (SELECT count(*) FROM journal) AS j, (SELECT count(*) FROM outbox WHERE topic = 'journal') AS o",
    );
    expect(jo!.o, 'one outbox row per journal entry').toBe(jo!.j);

    // Everything below is checked with a few grouped queries and the mismatches collected, so
    // a check costs O(ledger) whatever the number of kills (per-session queries and one
    // expect() per sale made a 1,000-kill run quadratic).
    const problems: string[] = [];

    // every sale reported as committed is there, numbered as reported, and not open
    const byId = new Map(
      q<{ id: string; status: string; receipt_number: number | null }>(
        'SELECT id, status, receipt_number FROM sales',
      ).map((r) => [r.id, r]),
    );
    for (const [id, receipt] of reported) {
      const row = byId.get(id);
      if (!row) problems.push(`committed sale ${id} (#${receipt}) is not in the ledger`);
      else if (row.status === 'open') problems.push(`committed sale ${id} is open`);
      else if (row.receipt_number !== receipt)
        problems.push(`sale ${id} has receipt ${row.receipt_number}, reported ${receipt}`);
    }

    // receipt numbers are gapless 1..n and the counter agrees
    const receipts = q<{ r: number }>(
      'SELECT receipt_number AS r FROM sales WHERE receipt_number IS NOT NULL ORDER BY receipt_number',
    ).map((x) => x.r);
    const gap = receipts.findIndex((r, i) => r !== i + 1);
    if (gap >= 0) problems.push(`receipt number at position ${gap + 1} is ${receipts[gap]}`);
    const [counter] = q<{ value: number }>("SELECT value FROM counters WHERE name = 'receipt'");
    if ((counter?.value ?? 0) !== receipts.length)
      problems.push(`receipt counter ${counter?.value} for ${receipts.length} receipts`);
    // a completed (or later cancelled/refunded) sale has a receipt; an open one has none
    for (const r of q<{ id: string }>(
      "SELECT id FROM sales WHERE (status = 'open') != (receipt_number IS NULL)",
    ))
      problems.push(`sale ${r.id}: open iff no receipt number`);

    // drawer sums, session by session (one grouped query per figure)
    if (q("SELECT id FROM drawer_sessions WHERE status = 'open'").length > 1)
      problems.push('two open drawers');
    const grouped = (sql: string) => new Map(q<{ k: string; t: number }>(sql).map((r) => [r.k, r.t]));
    const moves = grouped(
      "SELECT session_id || '|' || kind AS k, sum(amount) AS t FROM drawer_movements GROUP BY session_id, kind",
    );
    const allMoves = grouped(
      'SELECT session_id AS k, sum(amount) AS t FROM drawer_movements GROUP BY session_id',
    );
    const cashTenders = grouped(
      `SELECT s.drawer_session_id AS k, sum(t.amount) AS t FROM tenders t JOIN sales s ON s.id = t.sale_id
       WHERE t.method = 'cash' GROUP BY s.drawer_session_id`,
    );
    const cashRefunds = grouped(
      "SELECT drawer_session_id AS k, sum(amount) AS t FROM refunds WHERE channel = 'cash' GROUP BY drawer_session_id",
    );
    const cashOrderPayments = grouped(
      `SELECT drawer_session_id AS k, sum(amount + cash_rounding) AS t FROM order_payments
       WHERE method = 'cash' GROUP BY drawer_session_id`,
    );
    const zs = new Set(
      q<{ k: string }>("SELECT number || '|' || session_id AS k FROM z_reports").map((r) => r.k),
    );
    for (const d of q<{
      id: string;
      number: number;
      status: string;
      float: number;
      expected: number | null;
      counted: number | null;
      over_short: number | null;
      z_number: number | null;
    }>('SELECT * FROM drawer_sessions ORDER BY number')) {
      const label = `drawer session ${d.number}`;
      const mv = (kind: string) => moves.get(`${d.id}|${kind}`) ?? 0;
      const same = (what: string, got: number | null, want: number | null) => {
        if (got !== want) problems.push(`${label}: ${what} ${got}, expected ${want}`);
      };
      same('float', mv('float'), d.float);
      same('cash sales (= cash tenders)', mv('sale'), cashTenders.get(d.id) ?? 0);
      same('cash refunds', mv('refund'), 0 - (cashRefunds.get(d.id) ?? 0));
      same('cash order payments', mv('order_payment'), cashOrderPayments.get(d.id) ?? 0);
      if (d.status === 'closed') {
        same('expected (= float + cash in − cash out)', d.expected, allMoves.get(d.id) ?? 0);
        same('over/short', d.over_short, d.counted! - d.expected!);
        if (!zs.has(`${d.z_number}|${d.id}`)) problems.push(`${label}: no Z report ${d.z_number}`);
      }
    }
    expect(problems).toEqual([]);
    return { entries: v.entries, sales: receipts.length };
  } finally {
    ledger.close();
  }
}

describe('crash: SIGKILL at random moments never loses a committed sale nor breaks the ledger', () => {
  it(
    `${KILLS} kills of a till running random commands (seed ${SEED})`,
    async () => {
      const f = makeFixture();
      const file = join(f.dir, 'crash.sqlite');
      f.app.close();
      // seed once: users, products, a customer (the child reopens this existing file every time)
      const seedF = makeFixture({ file });
      dir = f.dir;
      const login = {
        userId: seedF.managerId,
        pin: MANAGER_PIN,
        productIds: seedF.products.map((p) => p.id),
      };
      seedF.app.close();
      rmSync(seedF.dir, { recursive: true, force: true });

      const env = { ...process.env, COMPTOIR_CRASH_LOGIN: JSON.stringify(login) };
      const r = rng(SEED);
      const reported = new Map<string, number>();
      const t0 = Date.now();
      let last = { entries: 0, sales: 0 };
      let readyKills = 0;
      let startMs = 0;
      // two victims load their modules ahead (one per core) while the current one works and is checked
      const pool = [spawnWarm(file, env), ...(KILLS > 1 ? [spawnWarm(file, env)] : [])];
      let spawned = pool.length;
      for (let k = 0; k < KILLS; k++) {
        const delay = 20 + Math.floor(r() * 281);
        const seed = Math.floor(r() * 2 ** 31);
        const current = pool.shift()!;
        const result = current.run(seed, delay);
        if (spawned < KILLS) {
          pool.push(spawnWarm(file, env));
          spawned++;
        }
        const run = await result;
        if (run.killedAfterReady) readyKills++;
        startMs += run.startMs;
        for (const c of run.committed) {
          expect(reported.has(c.id), `sale ${c.id} reported once`).toBe(false);
          reported.set(c.id, c.receipt);
        }
        last = checkLedger(file, reported);
      }
      // the figures of this run, for the record
      console.log(
        `crash: ${KILLS} SIGKILLs (${readyKills} mid-work), ${reported.size} sales reported committed, ` +
          `${last.sales} receipts, ${last.entries} journal entries, ${((Date.now() - t0) / 1000).toFixed(1)} s ` +
          `(go → ready ${Math.round(startMs / KILLS)} ms on average), seed ${SEED}`,
      );
      expect(readyKills).toBe(KILLS);
      expect(reported.size).toBeGreaterThan(0);
      expect(last.sales).toBeGreaterThanOrEqual(reported.size);
      // about 0.6 s a kill on 2 cores (spawn, random work, kill, reopen, verify): room for a loaded machine
    },
    Math.max(600_000, KILLS * 3_000),
  );
});
