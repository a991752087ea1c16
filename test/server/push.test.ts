import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../server/app.ts';
import { query } from '../../server/db.ts';
import { GENESIS_HASH } from '../../shared/ledger/chain.ts';
import { createAdmin, enrolTill } from './admin-helpers.ts';
import { BACKENDS } from './backends.ts';
import { call } from './http.ts';
import { TestTill } from './till.ts';

describe.each(BACKENDS)('push on $name', (backend) => {
  let hq: RunningServer;
  beforeAll(async () => {
    hq = await startServer(await backend.options());
    await createAdmin(hq.database.db, 'qc-mtl');
  });
  afterAll(async () => {
    await hq?.close();
    await backend.cleanup();
  });

  it('stores a till journal once, acknowledges the highest contiguous seq, a resend is a no-op', async () => {
    const till = new TestTill('till-a');
    const { token } = await enrolTill(hq.url, hq.database.db, 'qc-mtl', till);
    const st0 = await call(hq.url, 'GET', '/api/v1/status', { token });
    expect(st0.body).toMatchObject({ ackSeq: 0, ackHash: GENESIS_HASH, storeId: 'qc-mtl', refused: null });
    till.openDrawer('ds-1');
    till.sales(10);
    const r1 = await call(hq.url, 'POST', '/api/v1/push', { token, body: till.batch(1) });
    expect(r1).toEqual({ status: 200, body: { ackSeq: 11, ackHash: till.head.hash, stored: 11 } });
    const again = await call(hq.url, 'POST', '/api/v1/push', { token, body: till.batch(1) });
    expect(again).toEqual({ status: 200, body: { ackSeq: 11, ackHash: till.head.hash, stored: 0 } });
    const rows = await query<{ n: number; total: number }>(
      hq.database.db,
      sql`SELECT count(*)::int AS n, sum(total)::int AS total FROM sales WHERE store_id = 'qc-mtl' AND device_id = 'till-a'`,
    );
    expect(rows[0]).toEqual({ n: 10, total: 10 * 1000 + 45 });
  });
});
