import Database from 'better-sqlite3';
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { query } from '../../server/db.ts';
import type { SyncStatus } from '../../shared/api/types.ts';
import {
  type HarnessTill,
  type HeadOffice,
  headOfficeJournal,
  makeTill,
  startHeadOffice,
  until,
  untilSynced,
} from '../helpers/sync-harness.ts';
import { rechain } from '../helpers/tamper.ts';
import { pglite } from '../server/backends.ts';

/**
 * A till whose ledger was rewritten after head office acknowledged it (tail deleted; an entry
 * edited and re-chained with the public formula), and a till that forked (a backup restored
 * that kept selling): the real worker pushes, head office refuses and raises the alert, keeps
 * what it held, and the till's manager reads why through sync.status (what the banner shows).
 */
const STORE = 'qc-refus';
let hq: HeadOffice | null = null;
let till: HarnessTill | null = null;
afterEach(async () => {
  await till?.close();
  await hq?.close();
  till = null;
  hq = null;
});

async function syncedTill(): Promise<{ hq: HeadOffice; t: HarnessTill; acked: number }> {
  hq = await startHeadOffice(pglite());
  till = makeTill('Caisse R');
  till.start();
  await till.enrol(hq.url, await hq.code(STORE));
  till.work(30, 7);
  await untilSynced([till]);
  await till.stop();
  return { hq, t: till, acked: till.status().ackedSeq };
}

/** what an attacker with the file does: drop the append-only triggers, edit, re-chain */
function tamper(t: HarnessTill, edit: (db: Database.Database) => void): void {
  const db = new Database(t.f.file);
  try {
    db.pragma('foreign_keys = OFF');
    const triggers = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").all() as {
      name: string;
      sql: string;
    }[];
    for (const tr of triggers) db.exec(`DROP TRIGGER "${tr.name}"`);
    edit(db);
    for (const tr of triggers) db.exec(tr.sql);
  } finally {
    db.close();
  }
}

async function refusedAs(h: HeadOffice, t: HarnessTill, reason: string): Promise<SyncStatus> {
  t.start();
  await until(
    () => t.status().state === 'stopped',
    () => JSON.stringify(t.status()),
  );
  // the manager's screen asks sync.status like the banner does
  const seen = t.app.call('sync.status', {}, t.f.manager) as SyncStatus;
  expect(seen.state).toBe('stopped');
  expect(seen.stopped?.reason).toBe(reason);
  const alerts = await query<{ kind: string; device_id: string }>(
    h.db,
    sql`SELECT kind, device_id FROM alerts WHERE store_id = ${STORE}`,
  );
  expect(alerts).toEqual([{ kind: reason, device_id: t.deviceId }]);
  return seen;
}

describe('refused journals, end to end', () => {
  it('a deleted tail: LEDGER_REWRITTEN, alerted, head office keeps what it held', async () => {
    const { hq: h, t, acked } = await syncedTill();
    const before = await headOfficeJournal(h.db, STORE, t.deviceId);
    tamper(t, (db) => db.prepare('DELETE FROM journal WHERE seq > ?').run(acked - 6));
    const s = await refusedAs(h, t, 'LEDGER_REWRITTEN');
    expect(s.stopped?.detail).toMatchObject({ ackSeq: acked, tillSeq: acked - 6 });
    expect(await headOfficeJournal(h.db, STORE, t.deviceId)).toEqual(before);
  });

  it('an entry edited below the ack and the chain recomputed: LEDGER_REWRITTEN', async () => {
    const { hq: h, t, acked } = await syncedTill();
    const before = await headOfficeJournal(h.db, STORE, t.deviceId);
    tamper(t, (db) => {
      const seq = acked - 10;
      db.prepare("UPDATE journal SET actor = 'someone-else' WHERE seq = ?").run(seq);
      rechain(db, seq);
    });
    const s = await refusedAs(h, t, 'LEDGER_REWRITTEN');
    expect(s.stopped?.detail).toMatchObject({ ackSeq: acked });
    expect(await headOfficeJournal(h.db, STORE, t.deviceId)).toEqual(before);
  });

  it('a restored backup that kept selling: FORK, alerted, nothing of the branch stored', async () => {
    const { hq: h, t, acked } = await syncedTill();
    const before = await headOfficeJournal(h.db, STORE, t.deviceId);
    const back = acked - 8;
    // the backup was taken when head office had acknowledged `back`: its journal and its sync row
    tamper(t, (db) => {
      db.prepare('DELETE FROM journal WHERE seq > ?').run(back);
      const { hash } = db.prepare('SELECT hash FROM journal WHERE seq = ?').get(back) as { hash: string };
      db.prepare('UPDATE sync_state SET acked_seq = ?, acked_hash = ?').run(back, hash);
    });
    t.work(15, 99); // the restored till sells on: another branch from `back`
    const s = await refusedAs(h, t, 'FORK');
    expect(s.stopped?.detail).toMatchObject({ seq: back + 1 });
    expect(await headOfficeJournal(h.db, STORE, t.deviceId)).toEqual(before);
  });
});
