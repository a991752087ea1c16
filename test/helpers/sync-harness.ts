import type Database from 'better-sqlite3';
import { sql } from 'drizzle-orm';
import { sha256Hex, verifyChain } from '../../db/journal.ts';
import type { App } from '../../electron/app/index.ts';
import { headOfficeSync, ledgerSecretStore, type SyncHandle } from '../../electron/app/sync.ts';
import { startTill, type Till } from '../../electron/app/till.ts';
import { createEnrolCode, createStore } from '../../server/admin.ts';
import { type RunningServer, startServer } from '../../server/app.ts';
import { type HqDb, query } from '../../server/db.ts';
import type { SyncStatus } from '../../shared/api/types.ts';
import { type ChainEntry, verifyEntries } from '../../shared/ledger/chain.ts';
import { ensureDrawer, randomStep, rng } from '../reliability/workload.ts';
import type { Backend } from '../server/backends.ts';
import { ADMIN_PIN, type Fixture, makeFixture } from './fixture.ts';

/**
 * The multi-till harness: N tills, each its own SQLite ledger and app instance (the real
 * createApp + startTill with headOfficeSync, the web host's 0600 token store), and one head
 * office (the real startServer on PGlite or PostgreSQL), all on 127.0.0.1. Scripted the way a
 * store lives: enrol from the settings command, sell while head office is away, come back,
 * let the background worker push, then `verifyConverged` checks both sides.
 */

export interface HeadOffice {
  readonly url: string;
  readonly server: RunningServer;
  readonly db: HqDb;
  /** create the store (once) and a one-time enrolment code for it */
  code(storeId: string): Promise<string>;
  close(): Promise<void>;
}

export async function startHeadOffice(backend: Backend): Promise<HeadOffice> {
  const server = await startServer({ ...(await backend.options()), enrolPerMinute: 1000 });
  const made = new Set<string>();
  return {
    url: server.url,
    server,
    db: server.database.db,
    async code(storeId) {
      if (!made.has(storeId)) {
        await createStore(server.database.db, 'harness', {
          storeId,
          name: `Store ${storeId}`,
          currency: 'CAD',
          timeZone: 'America/Toronto',
        });
        made.add(storeId);
      }
      return (await createEnrolCode(server.database.db, 'harness', storeId)).code;
    },
    close: () => server.close(),
  };
}

export interface SyncTuning {
  /** how fast the worker retries (tests shrink the production defaults) */
  backoff?: { baseMs?: number; capMs?: number; floorMs?: number; random?: () => number };
  http?: { timeoutMs?: number };
  heartbeatMs?: number;
  batchSize?: number;
}

export const FAST: SyncTuning = {
  backoff: { baseMs: 20, capMs: 200, floorMs: 5 },
  http: { timeoutMs: 1500 },
  heartbeatMs: 200,
};

export interface HarnessTill {
  readonly name: string;
  readonly f: Fixture;
  readonly app: App;
  readonly sqlite: Database.Database;
  readonly deviceId: string;
  readonly admin: string;
  runtime: Till | null;
  /** the sync worker of the running runtime */
  sync(): SyncHandle;
  /** start the runtime (printing off; sync on) — "the till is switched on" */
  start(tuning?: SyncTuning): void;
  /** stop the runtime; the ledger stays open */
  stop(): Promise<void>;
  /** enrol through the real sync.enrol command (admin session) */
  enrol(url: string, code: string, staleHours?: number): Promise<SyncStatus>;
  /** `n` random valid commands (sales, cancellations, refunds, orders, drawer) */
  work(n: number, seed: number): void;
  /** end of a shift: count, Z report (sealed), and a new session */
  closeDrawer(): void;
  status(): SyncStatus;
  close(): Promise<void>;
}

export function makeTill(name: string): HarnessTill {
  const f = makeFixture({ store: { tillName: name } });
  const { app } = f;
  const admin = app.call('auth.login', { userId: f.adminId, pin: ADMIN_PIN }).token;
  const work = { app, token: f.manager, productIds: f.products.map((p) => p.id) };
  let handle: SyncHandle | null = null;
  const t: HarnessTill = {
    name,
    f,
    app,
    sqlite: app.env.sqlite,
    deviceId: app.env.deviceId,
    admin,
    runtime: null,
    sync() {
      if (!handle) throw new Error(`${name} is not running`);
      return handle;
    },
    start(tuning = FAST) {
      if (t.runtime) return;
      const make = headOfficeSync({ secrets: ledgerSecretStore(f.file), ...tuning });
      t.runtime = startTill(app, {
        printing: false,
        sync: (a) => {
          handle = make(a);
          return handle;
        },
      });
    },
    async stop() {
      const r = t.runtime;
      t.runtime = null;
      handle = null;
      await r?.stop();
    },
    async enrol(url, code, staleHours = 48) {
      return (await app.call('sync.enrol', { url, code, staleHours }, admin)) as SyncStatus;
    },
    work(n, seed) {
      ensureDrawer(work);
      const r = rng(seed);
      for (let i = 0; i < n; i++) randomStep(work, r);
    },
    closeDrawer() {
      ensureDrawer(work);
      app.call('drawer.close', { count: { '2000': 3, '100': 7, '25': 12 } }, f.manager);
      ensureDrawer(work);
    },
    status: () => (handle ? handle.status() : (app.call('sync.status', {}, admin) as SyncStatus)),
    async close() {
      await t.stop();
      f.cleanup();
    },
  };
  return t;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Wait until `ok()` holds (polling); throws with `what()` after `timeoutMs`. */
export async function until(ok: () => boolean | Promise<boolean>, what: () => string, timeoutMs = 30_000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await ok()) return;
    if (Date.now() > end) throw new Error(`timed out waiting: ${what()}`);
    await sleep(20);
  }
}

/** Every till's whole journal acknowledged (the till's own durable record says so). */
export async function untilSynced(tills: HarnessTill[], timeoutMs = 60_000): Promise<void> {
  await until(
    () => tills.every(fullyAcked),
    () =>
      tills
        .map((t) => {
          const s = t.status();
          return `${t.name}: acked ${s.ackedSeq}/${s.lastSeq} ${s.state} ${s.lastError ?? ''}`;
        })
        .join('; '),
    timeoutMs,
  );
}

function fullyAcked(t: HarnessTill): boolean {
  const s = t.status();
  return s.enrolled && s.state === 'online' && s.ackedSeq === s.lastSeq && s.pending === 0;
}

// ---- verification ----

export interface SideFigures {
  entries: number;
  /** sales by status: count and sum of totals */
  sales: Record<string, { n: number; total: number }>;
  /** money received: sale tenders and order payments */
  payments: { n: number; total: number };
  refunds: { n: number; total: number };
  zReports: number;
}

/** What the till's own tables say (the numbers head office must agree with). */
export function tillFigures(sqlite: Database.Database): SideFigures {
  const sales: SideFigures['sales'] = {};
  for (const r of sqlite
    .prepare(
      `SELECT status, count(*) AS n, coalesce(sum(total), 0) AS total FROM sales
       WHERE status NOT IN ('open', 'voided') GROUP BY status`,
    )
    .all() as { status: string; n: number; total: number }[])
    sales[r.status] = { n: r.n, total: r.total };
  const one = (q: string) => sqlite.prepare(q).get() as { n: number; total: number };
  const tenders = one(
    `SELECT count(*) AS n, coalesce(sum(t.amount), 0) AS total FROM tenders t JOIN sales s ON s.id = t.sale_id
     WHERE s.status NOT IN ('open', 'voided')`,
  );
  const orders = one('SELECT count(*) AS n, coalesce(sum(amount), 0) AS total FROM order_payments');
  return {
    entries: (sqlite.prepare('SELECT count(*) AS n FROM journal').get() as { n: number }).n,
    sales,
    payments: { n: tenders.n + orders.n, total: tenders.total + orders.total },
    refunds: one('SELECT count(*) AS n, coalesce(sum(amount), 0) AS total FROM refunds'),
    zReports: (sqlite.prepare('SELECT count(*) AS n FROM z_reports').get() as { n: number }).n,
  };
}

/** What head office's projections say for one till. */
export async function headOfficeFigures(db: HqDb, storeId: string, deviceId: string): Promise<SideFigures> {
  const num = (v: unknown) => Number(v ?? 0);
  const sales: SideFigures['sales'] = {};
  for (const r of await query<{ status: string; n: string; total: string }>(
    db,
    sql`SELECT status, count(*) AS n, coalesce(sum(total), 0) AS total FROM sales
        WHERE store_id = ${storeId} AND device_id = ${deviceId} GROUP BY status`,
  ))
    sales[r.status] = { n: num(r.n), total: num(r.total) };
  const agg = async (table: string) => {
    const [r] = await query<{ n: string; total: string }>(
      db,
      sql`SELECT count(*) AS n, coalesce(sum(amount), 0) AS total FROM ${sql.identifier(table)}
          WHERE store_id = ${storeId} AND device_id = ${deviceId}`,
    );
    return { n: num(r?.n), total: num(r?.total) };
  };
  const [e] = await query<{ n: string }>(
    db,
    sql`SELECT count(*) AS n FROM entries WHERE store_id = ${storeId} AND device_id = ${deviceId}`,
  );
  const [z] = await query<{ n: string }>(
    db,
    sql`SELECT count(*) AS n FROM z_reports WHERE store_id = ${storeId} AND device_id = ${deviceId}`,
  );
  return {
    entries: num(e?.n),
    sales,
    payments: await agg('payments'),
    refunds: await agg('refunds'),
    zReports: num(z?.n),
  };
}

/** Head office's copy of one till's journal, in seq order. */
export async function headOfficeJournal(db: HqDb, storeId: string, deviceId: string): Promise<ChainEntry[]> {
  return query<ChainEntry>(
    db,
    sql`SELECT seq, id, device_id, at, actor, type, payload, prev_hash, hash FROM entries
        WHERE store_id = ${storeId} AND device_id = ${deviceId} ORDER BY seq`,
  );
}

export interface Converged {
  till: SideFigures;
  headOffice: SideFigures;
}

/**
 * Both sides agree on one till: the till's chain verifies; head office holds every seq from 1
 * to the till's head exactly once, each entry byte for byte the till's, and that copy verifies
 * as a chain on its own; head office's acknowledgement is the till's head and the till recorded
 * it; counts and totals of sales (by status), payments, refunds and Z reports are equal.
 * Throws an Error naming the first disagreement.
 */
export async function verifyConverged(
  hq: Pick<HeadOffice, 'db'>,
  t: Pick<HarnessTill, 'name' | 'sqlite' | 'deviceId' | 'status'>,
  storeId: string,
): Promise<Converged> {
  const mine = verifyChain(t.sqlite);
  if (!mine.ok)
    throw new Error(`${t.name}: the till's chain breaks at ${mine.firstBrokenSeq}: ${mine.reason}`);
  const local = t.sqlite.prepare('SELECT * FROM journal ORDER BY seq').all() as ChainEntry[];
  const held = await headOfficeJournal(hq.db, storeId, t.deviceId);
  const seqs = held.map((e) => e.seq);
  if (new Set(seqs).size !== seqs.length) throw new Error(`${t.name}: head office holds a seq twice`);
  if (held.length !== local.length)
    throw new Error(`${t.name}: head office holds ${held.length} entries, the till ${local.length}`);
  for (let i = 0; i < local.length; i++) {
    const a = local[i]!;
    const b = held[i]!;
    for (const k of [
      'seq',
      'id',
      'device_id',
      'at',
      'actor',
      'type',
      'payload',
      'prev_hash',
      'hash',
    ] as const)
      if (a[k] !== b[k]) throw new Error(`${t.name}: entry ${a.seq} differs at head office in ${k}`);
  }
  const theirs = verifyEntries(sha256Hex, held, { deviceId: t.deviceId });
  if (!theirs.ok)
    throw new Error(`${t.name}: head office's copy breaks at ${theirs.firstBrokenSeq}: ${theirs.reason}`);
  const [dev] = await query<{ ack_seq: number; ack_hash: string; refused: string | null }>(
    hq.db,
    sql`SELECT ack_seq, ack_hash, refused FROM devices WHERE store_id = ${storeId} AND device_id = ${t.deviceId}`,
  );
  const head = local[local.length - 1];
  if (!dev || Number(dev.ack_seq) !== (head?.seq ?? 0) || (head && dev.ack_hash !== head.hash))
    throw new Error(`${t.name}: head office acknowledged ${dev?.ack_seq}, the till's head is ${head?.seq}`);
  if (dev.refused) throw new Error(`${t.name}: head office refused the till (${dev.refused})`);
  const s = t.status();
  if (s.ackedSeq !== (head?.seq ?? 0) || s.pending !== 0)
    throw new Error(`${t.name}: the till recorded ack ${s.ackedSeq}, pending ${s.pending}`);
  const till = tillFigures(t.sqlite);
  const headOffice = await headOfficeFigures(hq.db, storeId, t.deviceId);
  if (JSON.stringify(sorted(till)) !== JSON.stringify(sorted(headOffice)))
    throw new Error(
      `${t.name}: figures differ\n till: ${JSON.stringify(sorted(till))}\n  hq: ${JSON.stringify(sorted(headOffice))}`,
    );
  return { till, headOffice };
}

function sorted(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sorted);
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.entries(v as Record<string, unknown>)
        .sort(([x], [y]) => x.localeCompare(y))
        .map(([k, x]) => [k, sorted(x)]),
    );
  return v;
}
