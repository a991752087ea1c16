import { getTableConfig, type PgTable } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, createEnrolCode, revokeDevice } from '../../server/admin.ts';
import { type RunningServer, startServer } from '../../server/app.ts';
import { applyMasterEdits, editMaster } from '../../server/master-data.ts';
import * as schema from '../../server/schema.ts';
import { createAdmin, enrolTill } from './admin-helpers.ts';
import { BACKENDS } from './backends.ts';
import { call } from './http.ts';
import { REFERENCE, storeProblem } from './store-queries.ts';
import { rechain, TestTill } from './till.ts';

/**
 * Every table is keyed by store and every query the server sends names ONE store, so that a head
 * office outgrowing one PostgreSQL distributes by store_id (Citus; docs/head-office.md). The
 * tables are read from server/schema.ts; the queries are every SQL statement the server sent
 * while tills enrolled, pushed (new, resent, gap, fork, rewritten), asked their status, and an
 * administrator made codes and revoked a till.
 */

const tables = (Object.values(schema) as unknown[])
  .filter((v) => typeof v === 'object' && v !== null && Symbol.for('drizzle:IsDrizzleTable') in v)
  .map((t) => getTableConfig(t as PgTable));

describe('tables', () => {
  it('every table but the reference tables has store_id first in its primary key', () => {
    expect(tables.length).toBeGreaterThan(10);
    const distributed = tables.filter((t) => !REFERENCE.has(t.name));
    for (const t of distributed) {
      const pk =
        t.primaryKeys[0]?.columns.map((c) => c.name) ?? t.columns.filter((c) => c.primary).map((c) => c.name);
      expect([t.name, pk[0]]).toEqual([t.name, 'store_id']);
      // unique indexes must contain the distribution column too (Citus refuses them otherwise)
      for (const i of t.indexes)
        if (i.config.unique)
          expect([t.name, i.config.columns.map((c) => ('name' in c ? c.name : ''))]).toEqual([
            t.name,
            expect.arrayContaining(['store_id']),
          ]);
    }
    expect(new Set(tables.map((t) => t.name))).toEqual(
      new Set([...distributed.map((t) => t.name), ...REFERENCE]),
    );
  });
});

describe('storeProblem', () => {
  it('tells a single-store statement from the others', () => {
    expect(
      storeProblem('select "seq" from "entries" where ("entries"."store_id" = $1 and "seq" = $2)'),
    ).toBeNull();
    expect(storeProblem('select "seq" from "entries" where "entries"."device_id" = $1')).toMatch(
      /without store_id/,
    );
    expect(storeProblem('select count(*) from "sales"')).toMatch(/without a where/);
    expect(storeProblem('insert into "sales" ("device_id", "sale_id") values ($1, $2)')).toMatch(
      /without store_id/,
    );
    expect(storeProblem('insert into "sales" ("store_id", "sale_id") values ($1, $2)')).toBeNull();
    expect(storeProblem('select 1 from "sales" join "payments" on true where "store_id" = $1')).toMatch(
      /in one/,
    );
    expect(storeProblem('select 1 from "stores"')).toBeNull();
  });
});

const AT = '2026-12-03T12:00:00.000Z';

describe.each(BACKENDS)('queries on $name', (backend) => {
  let hq: RunningServer;
  const sent: string[] = [];
  beforeAll(async () => {
    hq = await startServer({ ...(await backend.options()), onQuery: (q) => sent.push(q) });
  });
  afterAll(async () => {
    await hq?.close();
    await backend.cleanup();
  });

  it('every statement the server sends names one store', async () => {
    const { db } = hq.database;
    await createAdmin(db, 'qc-mtl');
    await createAdmin(db, 'fr-lyon');
    sent.length = 0;
    const push = (token: string, body: unknown) => call(hq.url, 'POST', '/api/v1/push', { token, body });
    const a = new TestTill('k-a');
    const b = new TestTill('k-b');
    const ta = (await enrolTill(hq.url, db, 'qc-mtl', a)).token;
    const tb = (await enrolTill(hq.url, db, 'fr-lyon', b)).token;
    a.openDrawer('ds-1');
    a.sales(5);
    a.closeDrawer('ds-1', { sales: 5010, refunds: 0 });
    expect((await push(ta, a.batch(1, 4))).status).toBe(200);
    expect((await push(ta, a.batch(7))).status).toBe(409); // gap
    expect((await push(ta, a.batch(2))).status).toBe(200); // overlap resend
    expect((await push(ta, a.batch(1))).status).toBe(200); // resend
    b.sales(3);
    expect((await push(tb, b.batch(1))).status).toBe(200);
    expect((await call(hq.url, 'GET', '/api/v1/status', { token: tb })).status).toBe(200);
    // master data edited at head office and by a till (a value that loses), then the change feed
    await editMaster(db, 'test', 'qc-mtl', { entity: 'product', id: 'p-1', fields: { price: 100 } });
    await db.transaction((tx) =>
      applyMasterEdits(
        tx,
        'qc-mtl',
        [{ entity: 'product', id: 'p-1', fields: { price: 90 }, origin: 'till:k-a#9' }],
        AT,
      ),
    );
    expect((await call(hq.url, 'GET', '/api/v1/feed?after=0', { token: ta })).status).toBe(200);
    expect((await call(hq.url, 'GET', '/api/v1/feed?after=1&limit=1', { token: tb })).status).toBe(200);
    const fork = new TestTill('k-b');
    fork.entries.push(...b.entries.slice(0, 1));
    fork.sale(1);
    fork.sale(2);
    fork.sale(3);
    expect((await push(tb, fork.batch(2))).body).toMatchObject({ code: 'FORK' });
    const c = new TestTill('k-c');
    const tc = (await enrolTill(hq.url, db, 'qc-mtl', c)).token;
    c.sales(4);
    expect((await push(tc, c.batch(1))).status).toBe(200);
    rechain(c.entries, 1);
    c.entries[2] = { ...c.entries[2]!, at: '2026-01-01T00:00:00.000Z' };
    rechain(c.entries, 2);
    c.sales(1);
    expect((await push(tc, c.batch(5))).body).toMatchObject({ code: 'LEDGER_REWRITTEN' });
    await createEnrolCode(db, 'test', 'fr-lyon');
    await revokeDevice(db, 'test', 'qc-mtl', 'k-a');
    expect((await push(ta, a.batch(1))).status).toBe(401);
    // the head-office page: sign-in, then every store the user sees, one store at a time
    await addUser(db, 'test', { username: 'marie', password: 'long enough password', stores: '*' });
    const signIn = await fetch(`${hq.url}/hq/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'username=marie&password=long+enough+password',
    });
    expect(signIn.status).toBe(303);
    const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
    const page = await fetch(`${hq.url}/hq/`, { headers: { cookie } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('fr-lyon');

    const problems = sent.map((q) => [q, storeProblem(q)]).filter(([, p]) => p !== null);
    expect(problems).toEqual([]);
    // the scenario reached every distributed table it writes (a check over nothing proves nothing)
    const reached = new Set(
      sent.flatMap((q) => [...q.matchAll(/(?:from|into|update) "([a-z_]+)"/g)].map((m) => m[1])),
    );
    for (const t of [
      'devices',
      'enrol_codes',
      'entries',
      'sales',
      'payments',
      'drawer_sessions',
      'z_reports',
      'alerts',
      'audit_log',
      'master_records',
      'master_seq',
      'master_history',
    ])
      expect([t, reached.has(t)]).toEqual([t, true]);
  });
});
