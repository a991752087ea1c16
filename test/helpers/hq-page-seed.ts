import { addUser, createEnrolCode, createStore } from '../../server/admin.ts';
import type { RunningServer } from '../../server/app.ts';
import type { EnrolResponse } from '../../shared/sync/protocol.ts';
import { call } from '../server/http.ts';
import { TestTill } from '../server/till.ts';

/**
 * A head office with something to show, built through its real HTTP API: two stores, four tills
 * that pushed their journals (sales over two weeks, a sealed Z a day), one of which later forked,
 * one whose ledger was rewritten (tail deleted) and one silent for three days; two page users,
 * one who sees every store and one who sees Québec only.
 */
export const PAGE_PASSWORD = 'correct horse battery';
export const SEED_NOW = new Date('2026-11-30T21:00:00Z');

export interface Seeded {
  stores: { mtl: string; que: string };
  users: { all: string; que: string };
  tills: { mtl1: TestTill; mtl2: TestTill; que1: TestTill; que2: TestTill };
  /** minor units per store and business day, as pushed */
  salesByDay: Record<string, Record<string, { n: number; total: number }>>;
}

async function enrol(hq: RunningServer, storeId: string, till: TestTill, tillName: string): Promise<string> {
  const { code } = await createEnrolCode(hq.database.db, 'seed', storeId);
  const r = await call<EnrolResponse>(hq.url, 'POST', '/api/v1/enrol', {
    body: { code, deviceId: till.deviceId, tillName, publicKeyPem: till.publicKeyPem },
  });
  if (r.status !== 200) throw new Error(`enrol: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.token;
}

async function push(hq: RunningServer, token: string, till: TestTill, from = 1): Promise<number> {
  const r = await call(hq.url, 'POST', '/api/v1/push', { token, body: till.batch(from) });
  return r.status;
}

/** `clock.now` is what the server's `now` returns; the seed moves it and leaves it at SEED_NOW. */
export async function seedHeadOffice(hq: RunningServer, clock: { now: Date }): Promise<Seeded> {
  const db = hq.database.db;
  const stores = { mtl: 'qc-mtl', que: 'qc-que' };
  await createStore(db, 'seed', {
    storeId: stores.mtl,
    name: 'Montréal — Plateau',
    currency: 'CAD',
    timeZone: 'America/Toronto',
  });
  await createStore(db, 'seed', {
    storeId: stores.que,
    name: 'Québec — Limoilou',
    currency: 'CAD',
    timeZone: 'America/Toronto',
  });
  const users = { all: 'marie', que: 'luc' };
  await addUser(db, 'seed', { username: users.all, password: PAGE_PASSWORD, stores: '*' });
  await addUser(db, 'seed', { username: users.que, password: PAGE_PASSWORD, stores: [stores.que] });

  const salesByDay: Seeded['salesByDay'] = { [stores.mtl]: {}, [stores.que]: {} };
  const day0 = Date.parse('2026-11-17T13:00:00Z');
  /** `days` business days of trade: a drawer, a few sales, a sealed Z each day */
  const trade = (storeId: string, till: TestTill, days: number, first: number, seed: number) => {
    for (let d = 0; d < days; d++) {
      const at = day0 + (first + d) * 86_400_000;
      const businessDate = new Date(at).toISOString().slice(0, 10);
      const wait =
        at - Date.parse(till.head.seq ? till.entries[till.entries.length - 1]!.at : '2026-11-16T13:00:00Z');
      if (wait > 0) till.wait(wait);
      till.openDrawer(`s${d}`);
      let total = 0;
      const n = 3 + ((d * 7 + seed) % 6);
      for (let i = 0; i < n; i++) {
        const amount = 1500 + ((d * 131 + i * 977 + seed * 53) % 9000);
        till.sale(amount, { businessDate, method: i % 3 ? 'card' : 'cash' });
        total += amount;
        till.wait(20 * 60_000);
      }
      const byDay = salesByDay[storeId]!;
      const cell = byDay[businessDate] ?? { n: 0, total: 0 };
      byDay[businessDate] = cell;
      cell.n += n;
      cell.total += total;
      till.wait(6 * 3_600_000);
      till.closeDrawer(`s${d}`, { sales: total, refunds: 0 });
    }
  };

  const mtl1 = new TestTill('mtl-1');
  const mtl2 = new TestTill('mtl-2');
  const que1 = new TestTill('que-1');
  const que2 = new TestTill('que-2');

  clock.now = new Date('2026-11-27T18:00:00Z');
  const tQue1 = await enrol(hq, stores.que, que1, 'Caisse 1');
  trade(stores.que, que1, 10, 0, 3);
  await push(hq, tQue1, que1); // then nothing for three days: silent

  clock.now = SEED_NOW;
  const tMtl1 = await enrol(hq, stores.mtl, mtl1, 'Caisse 1');
  const tMtl2 = await enrol(hq, stores.mtl, mtl2, 'Caisse 2');
  const tQue2 = await enrol(hq, stores.que, que2, 'Caisse 2');
  trade(stores.mtl, mtl1, 14, 0, 1);
  trade(stores.mtl, mtl2, 12, 2, 2);
  trade(stores.que, que2, 8, 6, 4);
  for (const [t, tok] of [
    [mtl1, tMtl1],
    [mtl2, tMtl2],
    [que2, tQue2],
  ] as const)
    if ((await push(hq, tok, t)) !== 200) throw new Error(`push of ${t.deviceId} refused`);
  // mtl1 has two more sales head office has not received yet: it reported them as pending
  mtl1.sale(2500);
  mtl1.sale(4100);
  await call(hq.url, 'POST', '/api/v1/push', {
    token: tMtl1,
    body: { ...mtl1.batch(mtl1.head.seq + 1), pending: 2 },
  });

  // mtl2: a restored backup that kept selling — another entry at a seq head office holds
  const forkAt = mtl2.head.seq - 3;
  mtl2.truncate(forkAt - 1);
  mtl2.sale(999);
  mtl2.sale(1999);
  mtl2.sale(2999);
  mtl2.sale(3999);
  mtl2.sale(4999); // its head now beyond what head office acknowledged: a branch, not a cut
  if ((await push(hq, tMtl2, mtl2, forkAt)) !== 409) throw new Error('the fork was not refused');

  // que2: its journal tail deleted
  const acked = que2.head.seq;
  que2.truncate(acked - 5);
  if ((await push(hq, tQue2, que2, que2.head.seq)) !== 409) throw new Error('the rewrite was not refused');

  clock.now = SEED_NOW;
  return { stores, users, tills: { mtl1, mtl2, que1, que2 }, salesByDay };
}
