import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../server/app.ts';
import { query } from '../../server/db.ts';
import { verifyEntries } from '../../shared/ledger/chain.ts';
import { createAdmin, enrolTill } from './admin-helpers.ts';
import { BACKENDS } from './backends.ts';
import { call } from './http.ts';
import { sha256Hex, TestTill } from './till.ts';

/**
 * Head office is stateless over its database: two instances on one PostgreSQL take pushes of
 * one till alternately and at the same moment, and every entry is stored exactly once.
 * (PGlite is one process's database: the concurrency half runs on one instance there.)
 */
describe.each(BACKENDS)('instances on $name', (backend) => {
  let a: RunningServer;
  let b: RunningServer;
  beforeAll(async () => {
    const opts = await backend.options();
    a = await startServer(opts);
    b = backend.name === 'postgres' ? await startServer(opts) : a;
    await createAdmin(a.database.db, 'qc-mtl');
  });
  afterAll(async () => {
    if (b !== a) await b?.close();
    await a?.close();
    await backend.cleanup();
  });

  async function stored(deviceId: string) {
    return query<{
      seq: number;
      hash: string;
      prev_hash: string;
      id: string;
      device_id: string;
      at: string;
      actor: string;
      type: string;
      payload: string;
    }>(
      a.database.db,
      sql`SELECT seq, id, device_id, at, actor, type, payload, prev_hash, hash FROM entries WHERE store_id = 'qc-mtl' AND device_id = ${deviceId} ORDER BY seq`,
    );
  }

  it('pushes alternating between instances, and ten concurrent copies of each batch to both: every entry once', async () => {
    const till = new TestTill('multi-1');
    const { token } = await enrolTill(a.url, a.database.db, 'qc-mtl', till);
    till.sales(200);
    // alternate instances, batches of 20
    for (let from = 1, i = 0; from <= 100; from += 20, i++) {
      const hq = i % 2 ? b : a;
      const r = await call(hq.url, 'POST', '/api/v1/push', { token, body: till.batch(from, from + 19) });
      expect(r.body).toMatchObject({ ackSeq: from + 19, stored: 20 });
    }
    // the same batches sent 5 times to each instance at once (a till whose requests were duplicated)
    for (let from = 101; from <= 200; from += 50) {
      const body = till.batch(from, from + 49);
      const replies = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          call((i % 2 ? b : a).url, 'POST', '/api/v1/push', { token, body }),
        ),
      );
      expect(replies.map((r) => r.status)).toEqual(Array(10).fill(200));
      expect(replies.map((r) => r.body.ackSeq)).toEqual(Array(10).fill(from + 49));
      expect(replies.reduce((n, r) => n + (r.body.stored as number), 0)).toBe(50);
    }
    const rows = await stored('multi-1');
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    expect(verifyEntries(sha256Hex, rows).ok).toBe(true);
    const sales = await query<{ n: number }>(
      a.database.db,
      sql`SELECT count(*)::int AS n FROM sales WHERE store_id = 'qc-mtl' AND device_id = 'multi-1'`,
    );
    expect(sales[0]!.n).toBe(200);
    const st = await call(b.url, 'GET', '/api/v1/status', { token });
    expect(st.body).toMatchObject({ ackSeq: 200, ackHash: till.head.hash });
  });
});
