import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type HarnessTill,
  type HeadOffice,
  makeTill,
  startHeadOffice,
  untilSynced,
  verifyConverged,
} from '../helpers/sync-harness.ts';
import { BACKENDS } from '../server/backends.ts';

/**
 * Three tills in two stores and one head office, on PGlite and on PostgreSQL: each till enrols
 * from its settings command, sells while head office is away (stopped), head office comes back
 * on the same database, the tills' background workers push on their own, and both sides agree
 * entry for entry, and in counts and totals.
 */
describe.each(BACKENDS)('multi-till harness on $name', (backend) => {
  let hq: HeadOffice;
  let tills: HarnessTill[] = [];
  const storeOf = new Map<HarnessTill, string>();

  beforeAll(async () => {
    hq = await startHeadOffice(backend);
  });
  afterAll(async () => {
    for (const t of tills) await t.close();
    await hq?.close();
    await backend.cleanup();
  });

  it('enrol, sell online, sell offline, reconnect: every entry once, figures equal', {
    timeout: 150_000,
  }, async () => {
    tills = [makeTill('Caisse 1'), makeTill('Caisse 2'), makeTill('Caisse 3')];
    const stores = ['qc-mtl', 'qc-mtl', 'qc-qbc'];
    for (const [i, t] of tills.entries()) {
      storeOf.set(t, stores[i]!);
      t.work(15, 100 + i); // before enrolment: a store that ran standalone first
      t.start();
      expect(t.status().state).toBe('standalone');
      const s = await t.enrol(hq.url, await hq.code(stores[i]!));
      expect(s.enrolled).toBe(true);
      expect(s.storeId).toBe(stores[i]);
    }
    for (const [i, t] of tills.entries()) t.work(20, 200 + i);
    await untilSynced(tills);
    for (const t of tills) await verifyConverged(hq, t, storeOf.get(t)!);

    // head office goes away; the tills keep selling
    const port = new URL(hq.url).port;
    await hq.server.app.close();
    for (const [i, t] of tills.entries()) {
      t.work(30, 300 + i);
      t.closeDrawer();
      t.work(30, 400 + i);
    }
    await new Promise((r) => setTimeout(r, 300));
    for (const t of tills) {
      const s = t.status();
      expect(s.state).toBe('offline');
      expect(s.pending).toBeGreaterThan(0);
    }
    // back on the same port and database
    const { buildApp } = await import('../../server/app.ts');
    const app = await buildApp(hq.server.database);
    await app.listen({ port: Number(port), host: '127.0.0.1' });
    (hq.server as { app: typeof app }).app = app;
    await untilSynced(tills);
    for (const t of tills) {
      const { till, headOffice } = await verifyConverged(hq, t, storeOf.get(t)!);
      expect(headOffice).toEqual(till);
      expect(till.entries).toBeGreaterThan(95);
      expect(Object.keys(till.sales).length).toBeGreaterThan(0);
      expect(till.zReports).toBeGreaterThan(0);
    }
  });
});
