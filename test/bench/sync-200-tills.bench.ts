import Fastify from 'fastify';
import pg from 'pg';
import { createEnrolCode, createStore } from '../../server/admin.ts';
import { startServer } from '../../server/app.ts';
import { type EnrolResponse, SYNC_PATHS } from '../../shared/sync/protocol.ts';
import { freshPostgres } from '../server/backends.ts';
import { TestTill } from '../server/till.ts';
import { type Bench, log, nowMs, percentile, r3 } from './lib.ts';

/**
 * sync-200-tills: TILLS simulated tills (each its own device, token and signed journal of sales
 * that parse with the ledger's schemas: test/server/till.ts) enrolled in 10 stores push
 * concurrently to ONE head office (startServer on a fresh PostgreSQL database, its default
 * pool): each sends BATCHES batches of PER_BATCH entries back to back, as a busy till does
 * between two sales. `value` = p99 of a batch's round trip; `errors` = answers other than 200
 * (or a network error), which must be 0, and head office must hold every entry once.
 *
 * `baseline` is the floor in the same run: a bare fastify on the same PostgreSQL whose handler
 * inserts the batch's entries into one table in one statement (no auth, parsing, chain, seals or
 * projections), hit by the same tills with the same bodies at the same concurrency.
 */
const TILLS = Number(process.env.BENCH_TILLS ?? 200);
const BATCHES = Number(process.env.BENCH_TILL_BATCHES ?? 10);
const PER_BATCH = Number(process.env.BENCH_TILL_ENTRIES ?? 10);

interface Sim {
  till: TestTill;
  token: string;
}

async function drive(url: string, sims: Sim[]): Promise<{ latencies: number[]; errors: number; ms: number }> {
  const latencies: number[] = [];
  let errors = 0;
  const t0 = nowMs();
  await Promise.all(
    sims.map(async ({ till, token }) => {
      for (let b = 0; b < BATCHES; b++) {
        const from = b * PER_BATCH + 1;
        const body = till.batch(from, from + PER_BATCH - 1);
        const s = nowMs();
        try {
          const r = await fetch(url + SYNC_PATHS.push, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
            body: JSON.stringify({
              ...body,
              head: { seq: from + PER_BATCH - 1, hash: body.entries.at(-1)!.hash },
            }),
          });
          await r.arrayBuffer();
          if (r.status !== 200) errors++;
        } catch {
          errors++;
        }
        latencies.push(nowMs() - s);
      }
    }),
  );
  return { latencies, errors, ms: nowMs() - t0 };
}

const bench: Bench = {
  name: 'sync-200-tills',
  description: `${TILLS} tills pushing ${BATCHES} batches of ${PER_BATCH} entries concurrently to one head office on PostgreSQL`,
  async run() {
    const backend = freshPostgres();
    try {
      const { databaseUrl } = await backend.options();
      // the floor first (its own table in the same database)
      const sims: Sim[] = [];
      const tills = Array.from({ length: TILLS }, (_, i) => {
        const t = new TestTill(`t${String(i).padStart(3, '0')}`);
        for (let n = 0; n < BATCHES * PER_BATCH; n++) t.sale(1000 + n);
        return t;
      });
      const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
      await pool.query(
        'CREATE TABLE floor_entries (device_id text, seq int, payload text, hash text, PRIMARY KEY (device_id, seq))',
      );
      const floor = Fastify({ bodyLimit: 4 * 1024 * 1024 });
      floor.post(SYNC_PATHS.push, async (req) => {
        const b = req.body as { deviceId: string; entries: { seq: number; payload: string; hash: string }[] };
        const values: unknown[] = [];
        const rows = b.entries.map((e, i) => {
          values.push(b.deviceId, e.seq, e.payload, e.hash);
          return `($${i * 4 + 1}, $${i * 4 + 2}, $${i * 4 + 3}, $${i * 4 + 4})`;
        });
        await pool.query(`INSERT INTO floor_entries VALUES ${rows.join(', ')}`, values);
        return { ok: true };
      });
      await floor.listen({ port: 0, host: '127.0.0.1' });
      const floorAddr = floor.server.address();
      const floorUrl = `http://127.0.0.1:${typeof floorAddr === 'object' && floorAddr ? floorAddr.port : 0}`;
      const base = await drive(
        floorUrl,
        tills.map((till) => ({ till, token: 'none' })),
      );
      await floor.close();
      await pool.end();
      log(`floor: p99 ${percentile(base.latencies, 99).toFixed(0)} ms, ${base.errors} errors`);

      const hq = await startServer({ databaseUrl, enrolPerMinute: 100_000 });
      try {
        for (let s = 0; s < 10; s++)
          await createStore(hq.database.db, 'bench', {
            storeId: `store-${s}`,
            name: `Store ${s}`,
            currency: 'CAD',
            timeZone: 'America/Toronto',
          });
        for (const [i, till] of tills.entries()) {
          const { code } = await createEnrolCode(hq.database.db, 'bench', `store-${i % 10}`);
          const r = await fetch(hq.url + SYNC_PATHS.enrol, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({
              code,
              deviceId: till.deviceId,
              tillName: `Caisse ${i}`,
              publicKeyPem: till.publicKeyPem,
            }),
          });
          if (r.status !== 200) throw new Error(`enrol ${i}: ${r.status} ${await r.text()}`);
          sims.push({ till, token: ((await r.json()) as EnrolResponse).token });
        }
        log(`${TILLS} tills enrolled; pushing`);
        const got = await drive(hq.url, sims);
        const stored = (await hq.database.db.execute('SELECT count(*) AS n FROM entries')) as unknown as {
          rows: { n: string }[];
        };
        const held = Number(stored.rows[0]!.n);
        const want = TILLS * BATCHES * PER_BATCH;
        const p99 = percentile(got.latencies, 99);
        const floorP99 = percentile(base.latencies, 99);
        log(`ours: p99 ${p99.toFixed(0)} ms, ${got.errors} errors, ${held}/${want} entries held`);
        return {
          value: r3(p99),
          unit: 'ms',
          p50: r3(percentile(got.latencies, 50)),
          p99: r3(p99),
          baseline: r3(floorP99),
          ratio: r3(p99 / floorP99),
          errors: got.errors,
          held_all: held === want,
          n: got.latencies.length,
          tills: TILLS,
          entries: want,
          entries_per_s: Math.round(want / (got.ms / 1000)),
          target: 'errors = 0, p99 <= 300 ms',
          pass: got.errors === 0 && held === want && p99 <= 300,
        };
      } finally {
        await hq.close();
      }
    } finally {
      await backend.cleanup();
    }
  },
};

export default bench;
