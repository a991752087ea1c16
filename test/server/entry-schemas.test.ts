import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../../server/app.ts';
import { query } from '../../server/db.ts';
import { createAdmin, enrolTill } from './admin-helpers.ts';
import { BACKENDS } from './backends.ts';
import { call } from './http.ts';
import { snapshot } from './state.ts';
import { TestTill, ulidOf } from './till.ts';

/**
 * Head office parses EVERY entry with the ledger's schemas (shared/ledger/entries.ts), not only
 * the types it projects: one entry that no till could have written refuses the whole batch with
 * ENTRY_INVALID naming its seq, type and field, and nothing is stored (whole database compared).
 */
describe.each(BACKENDS)('entry schemas on $name', (backend) => {
  let hq: RunningServer;
  beforeAll(async () => {
    hq = await startServer({ ...(await backend.options()), enrolPerMinute: 1000 });
    await createAdmin(hq.database.db, 'qc-mtl');
  });
  afterAll(async () => {
    await hq?.close();
    await backend.cleanup();
  });

  const push = (token: string, body: unknown) => call(hq.url, 'POST', '/api/v1/push', { token, body });

  async function refusedUnchanged(
    till: TestTill,
    token: string,
    want: { seq: number; type: string; field: string },
  ) {
    const before = await snapshot(hq.database.db);
    const r = await push(token, till.batch(1));
    expect(r).toMatchObject({
      status: 422,
      body: { code: 'ENTRY_INVALID', details: { seq: want.seq, type: want.type } },
    });
    const fields = (r.body as { details: { fields: { path: string }[] } }).details.fields.map((f) => f.path);
    expect(fields).toContain(want.field);
    expect(await snapshot(hq.database.db)).toEqual(before);
  }

  it('entries of types head office does not project are parsed too: a bad field refuses the batch', async () => {
    const till = new TestTill('schema-1');
    const { token } = await enrolTill(hq.url, hq.database.db, 'qc-mtl', till);
    till.append('auth.login', { userId: ulidOf('clerk') });
    till.sales(2);
    // a login whose user id is not a ULID: no projection reads it, the schema does
    till.append('auth.login', { userId: 'clerk-1' });
    till.sales(1);
    await refusedUnchanged(till, token, { seq: 4, type: 'auth.login', field: 'userId' });
  });

  it('a field the schema does not name (strict), a mistyped nested field, an unknown type: ENTRY_INVALID', async () => {
    const a = new TestTill('schema-2');
    const ta = (await enrolTill(hq.url, hq.database.db, 'qc-mtl', a)).token;
    a.sales(1);
    const p = JSON.parse(a.sale(500).payload) as Record<string, unknown>;
    a.truncate(1);
    a.append('sale.completed', { ...p, loyaltyPoints: 5 });
    await refusedUnchanged(a, ta, { seq: 2, type: 'sale.completed', field: 'loyaltyPoints' });

    const b = new TestTill('schema-3');
    const tb = (await enrolTill(hq.url, hq.database.db, 'qc-mtl', b)).token;
    b.sales(2);
    const q = JSON.parse(b.sale(700).payload) as { lines: Record<string, unknown>[] };
    b.truncate(2);
    q.lines[0]!.quantity = 1.5;
    b.append('sale.completed', q);
    await refusedUnchanged(b, tb, { seq: 3, type: 'sale.completed', field: 'lines.0.quantity' });

    const c = new TestTill('schema-4');
    const tc = (await enrolTill(hq.url, hq.database.db, 'qc-mtl', c)).token;
    c.sales(1);
    c.append('note.added', { text: 'hello' });
    await refusedUnchanged(c, tc, { seq: 2, type: 'note.added', field: 'type' });
  });

  it('a journal of many entry types that all parse is stored whole', async () => {
    const till = new TestTill('schema-5');
    const { token } = await enrolTill(hq.url, hq.database.db, 'qc-mtl', till);
    till.append('auth.login', { userId: ulidOf('clerk') });
    till.openDrawer('ds-1');
    till.append('sale.opened', { saleId: ulidOf('open-1'), customerId: null });
    till.sale(1234, { method: 'cash' });
    till.append('drawer.paidIn', { movementId: ulidOf('m1'), amount: 500, reason: 'change' });
    till.closeDrawer('ds-1', { sales: 1234, refunds: 0 });
    till.append('auth.logout', { userId: ulidOf('clerk') });
    expect(await push(token, till.batch(1))).toMatchObject({ status: 200, body: { ackSeq: 7, stored: 7 } });
    const types = await query<{ type: string }>(
      hq.database.db,
      sql`SELECT type FROM entries WHERE store_id = 'qc-mtl' AND device_id = 'schema-5' ORDER BY seq`,
    );
    expect(types.map((t) => t.type)).toEqual([
      'auth.login',
      'drawer.opened',
      'sale.opened',
      'sale.completed',
      'drawer.paidIn',
      'drawer.closed',
      'auth.logout',
    ]);
  });
});
