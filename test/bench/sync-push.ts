import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import expressPouchdb from 'express-pouchdb';
import PouchDB from 'pouchdb';
import memoryAdapter from 'pouchdb-adapter-memory';
import { lastSeq } from '../../db/journal.ts';
import { memorySecretBox } from '../../electron/app/device-secrets.ts';
import { createApp } from '../../electron/app/index.ts';
import { headOfficeSync, type SyncHandle } from '../../electron/app/sync.ts';
import { startTill } from '../../electron/app/till.ts';
import { requestEnrolment } from '../../electron/sync/enrol.ts';
import { readEntries } from '../../electron/sync/outbox.ts';
import { DEVICE_TOKEN, memorySecretStore } from '../../electron/sync/secrets.ts';
import { createEnrolCode, createStore } from '../../server/admin.ts';
import { startServer } from '../../server/app.ts';
import { GENESIS_HASH } from '../../shared/ledger/chain.ts';
import { SYNC_LIMITS } from '../../shared/sync/protocol.ts';
import { freshPostgres } from '../server/backends.ts';
import { yearLedger } from './gen/year-ledger.ts';
import { type BenchResult, log, nowMs, r3 } from './lib.ts';

/**
 * sync-push-100k and sync-push-100k-pglite: one till's journal of ENTRIES entries (the generated
 * year ledger, cut at ENTRIES: real sales, Z reports, refunds, closings, logins) pushed to head
 * office on loopback by the till's own runtime (startTill + headOfficeSync: the real worker, its
 * batch size, its HTTP client), from the moment it starts until its sync row records the last
 * entry acknowledged. Head office is startServer on a fresh PostgreSQL database or on PGlite in
 * memory: it parses every entry with the ledger's schemas, checks the chain and the seals, and
 * stores entries and projections.
 *
 * The peer, in the same run: PouchDB 9 replicating the same entries as documents (one per
 * entry, `_id` = the zero-padded seq, the entry's fields as the body) from a local database to
 * express-pouchdb (pouchdb-server's HTTP layer) on loopback, both sides on PouchDB's memory
 * adapter (its fastest), `batch_size` = our batch size. `ratio` = our time / PouchDB's.
 */
export const ENTRIES = Number(process.env.BENCH_PUSH_ENTRIES ?? 100_000);
// the year ledger writes ~1.075 entries per sale: 94,000 sales give ~101k entries, cut at 100,000
const SALES = Math.ceil(ENTRIES * 0.94);

/** A copy of the generated ledger with exactly ENTRIES journal entries. */
function ledgerOf(dir: string): string {
  const file = join(dir, 'till.sqlite');
  copyFileSync(yearLedger(SALES), file);
  const db = new Database(file);
  try {
    const n = db.prepare('SELECT max(seq) FROM journal').pluck().get() as number;
    if (n < ENTRIES) throw new Error(`the generated ledger has ${n} entries, fewer than ${ENTRIES}`);
    if (n > ENTRIES) {
      // the journal is append-only by trigger: drop them in this throw-away copy to cut its tail
      db.pragma('foreign_keys = OFF');
      const triggers = db
        .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'journal'")
        .all() as { name: string; sql: string }[];
      for (const t of triggers) db.exec(`DROP TRIGGER "${t.name}"`);
      db.prepare('DELETE FROM journal WHERE seq > ?').run(ENTRIES);
      for (const t of triggers) db.exec(t.sql);
    }
  } finally {
    db.close();
  }
  return file;
}

let pouchRuns = 0;
let pouchServer: { Mem: ReturnType<typeof PouchDB.defaults>; app: ReturnType<typeof expressPouchdb> } | null =
  null;

async function pouchPeer(file: string): Promise<{ ms: number; docs: number }> {
  // PouchDB's memory databases and express-pouchdb's hooks live as long as the process: a second
  // run (sync-push-100k then sync-push-100k-pglite) reuses the one express-pouchdb app (a second
  // one hooks PouchDB again and its all-dbs list answers 409) and databases of its own names
  if (!pouchServer) {
    PouchDB.plugin(memoryAdapter);
    const Mem = PouchDB.defaults({ adapter: 'memory' });
    pouchServer = {
      Mem,
      app: expressPouchdb(Mem, { mode: 'minimumForPouchDB', inMemoryConfig: true, logPath: '/dev/null' }),
    };
  }
  const { Mem, app } = pouchServer;
  const run = `${process.pid}-${++pouchRuns}`;
  const server = createServer(app);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  const sqlite = new Database(file, { readonly: true });
  const local = new Mem(`till-${run}`);
  try {
    // the till's journal as documents (not timed)
    let after = 0;
    let docs = 0;
    for (;;) {
      const rows = readEntries(sqlite, after, 5000);
      if (!rows.length) break;
      await local.bulkDocs(rows.map((e) => ({ _id: String(e.seq).padStart(10, '0'), ...e })));
      docs += rows.length;
      after = rows[rows.length - 1]!.seq;
    }
    const remote = new PouchDB(`http://127.0.0.1:${port}/hq-${run}`);
    const t0 = nowMs();
    const r = await local.replicate.to(remote, { batch_size: SYNC_LIMITS.recommendedEntries });
    const ms = nowMs() - t0;
    if (r.docs_written !== docs) throw new Error(`PouchDB wrote ${r.docs_written} of ${docs} documents`);
    const info = await remote.info();
    if (info.doc_count !== docs) throw new Error(`pouchdb-server holds ${info.doc_count} of ${docs}`);
    await remote.destroy().catch(() => {});
    return { ms, docs };
  } finally {
    sqlite.close();
    await local.destroy().catch(() => {});
    await new Promise<void>((r) => server.close(() => r()));
  }
}

async function ours(file: string, databaseUrl: string | undefined): Promise<{ ms: number; entries: number }> {
  const hq = await startServer({ databaseUrl, poolSize: 4 });
  const app = createApp({ file, secrets: memorySecretBox() });
  try {
    const sqlite = app.env.sqlite;
    const head = lastSeq(sqlite);
    await createStore(hq.database.db, 'bench', {
      storeId: 'push',
      name: 'push',
      currency: 'CAD',
      timeZone: 'America/Toronto',
    });
    const { code } = await createEnrolCode(hq.database.db, 'bench', 'push');
    const got = await requestEnrolment(hq.url, {
      code,
      deviceId: app.env.deviceId,
      tillName: 'Caisse bench',
      publicKeyPem: app.secrets.publicKeyPem,
    });
    const secrets = memorySecretStore();
    secrets.set(DEVICE_TOKEN, got.token);
    const at = new Date().toISOString();
    // what sync.enrol's command writes (its journal entry aside: the generated till has no admin session here)
    sqlite
      .prepare(
        `INSERT INTO sync_state (id, head_office, store_id, enrolled_at, enrol_seq, stale_hours, acked_seq, acked_hash, last_contact_at)
         VALUES (1, ?, ?, ?, ?, 48, 0, ?, ?)`,
      )
      .run(hq.url, got.storeId, at, head, GENESIS_HASH, at);
    let handle: SyncHandle | null = null;
    const make = headOfficeSync({ secrets });
    const t0 = nowMs();
    const till = startTill(app, {
      printing: false,
      sync: (a) => {
        handle = make(a);
        return handle;
      },
    });
    let lastLog = t0;
    for (;;) {
      const s = (handle as SyncHandle | null)!.status();
      if (s.ackedSeq === head) break;
      if (s.stopped) throw new Error(`head office stopped the till: ${JSON.stringify(s.stopped)}`);
      if (nowMs() - lastLog > 5000) {
        lastLog = nowMs();
        log(`  ours: ${s.ackedSeq}/${head} acknowledged`);
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    const ms = nowMs() - t0;
    await till.stop();
    const stored = (await hq.database.db.execute('SELECT count(*) AS n FROM entries')) as unknown as {
      rows: { n: string | number }[];
    };
    if (Number(stored.rows[0]!.n) !== head)
      throw new Error(`head office holds ${stored.rows[0]!.n} of ${head}`);
    return { ms, entries: head };
  } finally {
    app.close();
    await hq.close();
  }
}

export async function pushBench(backend: 'postgres' | 'pglite'): Promise<BenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-push-'));
  const pg = backend === 'postgres' ? freshPostgres() : null;
  try {
    const file = ledgerOf(dir);
    const peer = await pouchPeer(file);
    log(`PouchDB → express-pouchdb: ${peer.docs} documents in ${peer.ms.toFixed(0)} ms`);
    const databaseUrl = pg ? (await pg.options()).databaseUrl : undefined;
    const mine = await ours(file, databaseUrl);
    log(`ours (${backend}): ${mine.entries} entries in ${mine.ms.toFixed(0)} ms`);
    return {
      value: r3(mine.ms / 1000),
      unit: 's',
      baseline: r3(peer.ms / 1000),
      ratio: r3(mine.ms / peer.ms),
      entries: mine.entries,
      entries_per_s: Math.round(mine.entries / (mine.ms / 1000)),
      pouchdb_docs_per_s: Math.round(peer.docs / (peer.ms / 1000)),
      batch: SYNC_LIMITS.recommendedEntries,
      target: '<= 10 s, ratio <= 0.2',
      pass: mine.ms <= 10_000 && mine.ms / peer.ms <= 0.2,
    };
  } finally {
    await pg?.cleanup();
    rmSync(dir, { recursive: true, force: true });
  }
}
