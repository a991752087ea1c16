import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, createEnrolCode, createStore, revokeDevice } from '../../server/admin.ts';
import { type RunningServer, startServer } from '../../server/app.ts';
import { query } from '../../server/db.ts';
import { createAdmin, enrolTill } from './admin-helpers.ts';
import { BACKENDS } from './backends.ts';
import { call } from './http.ts';
import { snapshot } from './state.ts';
import { TestTill } from './till.ts';

interface AuditRow {
  store_id: string;
  actor: string;
  action: string;
  details: string;
}

describe.each(BACKENDS)('administration on $name', (backend) => {
  let hq: RunningServer;
  beforeAll(async () => {
    hq = await startServer({ ...(await backend.options()) });
  });
  afterAll(async () => {
    await hq?.close();
    await backend.cleanup();
  });
  const audit = () =>
    query<AuditRow>(hq.database.db, sql`SELECT store_id, actor, action, details FROM audit_log ORDER BY id`);

  it('every admin action writes an audit row (who, what, which store) in its own transaction; secrets never', async () => {
    const { db } = hq.database;
    await createStore(db, 'cli:marie', {
      storeId: 'qc-aud',
      name: 'Audit',
      currency: 'CAD',
      timeZone: 'America/Toronto',
    });
    await addUser(db, 'cli:marie', {
      username: 'paul',
      password: 'correct horse battery',
      stores: ['qc-aud'],
    });
    const { code } = await createEnrolCode(db, 'cli:marie', 'qc-aud');
    const till = new TestTill('aud-1');
    const r = await call(hq.url, 'POST', '/api/v1/enrol', {
      body: { code, deviceId: till.deviceId, tillName: 'Till 1', publicKeyPem: till.publicKeyPem },
    });
    expect(r.status).toBe(200);
    await revokeDevice(db, 'cli:marie', 'qc-aud', 'aud-1');
    const rows = await audit();
    expect(rows.map((a) => [a.store_id, a.actor, a.action])).toEqual([
      ['qc-aud', 'cli:marie', 'store.create'],
      ['*', 'cli:marie', 'user.add'],
      ['qc-aud', 'cli:marie', 'code.create'],
      ['qc-aud', 'device:aud-1', 'device.enrol'],
      ['qc-aud', 'cli:marie', 'device.revoke'],
    ]);
    const all = JSON.stringify(rows);
    expect(all).not.toContain('correct horse');
    expect(all).not.toContain(code.split('-').slice(-3).join('-'));
    expect(all).not.toContain((r.body as { token: string }).token.split('.')[1]);
    // a refused action leaves neither its change nor an audit row
    const before = await snapshot(db);
    await expect(
      createStore(db, 'cli:marie', { storeId: 'qc-aud', name: 'x', currency: 'CAD', timeZone: 'UTC' }),
    ).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(revokeDevice(db, 'cli:marie', 'qc-aud', 'nope')).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(await snapshot(db)).toEqual(before);
  });

  it('enrolment is rate-limited per address: the 4th attempt in a minute is RATE_LIMITED, even with a good code, and stores nothing; pushes are not limited', async () => {
    const rl = await startServer({ ...(await backend.options()), enrolPerMinute: 3 });
    try {
      const { db } = rl.database;
      await createAdmin(db, 'qc-rl');
      const { code } = await createEnrolCode(db, 'test', 'qc-rl');
      const till = new TestTill('rl-1');
      const body = (c: string) => ({
        code: c,
        deviceId: till.deviceId,
        tillName: 'x',
        publicKeyPem: till.publicKeyPem,
      });
      // a till enrolled with the first attempt keeps pushing: only enrolment is limited
      const other = new TestTill('rl-2');
      const { token } = await enrolTill(rl.url, db, 'qc-rl', other);
      for (const guess of ['qc-rl-AAAA-AAAA-AAAA', 'qc-rl-AAAA-AAAA-AAAB']) {
        const r = await call(rl.url, 'POST', '/api/v1/enrol', { body: body(guess) });
        expect(r).toMatchObject({ status: 400, body: { code: 'ENROL_CODE_INVALID' } });
      }
      const before = await snapshot(db);
      const r = await call(rl.url, 'POST', '/api/v1/enrol', { body: body(code) });
      expect(r).toMatchObject({ status: 429, body: { code: 'RATE_LIMITED' } });
      expect(await snapshot(db)).toEqual(before);
      other.sales(2);
      for (let i = 0; i < 5; i++)
        expect((await call(rl.url, 'POST', '/api/v1/push', { token, body: other.batch(1) })).status).toBe(
          200,
        );
    } finally {
      await rl.close();
    }
  });
});
