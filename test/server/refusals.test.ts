import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEnrolCode } from '../../server/admin.ts';
import { type RunningServer, startServer } from '../../server/app.ts';
import { query } from '../../server/db.ts';
import { SYNC_LIMITS } from '../../shared/sync/protocol.ts';
import { createAdmin, enrolTill } from './admin-helpers.ts';
import { BACKENDS } from './backends.ts';
import { call } from './http.ts';
import { snapshot } from './state.ts';
import { rechain, TestTill } from './till.ts';

/**
 * Every refusal of head office: a typed error with its stable code, and nothing stored
 * (the whole database compared before and after), on PGlite and on PostgreSQL.
 */
describe.each(BACKENDS)('refusals on $name', (backend) => {
  let hq: RunningServer;
  let clock = new Date('2026-11-30T12:00:00Z');
  const push = (token: string, body: unknown) => call(hq.url, 'POST', '/api/v1/push', { token, body });

  beforeAll(async () => {
    hq = await startServer({ ...(await backend.options()), now: () => clock, enrolPerMinute: 1000 });
    await createAdmin(hq.database.db, 'qc-mtl');
    await createAdmin(hq.database.db, 'fr-lyon');
  });
  afterAll(async () => {
    await hq?.close();
    await backend.cleanup();
  });

  async function unchanged(fn: () => Promise<void>, without?: string[]) {
    const before = await snapshot(hq.database.db, { without });
    await fn();
    expect(await snapshot(hq.database.db, { without })).toEqual(before);
  }

  it('a token reaches only its own store and device; wrong tokens are UNAUTHENTICATED', async () => {
    const a = new TestTill('mtl-1');
    const b = new TestTill('lyon-1');
    const ta = (await enrolTill(hq.url, hq.database.db, 'qc-mtl', a)).token;
    const tb = (await enrolTill(hq.url, hq.database.db, 'fr-lyon', b)).token;
    a.sales(3);
    b.sales(2);
    expect((await push(ta, a.batch(1))).status).toBe(200);
    await unchanged(async () => {
      // Lyon's token pushing Montréal's till: the batch names another device
      const r = await push(tb, a.batch(1));
      expect(r).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
      // a forged token naming Montréal's store with Lyon's secret
      const forged = `qc-mtl.${tb.split('.')[1]}`;
      expect((await push(forged, b.batch(1))).body).toMatchObject({ code: 'UNAUTHENTICATED' });
      expect((await push(`${ta}x`, a.batch(1))).body).toMatchObject({ code: 'UNAUTHENTICATED' });
      expect((await call(hq.url, 'POST', '/api/v1/push', { body: a.batch(1) })).status).toBe(401);
      expect(
        (await call(hq.url, 'GET', '/api/v1/status', { token: 'nope.nopenopenopenopenopenope' })).status,
      ).toBe(401);
    });
    // Lyon's status shows Lyon's device only
    const st = await call(hq.url, 'GET', '/api/v1/status', { token: tb });
    expect(st.body).toMatchObject({ storeId: 'fr-lyon', deviceId: 'lyon-1', ackSeq: 0 });
  });

  it('enrolment codes: unknown, expired, reused are refused with their code; a code is single use under a race', async () => {
    const till = new TestTill('enrol-1');
    const body = (code: string, t = till) => ({
      code,
      deviceId: t.deviceId,
      tillName: 'x',
      publicKeyPem: t.publicKeyPem,
    });
    const { code } = await createEnrolCode(hq.database.db, 'test', 'qc-mtl', { ttlMinutes: 10, now: clock });
    const expired = await createEnrolCode(hq.database.db, 'test', 'qc-mtl', { ttlMinutes: 1, now: clock });
    clock = new Date(clock.getTime() + 2 * 60_000);
    await unchanged(async () => {
      const r1 = await call(hq.url, 'POST', '/api/v1/enrol', { body: body('qc-mtl-AAAA-BBBB-CCCC') });
      expect(r1).toMatchObject({ status: 400, body: { code: 'ENROL_CODE_INVALID' } });
      const r2 = await call(hq.url, 'POST', '/api/v1/enrol', { body: body(expired.code) });
      expect(r2).toMatchObject({ status: 400, body: { code: 'ENROL_CODE_EXPIRED' } });
      const r3 = await call(hq.url, 'POST', '/api/v1/enrol', {
        body: { ...body(code), publicKeyPem: 'garbage' },
      });
      expect(r3).toMatchObject({ status: 400, body: { code: 'VALIDATION' } });
    });
    // two tills race with one code: exactly one wins
    const other = new TestTill('enrol-2');
    const [x, y] = await Promise.all([
      call(hq.url, 'POST', '/api/v1/enrol', { body: body(code) }),
      call(hq.url, 'POST', '/api/v1/enrol', { body: body(code, other) }),
    ]);
    expect([x.status, y.status].sort()).toEqual([200, 400]);
    expect([x.body.code, y.body.code].filter(Boolean)).toEqual(['ENROL_CODE_USED']);
    const again = await call(hq.url, 'POST', '/api/v1/enrol', { body: body(code, other) });
    expect(again.body).toMatchObject({ code: 'ENROL_CODE_USED' });
    // the token is stored hashed: its text appears nowhere in the database
    const winner = (x.status === 200 ? x : y).body as { token: string };
    const rows = await query<{ n: number }>(
      hq.database.db,
      sql`SELECT count(*)::int AS n FROM devices WHERE token_hash = ${winner.token} OR token_hash LIKE ${`%${winner.token.split('.')[1]}%`}`,
    );
    expect(rows[0]!.n).toBe(0);
    const audit = await query<{ action: string }>(
      hq.database.db,
      sql`SELECT action FROM audit_log WHERE store_id = 'qc-mtl' AND action = 'device.enrol'`,
    );
    expect(audit.length).toBeGreaterThanOrEqual(2);
  });

  it('malformed, oversized and unparsable batches: typed errors, nothing stored', async () => {
    const till = new TestTill('bad-1');
    const { token } = await enrolTill(hq.url, hq.database.db, 'qc-mtl', till);
    till.sales(5);
    await unchanged(async () => {
      expect((await call(hq.url, 'POST', '/api/v1/push', { token, raw: '{"deviceId":' })).body).toMatchObject(
        {
          code: 'VALIDATION',
        },
      );
      const noHead = await push(token, { deviceId: till.deviceId, entries: [] });
      expect(noHead).toMatchObject({ status: 400, body: { code: 'VALIDATION' } });
      expect(JSON.stringify(noHead.body)).toContain('head');
      // too many entries
      const many = {
        ...till.batch(1),
        entries: Array.from({ length: SYNC_LIMITS.maxEntries + 1 }, () => till.entries[0]),
      };
      expect(await push(token, many)).toMatchObject({ status: 413, body: { code: 'BATCH_TOO_LARGE' } });
      // too many bytes
      const fat = { ...till.batch(1), pad: 'x'.repeat(SYNC_LIMITS.maxBodyBytes) };
      expect(await push(token, fat)).toMatchObject({ status: 413, body: { code: 'BATCH_TOO_LARGE' } });
      // a hash that does not match its entry
      const broken = till.batch(1);
      broken.entries[2] = { ...broken.entries[2]!, actor: 'someone-else' };
      expect(await push(token, broken)).toMatchObject({
        status: 422,
        body: { code: 'CHAIN_BROKEN', details: { seq: 3 } },
      });
      // an entry of the chain missing inside the batch
      const holed = till.batch(1);
      holed.entries.splice(1, 1);
      expect((await push(token, holed)).body).toMatchObject({ code: 'CHAIN_BROKEN', details: { seq: 2 } });
    });
    // an entry that does not parse, hashed correctly (a till with a bug): ENTRY_INVALID, nothing of the batch
    const bad = new TestTill('bad-2');
    const t2 = (await enrolTill(hq.url, hq.database.db, 'qc-mtl', bad)).token;
    bad.sales(2);
    bad.append('sale.completed', { saleId: 's', receiptNumber: 'three', total: 5 });
    bad.append('note', { x: 1 });
    await unchanged(async () => {
      const r = await push(t2, bad.batch(1));
      expect(r).toMatchObject({
        status: 422,
        body: { code: 'ENTRY_INVALID', details: { seq: 3, type: 'sale.completed' } },
      });
      expect(JSON.stringify(r.body)).toContain('receiptNumber');
    });
    // a payload that is not canonical JSON (spaces) cannot be what a till hashed
    const nc = new TestTill('bad-3');
    const t3 = (await enrolTill(hq.url, hq.database.db, 'qc-mtl', nc)).token;
    nc.sales(1);
    nc.entries[0] = { ...nc.entries[0]!, payload: nc.entries[0]!.payload.replace('{', '{ ') };
    rechain(nc.entries, 0);
    await unchanged(async () => {
      expect((await push(t3, nc.batch(1))).body).toMatchObject({
        code: 'ENTRY_INVALID',
        details: { seq: 1 },
      });
    });
  });

  it('a gap asks for a resend from the right seq; then the rest is stored', async () => {
    const till = new TestTill('gap-1');
    const { token } = await enrolTill(hq.url, hq.database.db, 'qc-mtl', till);
    till.sales(10);
    expect((await push(token, till.batch(1, 4))).body).toMatchObject({ ackSeq: 4, stored: 4 });
    await unchanged(async () => {
      const r = await push(token, till.batch(7));
      expect(r).toMatchObject({
        status: 409,
        body: { code: 'GAP', details: { resendFrom: 5, ackSeq: 4, ackHash: till.entries[3]!.hash } },
      });
    });
    // overlapping resend (3..10): the known part is skipped, the rest stored
    expect((await push(token, till.batch(3))).body).toEqual({
      ackSeq: 10,
      ackHash: till.head.hash,
      stored: 6,
    });
    const n = await query<{ n: number }>(
      hq.database.db,
      sql`SELECT count(*)::int AS n FROM entries WHERE store_id = 'qc-mtl' AND device_id = 'gap-1'`,
    );
    expect(n[0]!.n).toBe(10);
  });

  it('a fork (same seq, another hash) is refused with 409 FORK and alerted; nothing of it stored', async () => {
    const till = new TestTill('fork-1');
    const { token } = await enrolTill(hq.url, hq.database.db, 'qc-mtl', till);
    till.sales(6);
    expect((await push(token, till.batch(1))).status).toBe(200);
    // a restored backup at seq 4 that kept selling: seqs 5.. differ
    const clone = new TestTill('fork-1');
    clone.entries.push(...till.entries.slice(0, 4));
    clone.sale(9999);
    clone.sale(8888);
    clone.sale(7777);
    await unchanged(async () => {
      const r = await push(token, clone.batch(5));
      expect(r).toMatchObject({
        status: 409,
        body: {
          code: 'FORK',
          details: { seq: 5, heldHash: till.entries[4]!.hash, sentHash: clone.entries[4]!.hash },
        },
      });
    }, ['alerts', 'devices']);
    const al = await query<{ kind: string; seq: number }>(
      hq.database.db,
      sql`SELECT kind, seq FROM alerts WHERE store_id = 'qc-mtl' AND device_id = 'fork-1'`,
    );
    expect(al).toEqual([{ kind: 'FORK', seq: 5 }]);
    const st = await call(hq.url, 'GET', '/api/v1/status', { token });
    expect(st.body).toMatchObject({ ackSeq: 6, refused: 'FORK' });
  });

  it('a rewritten ledger (tail deleted; re-chained below the ack) is refused and alerted', async () => {
    const till = new TestTill('rw-1');
    const { token } = await enrolTill(hq.url, hq.database.db, 'qc-mtl', till);
    till.sales(8);
    expect((await push(token, till.batch(1))).status).toBe(200);
    // tail deleted: the till's journal is now shorter than the ack
    const cut = new TestTill('rw-1');
    cut.entries.push(...till.entries.slice(0, 5));
    await unchanged(async () => {
      const r = await push(token, cut.batch(6));
      expect(r).toMatchObject({
        status: 409,
        body: { code: 'LEDGER_REWRITTEN', details: { ackSeq: 8, tillSeq: 5, seq: 6 } },
      });
    }, ['alerts', 'devices']);
    // another till: an entry edited at seq 3 and everything re-chained, then grown past the ack
    const t2 = new TestTill('rw-2');
    const tok2 = (await enrolTill(hq.url, hq.database.db, 'qc-mtl', t2)).token;
    t2.sales(6);
    expect((await push(tok2, t2.batch(1))).status).toBe(200);
    const p = JSON.parse(t2.entries[2]!.payload);
    p.total = 1;
    t2.entries[2] = { ...t2.entries[2]!, payload: JSON.stringify(p, Object.keys(p).sort()) };
    rechain(t2.entries, 2);
    t2.sales(2);
    await unchanged(async () => {
      const r = await push(tok2, t2.batch(7));
      expect(r).toMatchObject({
        status: 409,
        body: { code: 'LEDGER_REWRITTEN', details: { ackSeq: 6, seq: 6 } },
      });
    }, ['alerts', 'devices']);
    const al = await query<{ device_id: string; kind: string }>(
      hq.database.db,
      sql`SELECT device_id, kind FROM alerts WHERE store_id = 'qc-mtl' AND device_id LIKE 'rw-%' ORDER BY device_id`,
    );
    expect(al).toEqual([
      { device_id: 'rw-1', kind: 'LEDGER_REWRITTEN' },
      { device_id: 'rw-2', kind: 'LEDGER_REWRITTEN' },
    ]);
  });

  it("a Z whose seal does not hold under the till's registered key is SIGNATURE_INVALID; a good one is stored as verified", async () => {
    const till = new TestTill('seal-1');
    const { token } = await enrolTill(hq.url, hq.database.db, 'qc-mtl', till);
    till.openDrawer('ds-1');
    till.sale(2500, { method: 'cash' });
    till.closeDrawer('ds-1', { sales: 2500, refunds: 0 });
    expect((await push(token, till.batch(1))).status).toBe(200);
    const z = await query<{ seal: string; sales_total: number }>(
      hq.database.db,
      sql`SELECT seal, sales_total::int FROM z_reports WHERE store_id = 'qc-mtl' AND device_id = 'seal-1'`,
    );
    expect(z).toEqual([{ seal: 'verified', sales_total: 2500 }]);
    // a figure changed after signing (chain recomputed, the signature cannot be)
    till.openDrawer('ds-2');
    till.closeDrawer('ds-2', { sales: 0, refunds: 0 }, (pl) => {
      pl.salesTotal = 100;
    });
    await unchanged(async () => {
      expect(await push(token, till.batch(4))).toMatchObject({
        status: 422,
        body: { code: 'SIGNATURE_INVALID', details: { seq: 5 } },
      });
    });
  });
});
