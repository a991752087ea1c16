import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
import { SYNC_LIMITS, SYNC_PATHS } from '../../shared/sync/protocol.ts';
import { yearLedger } from './gen/year-ledger.ts';
import { type Bench, log, nowMs, r3 } from './lib.ts';

/**
 * A till that was offline for 30 days (~15k sales, ~500 a day: the generated year ledger with
 * BENCH_CATCHUP_SALES sales, default 15,000 — its dates do not matter to a push) comes back:
 * from the moment its runtime starts (startTill + headOfficeSync, the real worker and HTTP
 * client) until its own sync row records everything acknowledged by head office (startServer,
 * embedded PGlite in memory, loopback). Target ≤ 10 s.
 *
 * `baseline` is the floor, measured in the same run on a second fresh head office: the same
 * entries read with the same SELECT in the same batch size and POSTed back to back by a bare
 * loop (fetch, keep-alive), with no acknowledgement bookkeeping, status or backoff. `ratio` =
 * ours / floor: what the worker adds over "just send it" (the server's own work is in both).
 */
const SALES = Number(process.env.BENCH_CATCHUP_SALES ?? 15_000);

async function headOffice(store: string) {
  const hq = await startServer({});
  await createStore(hq.database.db, 'bench', {
    storeId: store,
    name: store,
    currency: 'CAD',
    timeZone: 'America/Toronto',
  });
  const { code } = await createEnrolCode(hq.database.db, 'bench', store);
  return { hq, code };
}

const bench: Bench = {
  name: 'sync-catch-up-30d',
  description: `a till 30 days offline (${SALES} sales) fully acknowledged by head office, end to end`,
  async run() {
    const src = yearLedger(SALES);
    const dir = mkdtempSync(join(tmpdir(), 'bench-catchup-'));
    const file = join(dir, 'till.sqlite');
    copyFileSync(src, file);
    const app = createApp({ file, secrets: memorySecretBox() });
    const sqlite = app.env.sqlite;
    const head = lastSeq(sqlite);
    const enrolReq = {
      deviceId: app.env.deviceId,
      tillName: 'Caisse bench',
      publicKeyPem: app.secrets.publicKeyPem,
    };
    try {
      // the floor: a bare pusher, same entries, same batches
      const floorHq = await headOffice('floor');
      let floorMs: number;
      try {
        const { token } = await requestEnrolment(floorHq.hq.url, { code: floorHq.code, ...enrolReq });
        const t0 = nowMs();
        let after = 0;
        let prev = { seq: 0, hash: GENESIS_HASH };
        while (after < head) {
          const entries = readEntries(sqlite, after, SYNC_LIMITS.recommendedEntries);
          const last = entries[entries.length - 1]!;
          const r = await fetch(floorHq.hq.url + SYNC_PATHS.push, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
            body: JSON.stringify({
              deviceId: enrolReq.deviceId,
              head: {
                seq: head,
                hash: sqlite.prepare('SELECT hash FROM journal WHERE seq = ?').pluck().get(head),
              },
              pending: head - after,
              entries,
            }),
          });
          if (r.status !== 200) throw new Error(`floor push: ${r.status} ${await r.text()}`);
          await r.json();
          prev = { seq: last.seq, hash: last.hash };
          after = last.seq;
        }
        floorMs = nowMs() - t0;
        log(`floor: ${head} entries in ${floorMs.toFixed(0)} ms (last ${prev.seq})`);
      } finally {
        await floorHq.hq.close();
      }

      // ours: the till's runtime and worker
      const { hq, code } = await headOffice('catchup');
      try {
        const secrets = memorySecretStore();
        const got = await requestEnrolment(hq.url, { code, ...enrolReq });
        secrets.set(DEVICE_TOKEN, got.token);
        const at = new Date().toISOString();
        // what sync.enrol's command writes (its journal entry aside: the generated till has no admin PIN here)
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
        let progressSeen = false;
        for (;;) {
          const s = (handle as SyncHandle | null)!.status();
          if (s.catchUp) progressSeen = true;
          if (s.ackedSeq === head) break;
          await new Promise((r) => setTimeout(r, 5));
        }
        const ms = nowMs() - t0;
        await till.stop();
        log(`ours: ${head} entries in ${ms.toFixed(0)} ms`);
        const sales = sqlite
          .prepare("SELECT count(*) FROM sales WHERE status != 'open'")
          .pluck()
          .get() as number;
        return {
          value: r3(ms / 1000),
          unit: 's',
          baseline: r3(floorMs / 1000),
          ratio: r3(ms / floorMs),
          entries: head,
          sales,
          entries_per_s: Math.round(head / (ms / 1000)),
          progress_bar_shown: progressSeen,
          target: '<= 10 s',
          pass: ms <= 10_000,
        };
      } finally {
        await hq.close();
      }
    } finally {
      app.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

export default bench;
